import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, recordEvents, type EventRecorder } from '@sightline/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INFRA_DIR, redisServer } from '../../scripts/infra/index.js';
import { type Platform, startPlatform } from './platform.js';

const ADMIN = { email: 'root@sightline.test', password: 'correct horse battery staple' };
let platform: Platform;
let api: string;
let events: EventRecorder;

async function login(email: string, password: string, base = api) {
  return request(base).post('/api/v1/auth/login').send({ email, password });
}

async function tokenFor(email: string, password: string): Promise<string> {
  const res = await login(email, password);
  expect(res.status).toBe(200);
  return res.body.data.access_token as string;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  platform = await startPlatform(
    'identity_e2e',
    { RATE_LIMIT_AUTH_PER_MINUTE: '1000', RATE_LIMIT_USERS_PER_MINUTE: '1000', API_KEY_CACHE_MS: '1000' },
    {
      SIGHTLINE_ADMIN_EMAIL: ADMIN.email,
      SIGHTLINE_ADMIN_PASSWORD: ADMIN.password,
      SIGHTLINE_ADMIN_ORGANIZATION: 'Root Org',
      // Keys rotate every few seconds here, so the suite also proves rotation logs nobody out.
      SIGNING_KEY_LIFETIME_SECONDS: '3',
    },
  );
  api = platform.gatewayUrl;
  events = await recordEvents([platform.topics.identity as string]);
});

afterAll(async () => {
  await events?.stop();
  await platform?.stop();
});

