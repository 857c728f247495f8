import { AppError } from '@sightline/errors';
import { createGrpcClient } from '@sightline/grpc-kit';
import { catalogV1 } from '@sightline/proto';
import { type EventRecorder, recordEvents } from '@sightline/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform, startPlatform } from './platform.js';

let platform: Platform;
let api: string;
let events: EventRecorder;
const tokens: Record<'admin' | 'member' | 'viewer' | 'stranger', string> = {
  admin: '',
  member: '',
  viewer: '',
  stranger: '',
};
const as = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });

async function login(email: string, password: string): Promise<string> {
  const res = await request(api).post('/api/v1/auth/login').send({ email, password });
  expect(res.status).toBe(200);
  return res.body.data.access_token;
}

beforeAll(async () => {
  platform = await startPlatform('projects_e2e', {
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    RATE_LIMIT_USERS_PER_MINUTE: '1000',
  });
  api = platform.gatewayUrl;
  events = await recordEvents([platform.topics.catalog as string]);
  tokens.admin = await platform.adminToken();
  for (const [who, role] of [
    ['member', 'user'],
    ['viewer', 'viewer'],
  ] as const) {
    const created = await request(api)
      .post('/api/v1/users')
      .set(as('admin'))
      .send({ email: `${who}@p.test`, password: 'long enough secret 12', role });
    expect(created.status).toBe(201);
    tokens[who] = await login(`${who}@p.test`, 'long enough secret 12');
  }
  const org = await request(api)
    .post('/api/v1/organizations')
    .set(as('admin'))
    .send({ name: 'Elsewhere', plan: 'free' });
  await request(api).post('/api/v1/users').set(as('admin')).send({
    email: 'x@else.test',
    password: 'stranger pass 12',
    role: 'admin',
    organization: org.body.data.organization_id,
  });
  tokens.stranger = await login('x@else.test', 'stranger pass 12');
});

afterAll(async () => {
  await events?.stop();
  await platform?.stop();
});

