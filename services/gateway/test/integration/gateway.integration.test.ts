import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { AppError } from '@sightline/errors';
import { GrpcServer } from '@sightline/grpc-kit';
import { PRINCIPAL_HEADER, verifyPrincipal } from '@sightline/principal';
import { identityV1 } from '@sightline/proto';
import { integrationEnv, TEST_INTERNAL_AUTH_SECRET, testLogger } from '@sightline/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../../src/config.js';
import { UPSTREAMS } from '../../src/domain/route-table.js';
import { type RunningGateway, startGateway } from '../../src/service.js';

// Real upstreams on loopback: an HTTP server that reports what reached it, and real gRPC
// health servers. What the gateway does to requests is observed from the far side.
const seen: Array<{ path: string; headers: IncomingMessage['headers']; bytes: number; sha: string }> = [];
let echo: Server;
let hang: Server;
/** API call counts the gateway reported to (this test's) identity. */
const reportedCalls: Array<{ organizationId: string; month: string; calls: number }> = [];
let grpc: GrpcServer;
let gateway: RunningGateway;
let base = '';
/** The environment the gateway under test was started with. */
let gatewayEnv: Record<string, string> = {};
const KEY = 'sk_gateway_test_key_0123456789';
const auth = { Authorization: `Bearer ${KEY}` };
/** A key of an organization only the usage test calls with. */
const USAGE_KEY = 'sk_gateway_usage_key_0123456789';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  echo = createServer((req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      const sha = hash.digest('hex');
      seen.push({ path: req.url ?? '', headers: req.headers, bytes, sha });
      if (req.url?.includes('/broken-download')) {
        // Half an answer, then the connection drops: the upstream died mid-response.
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '4096' });
        res.write(Buffer.alloc(1024, 3), () => setTimeout(() => res.socket?.destroy(), 50));
        return;
      }
      if (req.url?.includes('/slow-download')) {
        // First part at once, the rest after a pause: a buffering proxy would hold both back.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.write(Buffer.alloc(1024, 1));
        setTimeout(() => res.end(Buffer.alloc(1024, 2)), 700);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, bytes, sha }));
    });
  });
  hang = createServer(() => {
    /* never answers */
  });
  const echoPort = await listen(echo);
  const hangPort = await listen(hang);
  grpc = new GrpcServer({ logger: testLogger() });
  // An identity that knows one API key: enough to reach the proxy (real identity runs in e2e).
  grpc.addService('sightline.identity.v1.IdentityService', identityV1.IdentityServiceService, {
    validateApiKey: async ({ apiKey }) => {
      if (apiKey !== KEY && apiKey !== USAGE_KEY) throw new AppError('not_found', 'Unknown API key');
      const organizationId = apiKey === USAGE_KEY ? 'org_usage' : 'org_t';
      return {
        keyId: 'key_test',
        plan: 'professional',
        principal: { userId: 'user_t', organizationId, role: 'user', platformAdmin: false },
      };
    },
    getUser: async () => {
      throw new AppError('not_found', 'no');
    },
    getOrganization: async () => {
      throw new AppError('not_found', 'no');
    },
    getSigningKeys: async () => ({ keys: [] }),
    recordApiCalls: async ({ counts }) => {
      reportedCalls.push(...counts);
      return {};
    },
  });
  const grpcPort = await grpc.listen('127.0.0.1', 0);
  grpc.setServing(true);
  const env: Record<string, string> = {
    PORT: '0',
    UPSTREAM_TIMEOUT_MS: '800',
    HEALTH_TIMEOUT_MS: '500',
    LOG_LEVEL: 'silent',
    INTERNAL_AUTH_SECRET: TEST_INTERNAL_AUTH_SECRET,
    REDIS_URL: integrationEnv().REDIS_URL,
  };
  for (const name of UPSTREAMS) {
    const prefix = name.toUpperCase().replace(/-/g, '_');
    env[`${prefix}_HTTP_URL`] = `http://127.0.0.1:${echoPort}`;
    env[`${prefix}_GRPC_ADDR`] = `127.0.0.1:${grpcPort}`;
  }
  env.EXPORT_HTTP_URL = `http://127.0.0.1:${hangPort}`; // export hangs
  env.NOTIFICATIONS_HTTP_URL = 'http://127.0.0.1:1'; // notifications refuses
  env.NOTIFICATIONS_GRPC_ADDR = '127.0.0.1:1';
  gatewayEnv = env;
  gateway = await startGateway(parseGatewayConfig(env), testLogger('gateway'));
  base = `http://127.0.0.1:${gateway.port}`;
});