describe('login, tokens and the current user', () => {
  it('logs the bootstrap admin in with the reference’s answer plus a refresh token', async () => {
    const res = await login(ADMIN.email, ADMIN.password);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      data: { token_type: 'bearer', expires_in: 3600, user: { email: ADMIN.email, role: 'admin' } },
    });
    expect(res.body.data.access_token.split('.')).toHaveLength(3);
    expect(res.body.data.refresh_token).toMatch(/^rtk_\w+\.[\w-]+$/);
    expect(res.body.data.user.id).toMatch(/^user_/);
    const header = JSON.parse(Buffer.from(res.body.data.access_token.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
  });

  it('refuses a wrong password with the platform 401 body, field by field', async () => {
    const res = await login(ADMIN.email, 'not the password at all');
    expect(res.status).toBe(401);
    expect(Object.keys(res.body).sort()).toEqual(['error', 'success']);
    expect(res.body.success).toBe(false);
    expect(res.body.error).toEqual({
      code: 'AUTHENTICATION_FAILED',
      message: 'Invalid email or password',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      request_id: res.headers['x-request-id'],
    });
  });

  it('answers GET and PUT /v1/users/me in the v1 shape', async () => {
    const token = await tokenFor(ADMIN.email, ADMIN.password);
    const me = await request(api).get('/v1/users/me').set(bearer(token));
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: expect.stringMatching(/^user_/),
      email: ADMIN.email,
      name: 'Platform Admin',
      created_at: expect.any(String),
      plan: 'enterprise',
    });
    const put = await request(api).put('/v1/users/me').set(bearer(token)).send({ name: 'Ada Lovelace' });
    expect(put.body).toMatchObject({ name: 'Ada Lovelace', email: ADMIN.email });
    const bad = await request(api).put('/v1/users/me').set(bearer(token)).send({ email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: {
        code: 'VALIDATION_ERROR',
        message: expect.any(String),
        field: 'email',
        request_id: bad.headers['x-request-id'],
      },
    });
    const anonymous = await request(api).get('/v1/users/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({
      error: {
        code: 'INVALID_API_KEY',
        message: expect.any(String),
        request_id: anonymous.headers['x-request-id'],
      },
    });
  });

  it('rotates refresh tokens, and reusing a rotated one revokes the whole family', async () => {
    const first = (await login(ADMIN.email, ADMIN.password)).body.data.refresh_token as string;
    const second = await request(api).post('/api/v1/auth/refresh').set(bearer(first));
    expect(second.status).toBe(200);
    expect(second.body.data).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    const secondToken = second.body.data.refresh_token as string;
    expect(secondToken).not.toBe(first);
    const reuse = await request(api).post('/api/v1/auth/refresh').set(bearer(first));
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('AUTHENTICATION_FAILED');
    const afterReuse = await request(api).post('/api/v1/auth/refresh').set(bearer(secondToken));
    expect(afterReuse.status).toBe(401);
    // The access token the family issued stops too, not only its refresh tokens.
    const stolen = await request(api).get('/v1/users/me').set(bearer(second.body.data.access_token));
    expect(stolen.status).toBe(401);
    expect(stolen.body.error.message).toBe('Access token has been revoked');
    expect(reuse.headers).not.toHaveProperty('x-sightline-revoked-sessions');
  });

  it('logout revokes the refresh family and the access token at once', async () => {
    const pair = (await login(ADMIN.email, ADMIN.password)).body.data;
    const out = await request(api).post('/api/v1/auth/logout').set(bearer(pair.access_token));
    expect(out.status).toBe(200);
    const after = await request(api).get('/v1/users/me').set(bearer(pair.access_token));
    expect(after.status).toBe(401);
    expect(after.body.error.message).toBe('Access token has been revoked');
    const refresh = await request(api).post('/api/v1/auth/refresh').set(bearer(pair.refresh_token));
    expect(refresh.status).toBe(401);
  });

  it('rotates signing keys without logging anyone out', async () => {
    const before = await tokenFor(ADMIN.email, ADMIN.password);
    expect((await request(api).get('/v1/users/me').set(bearer(before))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3_500));
    const after = await tokenFor(ADMIN.email, ADMIN.password);
    const kid = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()).kid;
    expect(kid(after)).not.toBe(kid(before));
    expect((await request(api).get('/v1/users/me').set(bearer(after))).status).toBe(200);
    expect((await request(api).get('/v1/users/me').set(bearer(before))).status).toBe(200);
  });

  it('refuses tampered tokens', async () => {
    const token = await tokenFor(ADMIN.email, ADMIN.password);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p as string, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, org: 'org_other' })).toString('base64url')}.${s}`;
    expect((await request(api).get('/v1/users/me').set(bearer(forged))).status).toBe(401);
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    expect((await request(api).get('/v1/users/me').set(bearer(none))).status).toBe(401);
  });
});

describe('API keys', () => {
  it('shows the key once, lists it without the secret, and stops it within 5 s of revocation', async () => {
    const token = await tokenFor(ADMIN.email, ADMIN.password);
    const created = await request(api).post('/api/v1/auth/api-keys').set(bearer(token)).send({ name: 'ci' });
    expect(created.status).toBe(201);
    const { id, key } = created.body.data;
    expect(id).toMatch(/^key_/);
    expect(key).toMatch(/^sk_/);
    const list = await request(api).get('/api/v1/auth/api-keys').set(bearer(token));
    const listed = list.body.data.api_keys.find((k: { id: string }) => k.id === id);
    expect(listed).toMatchObject({ name: 'ci', prefix: key.slice(0, 10), last_used_at: null });
    expect(JSON.stringify(list.body)).not.toContain(key);

    const me = await request(api).get('/v1/users/me').set(bearer(key));
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(ADMIN.email);

    expect((await request(api).delete(`/api/v1/auth/api-keys/${id}`).set(bearer(token))).status).toBe(200);
    const revokedAt = Date.now();
    await eventually(
      async () =>
        (await request(api).get('/v1/users/me').set(bearer(key))).status === 401 ? true : undefined,
      5_000,
      'the revoked key to stop working',
    );
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
  });
});

describe('organizations, users and tenancy', () => {
  const orgAdmin = { email: 'boss@acme.test', password: 'acme admin password 1' };
  let rootToken: string;
  let acmeId: string;
  let acmeAdminToken: string;
  let rootUserId: string;

  beforeAll(async () => {
    rootToken = await tokenFor(ADMIN.email, ADMIN.password);
    rootUserId = (await request(api).get('/v1/users/me').set(bearer(rootToken))).body.id;
  });

  it('lets a platform admin create an organization and its admin', async () => {
    const org = await request(api)
      .post('/api/v1/organizations')
      .set(bearer(rootToken))
      .send({ name: 'Acme', domain: 'acme.test', plan: 'professional', settings: { max_users: 10 } });
    expect(org.status).toBe(201);
    acmeId = org.body.data.organization_id;
    expect(acmeId).toMatch(/^org_/);
    const user = await request(api)
      .post('/api/v1/users')
      .set(bearer(rootToken))
      .send({
        ...orgAdmin,
        username: 'boss',
        first_name: 'Bo',
        last_name: 'Ss',
        role: 'admin',
        organization: 'Acme',
      });
    expect(user.status).toBe(201);
    expect(user.body.data).toMatchObject({
      email: orgAdmin.email,
      role: 'admin',
      organization: 'Acme',
      organization_id: acmeId,
      status: 'active',
    });
    acmeAdminToken = await tokenFor(orgAdmin.email, orgAdmin.password);
    const got = await request(api).get(`/api/v1/organizations/${acmeId}`).set(bearer(acmeAdminToken));
    expect(got.body.data).toMatchObject({ name: 'Acme', plan: 'professional', usage: { current_users: 1 } });
    await events.waitFor((e) => e.type === 'user.created' && e.subject === user.body.data.user_id);
  });

  it('invites a user without a password, who then accepts and signs in', async () => {
    const invited = await request(api)
      .post('/api/v1/users')
      .set(bearer(acmeAdminToken))
      .send({ email: 'new@acme.test', role: 'viewer' });
    expect(invited.status).toBe(201);
    expect(invited.body.data.status).toBe('invited');
    const token = invited.body.data.invitation_token as string;
    await events.waitFor((e) => e.type === 'user.invited' && e.subject === invited.body.data.user_id);
    expect((await login('new@acme.test', 'whatever password 1')).status).toBe(401);
    const weak = await request(api).post('/api/v1/auth/accept-invite').send({ token, password: 'short' });
    expect(weak.status).toBe(422);
    expect(weak.body.error.details.field).toBe('password');
    const accepted = await request(api)
      .post('/api/v1/auth/accept-invite')
      .send({ token, password: 'a good long password' });
    expect(accepted.status).toBe(200);
    expect((await login('new@acme.test', 'a good long password')).status).toBe(200);
    const again = await request(api)
      .post('/api/v1/auth/accept-invite')
      .send({ token, password: 'a good long password' });
    expect(again.status).toBe(422);
  });

  it('answers 404 for every read and write of another organization’s ids', async () => {
    const rootOrg = (await request(api).get(`/api/v1/users/${rootUserId}`).set(bearer(rootToken))).body.data
      .organization_id;
    for (const res of [
      await request(api).get(`/api/v1/users/${rootUserId}`).set(bearer(acmeAdminToken)),
      await request(api)
        .put(`/api/v1/users/${rootUserId}`)
        .set(bearer(acmeAdminToken))
        .send({ first_name: 'x' }),
      await request(api).get(`/api/v1/organizations/${rootOrg}`).set(bearer(acmeAdminToken)),
      await request(api)
        .post('/api/v1/users')
        .set(bearer(acmeAdminToken))
        .send({ email: 'x@y.test', password: 'long enough pw', organization: rootOrg }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('RESOURCE_NOT_FOUND');
    }
    const list = await request(api).get('/api/v1/users?limit=100').set(bearer(acmeAdminToken));
    expect(list.body.data.users.every((u: { organization_id: string }) => u.organization_id === acmeId)).toBe(
      true,
    );
    expect(list.body.data.pagination).toMatchObject({ page: 1, limit: 100 });
  });

  it('never lets a user raise its role or change organization', async () => {
    const plain = await request(api)
      .post('/api/v1/users')
      .set(bearer(acmeAdminToken))
      .send({ email: 'plain@acme.test', password: 'ordinary member pw 9', role: 'user' });
    const plainId = plain.body.data.user_id as string;
    const plainToken = await tokenFor('plain@acme.test', 'ordinary member pw 9');
    const raise = await request(api)
      .put(`/api/v1/users/${plainId}`)
      .set(bearer(plainToken))
      .send({ role: 'admin' });
    expect(raise.status).toBe(403);
    expect(raise.body.error).toMatchObject({ code: 'PERMISSION_DENIED', details: { field: 'role' } });
    const move = await request(api)
      .put(`/api/v1/users/${plainId}`)
      .set(bearer(plainToken))
      .send({ organization: 'Root Org' });
    expect(move.status).toBe(403);
    const adminMove = await request(api)
      .put(`/api/v1/users/${plainId}`)
      .set(bearer(acmeAdminToken))
      .send({ organization_id: 'org_x' });
    expect(adminMove.status).toBe(403);
    const me = await request(api).put('/v1/users/me').set(bearer(plainToken)).send({ role: 'admin' });
    expect(me.status).toBe(400);
    const still = await request(api).get(`/api/v1/users/${plainId}`).set(bearer(acmeAdminToken));
    expect(still.body.data).toMatchObject({ role: 'user', organization_id: acmeId });
    const createOrg = await request(api)
      .post('/api/v1/organizations')
      .set(bearer(acmeAdminToken))
      .send({ name: 'Mine' });
    expect(createOrg.status).toBe(403);
  });

  it('ends a user’s sign-ins at once when an admin changes its role or disables it', async () => {
    const created = await request(api)
      .post('/api/v1/users')
      .set(bearer(acmeAdminToken))
      .send({ email: 'mover@acme.test', password: 'member who moves 7', role: 'user' });
    const id = created.body.data.user_id as string;
    const firstSession = await tokenFor('mover@acme.test', 'member who moves 7');
    const secondSession = (await login('mover@acme.test', 'member who moves 7')).body.data;
    expect((await request(api).get('/v1/users/me').set(bearer(firstSession))).status).toBe(200);

    const demoted = await request(api)
      .put(`/api/v1/users/${id}`)
      .set(bearer(acmeAdminToken))
      .send({ role: 'viewer' });
    expect(demoted.status).toBe(200);
    expect(demoted.headers).not.toHaveProperty('x-sightline-revoked-sessions');
    // Tokens carrying the old role stop now, in every session, and so do their refresh tokens.
    for (const token of [firstSession, secondSession.access_token]) {
      const res = await request(api).get('/v1/users/me').set(bearer(token));
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe('Access token has been revoked');
    }
    expect(
      (await request(api).post('/api/v1/auth/refresh').set(bearer(secondSession.refresh_token))).status,
    ).toBe(401);
    // A new sign-in carries the new role.
    const viewerToken = await tokenFor('mover@acme.test', 'member who moves 7');
    const asViewer = await request(api).post('/v1/projects').set(bearer(viewerToken)).send({ name: 'Nope' });
    expect(asViewer.status).toBe(403);

    const disabled = await request(api)
      .put(`/api/v1/users/${id}`)
      .set(bearer(acmeAdminToken))
      .send({ status: 'disabled' });
    expect(disabled.status).toBe(200);
    expect((await request(api).get('/v1/users/me').set(bearer(viewerToken))).status).toBe(401);
    expect((await login('mover@acme.test', 'member who moves 7')).status).toBe(401);
    // A change that leaves access as it was ends nobody's sign-in.
    const adminStill = await request(api)
      .put(`/api/v1/users/${id}`)
      .set(bearer(acmeAdminToken))
      .send({ first_name: 'Moved' });
    expect(adminStill.status).toBe(200);
    expect((await request(api).get('/v1/users/me').set(bearer(acmeAdminToken))).status).toBe(200);
  });

  it('validates list filters and pagination', async () => {
    const bad = await request(api).get('/api/v1/users?limit=101').set(bearer(acmeAdminToken));
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.field).toBe('limit');
    const admins = await request(api).get('/api/v1/users?role=admin').set(bearer(acmeAdminToken));
    expect(admins.body.data.users.map((u: { email: string }) => u.email)).toEqual([orgAdmin.email]);
  });
});

describe('rate limits', () => {
  it('answers the 6th login in a minute for one account with 429 and the headers', async () => {
    const gateway = await platform.extraGateway({
      REDIS_KEY_PREFIX: `rl${Date.now()}:`,
      RATE_LIMIT_AUTH_PER_MINUTE: '5',
    });
    const statuses: number[] = [];
    const remaining: string[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 6; i += 1) {
      last = await login(ADMIN.email, 'wrong password here', gateway.url);
      statuses.push(last.status);
      remaining.push(String(last.headers['x-ratelimit-remaining']));
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0', '0']);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(last?.headers['x-ratelimit-limit']).toBe('5');
    expect(last?.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.body).toMatchObject({
      success: false,
      error: { code: 'RATE_LIMIT_EXCEEDED', retry_after: Number(last?.headers['retry-after']) },
    });
    await gateway.stop();
  });

  it('shares quotas and logouts between gateway replicas through Redis', async () => {
    const shared = {
      REDIS_KEY_PREFIX: `shared${Date.now()}:`,
      RATE_LIMIT_PROFESSIONAL_PER_HOUR: '10',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    };
    const a = await platform.extraGateway(shared);
    const b = await platform.extraGateway(shared);
    try {
      // Acme's admin (plan professional, whose quota is 10 an hour here) on a route with no
      // per-minute category, so the hourly quota is the tightest limit.
      const pair = (await login('boss@acme.test', 'acme admin password 1', a.url)).body.data;
      const remaining: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const res = await request(a.url).get('/v1/projects').set(bearer(pair.access_token));
        remaining.push(Number(res.headers['x-ratelimit-remaining']));
      }
      expect(remaining).toEqual([9, 8, 7, 6]);
      await new Promise((r) => setTimeout(r, 400)); // a few sync rounds
      const fromB = await request(b.url).get('/v1/projects').set(bearer(pair.access_token));
      expect(Number(fromB.headers['x-ratelimit-limit'])).toBe(10);
      expect(Number(fromB.headers['x-ratelimit-remaining'])).toBe(5);

      expect((await request(a.url).post('/api/v1/auth/logout').set(bearer(pair.access_token))).status).toBe(
        200,
      );
      await eventually(
        async () =>
          (await request(b.url).get('/v1/projects').set(bearer(pair.access_token))).status === 401
            ? true
            : undefined,
        2_000,
        'the other replica to refuse the logged-out token',
      );
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('keeps serving with a local limiter when Redis stops mid-test, and says so in /readyz', async () => {
    const redis = redisServer({ port: 16_379, dir: join(INFRA_DIR, 'redis-fault-test') });
    await redis.down();
    expect(await redis.up()).toBe('started');
    const gateway = await platform.extraGateway({ REDIS_URL: redis.localValue, REDIS_KEY_PREFIX: 'fault:' });
    try {
      const token = await tokenFor(ADMIN.email, ADMIN.password);
      expect((await request(gateway.url).get('/v1/users/me').set(bearer(token))).status).toBe(200);
      expect((await request(gateway.url).get('/readyz')).body.checks.redis.status).toBe('up');
      await redis.down();
      for (let i = 0; i < 5; i += 1) {
        const res = await request(gateway.url).get('/v1/users/me').set(bearer(token));
        expect(res.status).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBeDefined();
      }
      const ready = await request(gateway.url).get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.checks.redis.status).toBe('degraded');
    } finally {
      await gateway.stop();
      await redis.down();
      rmSync(redis.dir, { recursive: true, force: true });
    }
  });
});
