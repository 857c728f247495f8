import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform, startPlatform } from './platform.js';

let platform: Platform;
let auth: { Authorization: string };

beforeAll(async () => {
  platform = await startPlatform('first_light', { UPSTREAM_TIMEOUT_MS: '2000', HEALTH_TIMEOUT_MS: '500' });
  auth = { Authorization: `Bearer ${await platform.adminToken()}` };
});

afterAll(() => platform?.stop());

describe('the platform through its gateway', () => {
  it('is operational with all seven services', async () => {
    const res = await request(platform.gatewayUrl).get('/v1/status');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('operational');
    expect(res.body.services).toEqual({
      identity: 'operational',
      catalog: 'operational',
      ingestion: 'operational',
      'ai-analytics': 'operational',
      export: 'operational',
      notifications: 'operational',
    });
  });

  it('reaches each service and gets its dialect 404 for routes not built yet', async () => {
    const v1 = await request(platform.gatewayUrl)
      .get('/v1/webhooks/wh_1')
      .set(auth)
      .set('X-Request-Id', 'req_e2e_1');
    expect(v1.status).toBe(404);
    expect(v1.body).toEqual({
      error: {
        code: 'RESOURCE_NOT_FOUND',
        message: 'No route for GET /v1/webhooks/wh_1',
        request_id: 'req_e2e_1',
      },
    });
    const data = await request(platform.gatewayUrl).get('/v1/data/data_1').set(auth);
    expect(data.body.error).toMatchObject({
      code: 'RESOURCE_NOT_FOUND',
      message: 'Data source data_1 not found',
    });
    const platformDialect = await request(platform.gatewayUrl).get('/api/v1/dashboards').set(auth);
    expect(platformDialect.status).toBe(404);
    expect(platformDialect.body).toMatchObject({
      success: false,
      error: { code: 'RESOURCE_NOT_FOUND', message: 'No route for GET /api/v1/dashboards' },
    });
  });

  it('turns degraded when a service stops, and its routes answer 503 in both dialects within the timeout', async () => {
    await platform.services.catalog?.stop();
    const status = await request(platform.gatewayUrl).get('/v1/status');
    expect(status.body.status).toBe('degraded');
    expect(status.body.services.catalog).toBe('unavailable');
    expect(status.body.services.identity).toBe('operational');

    const started = Date.now();
    const v1 = await request(platform.gatewayUrl).get('/v1/projects').set(auth);
    expect(v1.status).toBe(503);
    expect(v1.body.error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      request_id: v1.headers['x-request-id'],
    });
    const api = await request(platform.gatewayUrl).post('/api/v1/dashboards').set(auth).send({ name: 'x' });
    expect(api.status).toBe(503);
    expect(api.body).toMatchObject({
      success: false,
      error: { code: 'SERVICE_UNAVAILABLE', retry_after: 5 },
    });
    expect(Date.now() - started).toBeLessThan(2_000);

    // The rest of the platform keeps serving.
    const other = await request(platform.gatewayUrl).get('/api/v1/users').set(auth);
    expect(other.status).toBe(200);
  });
});