afterAll(async () => {
  await gateway.stop();
  await grpc.shutdown(100);
  echo.closeAllConnections();
  hang.closeAllConnections();
  echo.close();
  hang.close();
});

describe('gateway routing', () => {
  it('forwards by path with the request id and dialect, dropping internal headers a client sent and its credentials', async () => {
    const res = await request(base)
      .get('/v1/projects?page=2')
      .set(auth)
      .set('X-Request-Id', 'req_route1')
      .set('X-Sightline-Principal', 'forged')
      .set('X-Api-Dialect', 'platform');
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('req_route1');
    const arrived = seen.at(-1);
    expect(arrived?.path).toBe('/v1/projects?page=2');
    expect(arrived?.headers['x-request-id']).toBe('req_route1');
    expect(arrived?.headers['x-api-dialect']).toBe('v1');
    const forwarded = verifyPrincipal(String(arrived?.headers[PRINCIPAL_HEADER]), TEST_INTERNAL_AUTH_SECRET);
    expect(forwarded).toMatchObject({ sub: 'user_t', org: 'org_t', via: 'api_key', key: 'key_test' });
    // Services get the signed principal, never the client's secret.
    expect(arrived?.headers.authorization).toBeUndefined();
    const platform = await request(base).get('/api/v1/dashboards').set(auth);
    expect(seen.at(-1)?.headers['x-api-dialect']).toBe('platform');
    expect(platform.headers['x-request-id']).toMatch(/^req_/);
    // A refresh is public: its token travels as the Authorization header identity reads.
    await request(base).post('/api/v1/auth/refresh').set('Authorization', 'Bearer refresh-token-1');
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer refresh-token-1');
  });

  it('streams a 32 MiB upload through untouched', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const expected = createHash('sha256');
    for (let i = 0; i < 32; i += 1) expected.update(chunk);
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < 32; i += 1) yield chunk;
      })(),
    );
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${base}/api/v1/data/upload`,
        { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...auth } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      body.pipe(req);
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ bytes: 32 * 1024 * 1024, sha: expected.digest('hex') });
  });

  it('cuts the client off when the upstream dies mid-answer, and keeps serving', async () => {
    const outcome = await new Promise<string>((resolve) => {
      httpRequest(`${base}/v1/data/broken-download`, { headers: auth }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve('ended'));
        res.on('error', () => resolve('cut off'));
        res.on('aborted', () => resolve('cut off'));
      })
        .on('error', () => resolve('cut off'))
        .end();
    });
    // Fewer bytes than promised must not look like a whole file.
    expect(outcome).toBe('cut off');
    const after = await request(base).get('/v1/projects').set(auth);
    expect(after.status).toBe(200);
  });

  it('streams a download: the first bytes arrive before the upstream has finished', async () => {
    const started = Date.now();
    const firstByteAfter = await new Promise<{ first: number; total: number }>((resolve, reject) => {
      httpRequest(`${base}/v1/data/slow-download`, { headers: auth }, (res) => {
        let first = -1;
        let total = 0;
        res.on('data', (c: Buffer) => {
          if (first < 0) first = Date.now() - started;
          total += c.length;
        });
        res.on('end', () => resolve({ first, total }));
      })
        .on('error', reject)
        .end();
    });
    expect(firstByteAfter.total).toBe(2048);
    expect(firstByteAfter.first).toBeLessThan(500);
  });

  it('sends security headers on its own answers, and leaves proxied ones to the service', async () => {
    const refused = await request(base).get('/v1/projects');
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect(refused.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await request(base).get('/v1/status')).headers['x-frame-options']).toBe('SAMEORIGIN');
    expect((await request(base).get('/v1/webhooks').set(auth)).headers['x-content-type-options']).toBe(
      'nosniff',
    );
    // The test upstream sets none: a proxied answer carries exactly what the service wrote.
    expect(
      (await request(base).get('/v1/projects').set(auth)).headers['x-content-type-options'],
    ).toBeUndefined();
  });

  it('answers 503 in each dialect at once when the upstream refuses', async () => {
    const v1 = await request(base).get('/v1/webhooks').set(auth);
    expect(v1.status).toBe(503);
    expect(v1.body).toEqual({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: expect.stringContaining('notifications'),
        request_id: v1.headers['x-request-id'],
      },
    });
    const platform = await request(base).get('/api/v1/webhooks').set(auth);
    expect(platform.status).toBe(503);
    expect(platform.headers['retry-after']).toBe('5');
    expect(platform.body).toMatchObject({
      success: false,
      error: { code: 'SERVICE_UNAVAILABLE', retry_after: 5 },
    });
  });

  it('answers 504 when the upstream stays silent past the timeout, never hanging', async () => {
    const started = Date.now();
    const res = await request(base).get('/api/v1/export/chart/chart_1').set(auth);
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ success: false, error: { code: 'GATEWAY_TIMEOUT' } });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('answers unknown routes with the dialect 404', async () => {
    const v1 = await request(base).get('/v1/nope').set(auth);
    expect(v1.status).toBe(404);
    expect(v1.body.error).toMatchObject({ code: 'RESOURCE_NOT_FOUND' });
    const platform = await request(base).get('/api/v1/nope').set(auth);
    expect(platform.body).toMatchObject({ success: false, error: { code: 'RESOURCE_NOT_FOUND' } });
    const elsewhere = await request(base).get('/index.html');
    expect(elsewhere.headers['content-type']).toContain('application/json');
  });
});

describe('credentials at the door', () => {
  it('refuses missing, malformed, unknown and alg:none credentials with each dialect’s 401', async () => {
    const missing = await request(base).get('/v1/projects');
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({
      code: 'INVALID_API_KEY',
      request_id: missing.headers['x-request-id'],
    });
    const malformed = await request(base).get('/api/v1/projects').set('Authorization', 'Token abc');
    expect(malformed.status).toBe(401);
    expect(malformed.body).toMatchObject({ success: false, error: { code: 'AUTHENTICATION_FAILED' } });
    const unknownKey = await request(base)
      .get('/api/v1/projects')
      .set('Authorization', 'Bearer sk_nope_nope_nope');
    expect(unknownKey.body.error.message).toBe('Invalid API key');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"user_t","org":"org_t","role":"admin"}').toString('base64url')}.`;
    const unsigned = await request(base).get('/api/v1/projects').set('Authorization', `Bearer ${none}`);
    expect(unsigned.status).toBe(401);
    expect(seen.some((s) => s.path === '/api/v1/projects')).toBe(false);
  });

  it('puts the three X-RateLimit headers on every answer, even a refusal', async () => {
    for (const res of [
      await request(base).get('/v1/status'),
      await request(base).get('/v1/projects').set(auth),
      await request(base).get('/v1/projects'),
    ]) {
      expect(Number(res.headers['x-ratelimit-limit'])).toBeGreaterThan(0);
      expect(Number(res.headers['x-ratelimit-remaining'])).toBeGreaterThanOrEqual(0);
      expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    }
  });
});

