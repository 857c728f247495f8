import { sendResult, validate } from '@sightline/http-kit';
import { PLANS } from '@sightline/principal';
import type { Express } from 'express';
import { z } from 'zod';
import type { Organizations } from '../use-cases/organizations.js';
import { principalOf } from './principal.js';
import { organizationView } from './views.js';

const settings = z
  .object({
    max_users: z.number().int().min(1).max(1_000_000),
    data_retention_days: z.number().int().min(1).max(36_500),
    ai_model_access: z.array(z.string().min(1).max(100)).max(50),
    hourly_quota: z.number().int().min(1).max(100_000_000),
  })
  .partial()
  .strict();

const createBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    domain: z
      .string()
      .trim()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name')
      .optional(),
    plan: z.enum(PLANS).default('free'),
    settings: settings.optional(),
  })
  .strict();

/** `/api/v1/organizations*` (platform dialect). */
export function registerOrganizationRoutes(
  app: Express,
  deps: { organizations: Organizations; secret: string },
): void {
  app.post('/api/v1/organizations', async (req, res) => {
    const body = validate(createBody, req.body);
    const organization = await deps.organizations.create(principalOf(req, deps.secret), {
      name: body.name,
      plan: body.plan,
      ...(body.domain ? { domain: body.domain } : {}),
      ...(body.settings ? { settings: body.settings } : {}),
    });
    sendResult(
      req,
      res,
      organizationView(organization, { current_users: 0, data_storage_gb: 0, api_calls_month: 0 }),
      {
        status: 201,
        message: 'Organization created',
      },
    );
  });

  app.get('/api/v1/organizations/:id', async (req, res) => {
    const { organization, usage } = await deps.organizations.get(
      principalOf(req, deps.secret),
      String(req.params.id),
    );
    sendResult(req, res, organizationView(organization, usage));
  });
}
