import { sendResult, validate } from '@sightline/http-kit';
import { platformPage, skipFor } from '@sightline/mongo';
import { ROLES } from '@sightline/principal';
import type { Express } from 'express';
import { z } from 'zod';
import { type Organization, splitName } from '../domain/model.js';
import type { Users } from '../use-cases/users.js';
import { announceRevoked, principalOf } from './principal.js';
import { meView, userView } from './views.js';

const name = z.string().trim().max(100);
const preferences = z
  .object({
    theme: z.enum(['light', 'dark']),
    language: z.string().min(2).max(10),
    timezone: z.string().min(1).max(64),
  })
  .partial()
  .strict();

const createBody = z
  .object({
    email: z.string().trim().email().max(254),
    username: z.string().trim().min(1).max(64).optional(),
    password: z.string().max(256).optional(),
    first_name: name.optional(),
    last_name: name.optional(),
    role: z.enum(ROLES).default('user'),
    organization: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

const updateBody = z
  .object({
    email: z.string().trim().email().max(254),
    username: z.string().trim().min(1).max(64),
    first_name: name,
    last_name: name,
    preferences,
    role: z.enum(ROLES),
    status: z.enum(['active', 'disabled']),
    organization: z.string(),
    organization_id: z.string(),
  })
  .partial()
  .strict();

const meBody = z
  .object({ name: z.string().trim().min(1).max(200), email: z.string().trim().email().max(254) })
  .partial()
  .strict();

/** Platform pagination: `page` ≥ 1, `limit` 1–100 (out of range is an error, not clamped). */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const listQuery = pageQuery.extend({
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'invited', 'disabled']).optional(),
  organization: z.string().min(1).max(200).optional(),
});

/** `/api/v1/users*` (platform) and `/v1/users/me` (v1). */
export function registerUserRoutes(app: Express, deps: { users: Users; secret: string }): void {
  const { users, secret } = deps;

  app.post('/api/v1/users', async (req, res) => {
    const body = validate(createBody, req.body);
    const { user, organization, invitationToken } = await users.create(principalOf(req, secret), {
      email: body.email,
      role: body.role,
      ...(body.username ? { username: body.username } : {}),
      ...(body.password !== undefined ? { password: body.password } : {}),
      ...(body.first_name !== undefined ? { firstName: body.first_name } : {}),
      ...(body.last_name !== undefined ? { lastName: body.last_name } : {}),
      ...(body.organization ? { organization: body.organization } : {}),
    });
    sendResult(
      req,
      res,
      { ...userView(user, organization), ...(invitationToken ? { invitation_token: invitationToken } : {}) },
      { status: 201, message: invitationToken ? 'User invited' : 'User created' },
    );
  });

  app.get('/api/v1/users', async (req, res) => {
    const principal = principalOf(req, secret);
    const query = validate(listQuery, req.query);
    const page = { page: query.page, size: query.limit };
    const { items, total } = await users.list(principal, query, skipFor(page), page.size);
    // One lookup per organization on the page (a platform admin's list can span several).
    const organizations = new Map<string, Promise<Organization>>();
    const organizationOf = (id: string) => {
      let found = organizations.get(id);
      if (!found) {
        found = users.organizationFor({ ...principal, pa: true }, id);
        organizations.set(id, found);
      }
      return found;
    };
    const views = await Promise.all(
      items.map(async (u) => userView(u, await organizationOf(u.organizationId))),
    );
    sendResult(req, res, platformPage('users', views, total, page));
  });

  app.get('/api/v1/users/:id', async (req, res) => {
    const { user, organization } = await users.get(principalOf(req, secret), String(req.params.id));
    sendResult(req, res, userView(user, organization, true));
  });

  app.put('/api/v1/users/:id', async (req, res) => {
    const body = validate(updateBody, req.body);
    const { user, organization, revokedSessions } = await users.update(
      principalOf(req, secret),
      String(req.params.id),
      {
        ...(body.email !== undefined ? { email: body.email } : {}),
        ...(body.username !== undefined ? { username: body.username } : {}),
        ...(body.first_name !== undefined ? { firstName: body.first_name } : {}),
        ...(body.last_name !== undefined ? { lastName: body.last_name } : {}),
        ...(body.preferences ? { preferences: body.preferences } : {}),
        ...(body.role ? { role: body.role } : {}),
        ...(body.status ? { status: body.status } : {}),
        ...(body.organization !== undefined || body.organization_id !== undefined
          ? { organization: body.organization ?? body.organization_id }
          : {}),
      },
    );
    announceRevoked(res, revokedSessions);
    sendResult(req, res, userView(user, organization, true), { message: 'User updated' });
  });

  app.get('/v1/users/me', async (req, res) => {
    const principal = principalOf(req, secret);
    const { user, organization } = await users.get(principal, principal.sub);
    sendResult(req, res, meView(user, organization));
  });

  app.put('/v1/users/me', async (req, res) => {
    const principal = principalOf(req, secret);
    const body = validate(meBody, req.body);
    const { user, organization } = await users.update(principal, principal.sub, {
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(body.name !== undefined ? splitName(body.name) : {}),
    });
    sendResult(req, res, meView(user, organization));
  });
}