describe('API calls usage', () => {
  it('reports each organization’s admitted calls of the month to identity, and not refused ones', async () => {
    const usageAuth = { Authorization: `Bearer ${USAGE_KEY}` };
    for (let i = 0; i < 3; i += 1)
      expect((await request(base).get('/v1/projects').set(usageAuth)).status).toBe(200);
    expect((await request(base).get('/v1/projects').set({ Authorization: 'Bearer sk_unknown' })).status).toBe(
      401,
    );
    // Reports leave every few seconds.
    const reported = () => reportedCalls.filter((c) => c.organizationId === 'org_usage');
    const deadline = Date.now() + 10_000;
    while (reported().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(reported()).toEqual([
      { organizationId: 'org_usage', month: new Date().toISOString().slice(0, 7), calls: 3 },
    ]);
  });
});

describe('client addresses behind proxies', () => {
  const RUN = Date.now();
  /** A second gateway on the same upstreams with its own counters and a login limit of 2 a minute. */
  async function gatewayTrusting(trustedProxies: string): Promise<RunningGateway> {
    const env: Record<string, string> = {
      ...gatewayEnv,
      REDIS_KEY_PREFIX: `xff${RUN}${trustedProxies ? 't' : 'n'}:`,
      RATE_LIMIT_AUTH_PER_MINUTE: '2',
      TRUSTED_PROXIES: trustedProxies,
    };
    return startGateway(parseGatewayConfig(env), testLogger('gateway'));
  }
  const login = (port: number, forwardedFor: string, email: string) =>
    request(`http://127.0.0.1:${port}`)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', forwardedFor)
      .send({ email, password: 'irrelevant here' });

  it('counts logins per client named by a trusted proxy, so one client’s limit is not everyone’s', async () => {
    const behindIngress = await gatewayTrusting('loopback');
    try {
      const port = behindIngress.port;
      expect((await login(port, '203.0.113.7', 'a@example.test')).status).toBe(200);
      expect((await login(port, '203.0.113.7', 'b@example.test')).status).toBe(200);
      const third = await login(port, '203.0.113.7', 'c@example.test');
      expect(third.status).toBe(429);
      expect(third.headers['retry-after']).toBeDefined();
      // Another client behind the same proxy still gets in.
      const other = await login(port, '198.51.100.20', 'd@example.test');
      expect(other.status).toBe(200);
      expect(other.headers['x-ratelimit-remaining']).toBe('1');
      // A client cannot escape its count by prepending addresses of its own.
      expect((await login(port, '192.0.2.1, 203.0.113.7', 'e@example.test')).status).toBe(429);
    } finally {
      await behindIngress.stop();
    }
  });

  it('ignores X-Forwarded-For from peers it does not trust', async () => {
    const exposed = await gatewayTrusting('');
    try {
      const port = exposed.port;
      expect((await login(port, '203.0.113.1', 'a@example.test')).status).toBe(200);
      expect((await login(port, '203.0.113.2', 'b@example.test')).status).toBe(200);
      expect((await login(port, '203.0.113.3', 'c@example.test')).status).toBe(429);
    } finally {
      await exposed.stop();
    }
  });
});

describe('status and docs', () => {
  it('reports degraded with each service’s state, without credentials', async () => {
    const res = await request(base).get('/v1/status');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'degraded', version: expect.any(String) });
    expect(res.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(res.body.services).toMatchObject({ identity: 'operational', notifications: 'unavailable' });
    const platform = await request(base).get('/api/v1/status');
    expect(platform.body).toMatchObject({ success: true, data: { status: 'degraded' } });
  });

  it('serves an OpenAPI 3.1 document per dialect and the docs page from local assets', async () => {
    const v1 = await request(base).get('/v1/openapi.json');
    expect(v1.body).toMatchObject({ openapi: '3.1.0', servers: [{ url: '/v1' }] });
    expect(Object.keys(v1.body.paths)).toEqual(
      expect.arrayContaining([
        '/status',
        '/users/me',
        '/projects',
        '/projects/{id}',
        '/data/upload',
        '/data/{id}',
      ]),
    );
    const platform = await request(base).get('/api/v1/openapi.json');
    expect(platform.body.servers).toEqual([{ url: '/api/v1' }]);
    for (const path of [
      '/auth/login',
      '/auth/refresh',
      '/auth/logout',
      '/auth/accept-invite',
      '/auth/api-keys',
      '/auth/api-keys/{id}',
      '/users',
      '/users/{user_id}',
      '/organizations',
      '/organizations/{organization_id}',
      '/data/upload',
      '/data/sources',
      '/data/sources/{id}',
      '/data/sources/{id}/schema',
      '/analytics/chart',
      '/analytics/chart/{chart_id}',
      '/analytics/charts',
      '/ai/intelligent-analysis',
      '/ai/analysis/{analysis_id}',
      '/ai/workflow',
      '/ai/workflow/{workflow_id}',
      '/ai/models',
    ]) {
      expect(platform.body.paths[path], path).toBeDefined();
    }
    expect(
      Object.keys(
        platform.body.paths['/data/upload'].post.requestBody.content['multipart/form-data'].schema.properties,
      ),
    ).toEqual(['file', 'data_source_name', 'description', 'tags', 'format', 'sheet']);
    expect(platform.body.paths['/auth/login'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/LoginRequest',
    });
    const page = await request(base).get('/docs');
    expect(page.text).toContain('/docs/assets/swagger-ui-bundle.js');
    const asset = await request(base).get('/docs/assets/swagger-ui-bundle.js');
    expect(asset.status).toBe(200);
    expect(asset.text.length).toBeGreaterThan(100_000);
  });
});