describe('projects in the public API v1', () => {
  it('answers an empty list with the reference’s envelope', async () => {
    const res = await request(api).get('/v1/projects').set(as('stranger'));
    expect(res.body).toEqual({
      data: [],
      pagination: { total: 0, page: 1, per_page: 20, total_pages: 0 },
      links: { next: null, prev: null },
    });
  });

  it('creates, reads, updates and deletes with the reference’s fields', async () => {
    const created = await request(api)
      .post('/v1/projects')
      .set(as('member'))
      .set('X-Request-Id', 'req_trace_project')
      .send({ name: 'New Project', description: 'A new project', settings: { visibility: 'private' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^proj_/),
      name: 'New Project',
      description: 'A new project',
      settings: { visibility: 'private' },
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    const id = created.body.id as string;
    expect((await request(api).get(`/v1/projects/${id}`).set(as('member'))).body).toEqual(created.body);
    const updated = await request(api)
      .put(`/v1/projects/${id}`)
      .set(as('member'))
      .send({ name: 'Updated Project Name' });
    expect(updated.body).toMatchObject({ id, name: 'Updated Project Name', description: 'A new project' });
    const platformView = await request(api).get(`/api/v1/projects/${id}`).set(as('member'));
    expect(platformView.body).toMatchObject({
      success: true,
      data: { project_id: id, name: 'Updated Project Name' },
    });
    const deleted = await request(api).delete(`/v1/projects/${id}`).set(as('member'));
    expect(deleted.body).toEqual({ success: true, message: 'Project deleted successfully' });
    expect((await request(api).get(`/v1/projects/${id}`).set(as('member'))).status).toBe(404);
    // The name is free again at once.
    expect(
      (await request(api).post('/v1/projects').set(as('member')).send({ name: 'updated project name' }))
        .status,
    ).toBe(201);

    const types = (await events.waitFor((e) => e.subject === id, 3)).map((e) => e.type);
    expect(types).toEqual(['project.created', 'project.updated', 'project.deleted']);
    const updatedEvent = events.events.find((e) => e.subject === id && e.type === 'project.updated');
    expect(updatedEvent).toMatchObject({
      specversion: '1.0',
      source: '/sightline/catalog',
      key: id,
      data: { changed_fields: ['name'] },
    });
    expect(updatedEvent?.orgid).toMatch(/^org_/);
    const createdEvent = events.events.find((e) => e.subject === id && e.type === 'project.created');
    expect(createdEvent?.headers.request_id).toBe('req_trace_project');
    await new Promise((r) => setTimeout(r, 500));
    expect(events.events.filter((e) => e.subject === id)).toHaveLength(3);
  });

  it('defaults, validates and refuses clearly', async () => {
    const minimal = await request(api).post('/v1/projects').set(as('member')).send({ name: 'Minimal' });
    expect(minimal.body).toMatchObject({ description: '', settings: { visibility: 'private' } });
    const blank = await request(api).post('/v1/projects').set(as('member')).send({ name: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'name' });
    const badVisibility = await request(api)
      .post('/api/v1/projects')
      .set(as('member'))
      .send({ name: 'x', settings: { visibility: 'public' } });
    expect(badVisibility.status).toBe(422);
    const huge = await request(api)
      .post('/v1/projects')
      .set(as('member'))
      .send({ name: 'big', settings: { blob: 'x'.repeat(20_000) } });
    expect(huge.status).toBe(400);
    expect(huge.body.error.field).toBe('settings');
    const dupe = await request(api).post('/v1/projects').set(as('admin')).send({ name: 'MINIMAL' });
    expect(dupe.status).toBe(409);
    expect(dupe.body.error).toMatchObject({ code: 'CONFLICT', field: 'name' });
  });

  it('lets exactly one of several concurrent creates with one name win', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        request(api).post('/v1/projects').set(as('admin')).send({ name: 'Race' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it('applies roles and tenancy', async () => {
    const mine = await request(api)
      .post('/v1/projects')
      .set(as('member'))
      .send({ name: 'Mine', settings: { visibility: 'organization' } });
    const id = mine.body.id as string;
    expect((await request(api).post('/v1/projects').set(as('viewer')).send({ name: 'Nope' })).status).toBe(
      403,
    );
    expect((await request(api).get(`/v1/projects/${id}`).set(as('viewer'))).status).toBe(200);
    expect(
      (await request(api).put(`/v1/projects/${id}`).set(as('viewer')).send({ name: 'Hijack' })).status,
    ).toBe(403);
    expect(
      (await request(api).put(`/v1/projects/${id}`).set(as('admin')).send({ description: 'by admin' }))
        .status,
    ).toBe(200);
    for (const res of [
      await request(api).get(`/v1/projects/${id}`).set(as('stranger')),
      await request(api).put(`/v1/projects/${id}`).set(as('stranger')).send({ name: 'x' }),
      await request(api).delete(`/api/v1/projects/${id}`).set(as('stranger')),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('RESOURCE_NOT_FOUND');
    }
    const privateOne = await request(api).post('/v1/projects').set(as('admin')).send({ name: 'Admins only' });
    expect((await request(api).get(`/v1/projects/${privateOne.body.id}`).set(as('member'))).status).toBe(404);
  });

  it('checks GetProject over gRPC within the organization', async () => {
    const project = await request(api)
      .post('/api/v1/projects')
      .set(as('admin'))
      .send({ name: 'For ingestion' });
    const id = project.body.data.project_id as string;
    const me = await request(api).get('/v1/users/me').set(as('admin'));
    const organizationId = (await request(api).get(`/api/v1/users/${me.body.id}`).set(as('admin'))).body.data
      .organization_id;
    const client = createGrpcClient(
      catalogV1.CatalogServiceService,
      `127.0.0.1:${platform.services.catalog?.grpcPort}`,
    );
    expect((await client.getProject({ projectId: id, organizationId })).project?.name).toBe('For ingestion');
    const foreign = await client
      .getProject({ projectId: id, organizationId: 'org_other' })
      .catch((e: unknown) => e);
    expect((foreign as AppError).kind).toBe('not_found');
    client.close();
  });
});

describe('project lists', () => {
  const names = Array.from({ length: 23 }, (_, i) => `List ${String.fromCharCode(65 + i)}`);

  beforeAll(async () => {
    for (const name of names) {
      const res = await request(api).post('/v1/projects').set(as('stranger')).send({ name });
      expect(res.status).toBe(201);
    }
  });

  it('visits every project exactly once by following links.next', async () => {
    const seen: string[] = [];
    let next: string | null = '/v1/projects?per_page=10';
    let pages = 0;
    while (next) {
      const res: request.Response = await request(api).get(next).set(as('stranger'));
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((p: { name: string }) => p.name));
      next = res.body.links.next;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
  });

  it('sorts on each field in each order', async () => {
    const byName = await request(api)
      .get('/v1/projects?sort=name&order=asc&per_page=100')
      .set(as('stranger'));
    expect(byName.body.data.map((p: { name: string }) => p.name)).toEqual([...names].sort());
    const desc = await request(api).get('/v1/projects?sort=name&order=desc&per_page=100').set(as('stranger'));
    expect(desc.body.data.map((p: { name: string }) => p.name)).toEqual([...names].sort().reverse());
    const created = await request(api).get('/v1/projects?per_page=100').set(as('stranger'));
    expect(created.body.data[0].name).toBe('List W');
    const createdAsc = await request(api)
      .get('/v1/projects?sort=created_at&order=asc&per_page=100')
      .set(as('stranger'));
    expect(createdAsc.body.data.map((p: { name: string }) => p.name)).toEqual(names);
    await request(api)
      .put(`/v1/projects/${created.body.data[22].id}`)
      .set(as('stranger'))
      .send({ description: 'touched' });
    const updated = await request(api)
      .get('/v1/projects?sort=updated_at&order=desc&per_page=1')
      .set(as('stranger'));
    expect(updated.body.data[0].name).toBe('List A');
    const updatedAsc = await request(api)
      .get('/v1/projects?sort=updated_at&order=asc&per_page=100')
      .set(as('stranger'));
    expect(updatedAsc.body.data.at(-1).name).toBe('List A');
    const platform = await request(api)
      .get('/api/v1/projects?sort_by=name&sort_order=asc&limit=5&page=2')
      .set(as('stranger'));
    expect(platform.body.data.projects.map((p: { name: string }) => p.name)).toEqual(
      [...names].sort().slice(5, 10),
    );
    expect(platform.body.data.pagination).toEqual({ page: 2, limit: 5, total: 23, pages: 5 });
  });

  it('handles the edges of pagination', async () => {
    const last = await request(api).get('/v1/projects?per_page=10&page=3').set(as('stranger'));
    expect(last.body.data).toHaveLength(3);
    expect(last.body.links).toEqual({
      next: null,
      prev: '/v1/projects?sort=created_at&order=desc&page=2&per_page=10',
    });
    const past = await request(api).get('/v1/projects?per_page=10&page=9').set(as('stranger'));
    expect(past.body.data).toEqual([]);
    expect(past.body.links.prev).toContain('page=3');
    expect(
      (await request(api).get('/v1/projects?per_page=100').set(as('stranger'))).body.pagination.per_page,
    ).toBe(100);
    const tooMany = await request(api).get('/v1/projects?per_page=101').set(as('stranger'));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'per_page' });
    const platformTooMany = await request(api).get('/api/v1/projects?limit=101').set(as('stranger'));
    expect(platformTooMany.status).toBe(422);
    expect(platformTooMany.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { field: 'limit' },
    });
    expect((await request(api).get('/v1/projects?sort=owner').set(as('stranger'))).status).toBe(400);
  });
});
