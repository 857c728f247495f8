import { isoTimestamp } from '@sightline/errors';
import { sendResult, validate } from '@sightline/http-kit';
import { platformPage, skipFor, v1Page } from '@sightline/mongo';
import { PRINCIPAL_HEADER, principalFromHeader } from '@sightline/principal';
import type { Express, Request } from 'express';
import { z } from 'zod';
import { type Project, SORT_FIELDS } from '../domain/project.js';
import type { Projects } from '../use-cases/projects.js';

const MAX_SETTINGS_BYTES = 16 * 1024;

const settings = z
  .object({ visibility: z.enum(['private', 'organization']).optional() })
  .catchall(z.unknown())
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_SETTINGS_BYTES, {
    message: `must be at most ${MAX_SETTINGS_BYTES} bytes as JSON`,
  });

const name = z.string().trim().min(1, 'must not be empty').max(200);
const description = z.string().max(5_000);
const createBody = z
  .object({ name, description: description.optional(), settings: settings.optional() })
  .strict();
const updateBody = z.object({ name, description, settings }).partial().strict();

const sort = z.enum(SORT_FIELDS).default('created_at');
const order = z.enum(['asc', 'desc']).default('desc');
const page = z.coerce.number().int().min(1).default(1);
const size = z.coerce.number().int().min(1).max(100).default(20);
const v1List = z.object({ page, per_page: size, sort, order });
const platformList = z.object({ page, limit: size, sort_by: sort, sort_order: order });

/** A project in the public API v1 (docs/contracts.md); lists leave settings out, as the reference does. */
function v1View(project: Project, withSettings = true) {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    ...(withSettings ? { settings: project.settings } : {}),
    created_at: isoTimestamp(project.createdAt),
    updated_at: isoTimestamp(project.updatedAt),
  };
}

/** A project in the platform dialect. */
function platformView(project: Project) {
  return {
    project_id: project.id,
    name: project.name,
    description: project.description,
    settings: project.settings,
    owner_id: project.ownerId,
    created_at: isoTimestamp(project.createdAt),
    updated_at: isoTimestamp(project.updatedAt),
  };
}

/** `/v1/projects*` (the reference) and `/api/v1/projects*` (the same resource in the platform dialect). */
export function registerProjectRoutes(app: Express, deps: { projects: Projects; secret: string }): void {
  const { projects, secret } = deps;
  const actor = (req: Request) => principalFromHeader(req.headers[PRINCIPAL_HEADER], secret);
  const view = (req: Request, project: Project) =>
    req.dialect === 'v1' ? v1View(project) : platformView(project);

  app.get('/v1/projects', async (req, res) => {
    const principal = actor(req);
    const query = validate(v1List, req.query);
    const request = { page: query.page, size: query.per_page };
    const { items, total } = await projects.list(principal, {
      sort: query.sort,
      order: query.order,
      skip: skipFor(request),
      limit: request.size,
    });
    res.json(
      v1Page(
        items.map((p) => v1View(p, false)),
        total,
        request,
        '/v1/projects',
        { sort: query.sort, order: query.order },
      ),
    );
  });

  app.get('/api/v1/projects', async (req, res) => {
    const principal = actor(req);
    const query = validate(platformList, req.query);
    const request = { page: query.page, size: query.limit };
    const { items, total } = await projects.list(principal, {
      sort: query.sort_by,
      order: query.sort_order,
      skip: skipFor(request),
      limit: request.size,
    });
    sendResult(req, res, platformPage('projects', items.map(platformView), total, request));
  });

  app.post(['/v1/projects', '/api/v1/projects'], async (req, res) => {
    const principal = actor(req);
    const body = validate(createBody, req.body);
    const project = await projects.create(principal, {
      name: body.name,
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.settings ? { settings: body.settings } : {}),
    });
    sendResult(req, res, view(req, project), { status: 201, message: 'Project created' });
  });

  app.get(['/v1/projects/:id', '/api/v1/projects/:id'], async (req, res) => {
    sendResult(req, res, view(req, await projects.get(actor(req), String(req.params.id))));
  });

  app.put(['/v1/projects/:id', '/api/v1/projects/:id'], async (req, res) => {
    const principal = actor(req);
    const body = validate(updateBody, req.body);
    const project = await projects.update(principal, String(req.params.id), {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.settings ? { settings: body.settings } : {}),
    });
    sendResult(req, res, view(req, project), { message: 'Project updated' });
  });

  app.delete(['/v1/projects/:id', '/api/v1/projects/:id'], async (req, res) => {
    await projects.remove(actor(req), String(req.params.id));
    if (req.dialect === 'v1') res.json({ success: true, message: 'Project deleted successfully' });
    else
      sendResult(
        req,
        res,
        { project_id: req.params.id, deleted: true },
        { message: 'Project deleted successfully' },
      );
  });
}
