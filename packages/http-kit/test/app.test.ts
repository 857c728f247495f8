import { AppError } from '@sightline/errors';
import { createLogger } from '@sightline/logging';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApp, finishHttpApp, sendResult, validate } from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });

function build(readiness = {}) {
  const { app } = createHttpApp({ service: 'test', logger, readiness, jsonLimit: 64 });
  app.post(['/v1/things', '/api/v1/things'], (req, res) => {
    const body = validate(z.object({ name: z.string().min(1) }), req.body);
    sendResult(req, res, { id: 'thing_1', name: body.name }, { status: 201 });
  });
  app.get('/v1/boom', () => {
    throw new Error('secret internals');
  });
  app.get('/api/v1/limited', () => {
    throw new AppError('rate_limited', 'Rate limit exceeded. Try again in 60 seconds.', { retryAfter: 60 });
  });
  finishHttpApp(app, logger);
  return app;
}

describe('createHttpApp', () => {
  it('echoes a well-formed request id and makes one otherwise', async () => {
    const app = build();
    const kept = await request(app).get('/healthz').set('X-Request-Id', 'req_abc');
    expect(kept.headers['x-request-id']).toBe('req_abc');
    const made = await request(app).get('/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(made.headers['x-request-id']).toMatch(/^req_\w+$/);
  });

  it('answers in each dialect', async () => {
    const app = build();
    const v1 = await request(app).post('/v1/things').send({ name: 'a' });
    expect(v1.status).toBe(201);
    expect(v1.body).toEqual({ id: 'thing_1', name: 'a' });
    const platform = await request(app).post('/api/v1/things').send({ name: 'a' });
    expect(platform.body).toMatchObject({ success: true, data: { id: 'thing_1', name: 'a' } });
  });

  it('renders validation errors with status and field per dialect', async () => {
    const app = build();
    const v1 = await request(app).post('/v1/things').send({ name: '' });
    expect(v1.status).toBe(400);
    expect(v1.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      field: 'name',
      request_id: v1.headers['x-request-id'],
    });
    const platform = await request(app).post('/api/v1/things').send({});
    expect(platform.status).toBe(422);
    expect(platform.body).toMatchObject({
      success: false,
      error: { code: 'VALIDATION_ERROR', details: { field: 'name' } },
    });
  });

  it('answers unknown routes with the dialect 404, never HTML', async () => {
    const app = build();
    const v1 = await request(app).get('/v1/nothing');
    expect(v1.status).toBe(404);
    expect(v1.body.error.code).toBe('RESOURCE_NOT_FOUND');
    const platform = await request(app).get('/api/v1/nothing');
    expect(platform.body).toMatchObject({ success: false, error: { code: 'RESOURCE_NOT_FOUND' } });
  });

  it('hides internal errors and refuses oversized or malformed JSON', async () => {
    const app = build();
    const boom = await request(app).get('/v1/boom');
    expect(boom.status).toBe(500);
    expect(JSON.stringify(boom.body)).not.toContain('secret');
    const big = await request(app)
      .post('/v1/things')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(200) }));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const bad = await request(app).post('/v1/things').set('Content-Type', 'application/json').send('{nope');
    expect(bad.status).toBe(400);
  });

  it('adds Retry-After and retry_after on rate limits', async () => {
    const res = await request(build()).get('/api/v1/limited');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.body.error.retry_after).toBe(60);
  });

  it('reports readiness per dependency', async () => {
    const app = build({
      mongo: async () => undefined,
      redis: async () => ({ status: 'degraded', detail: 'local limiter' }),
      kafka: async () => {
        throw new Error('broker down');
      },
    });
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.checks).toMatchObject({
      mongo: { status: 'up' },
      redis: { status: 'degraded', detail: 'local limiter' },
      kafka: { status: 'down', detail: 'broker down' },
    });
  });

  it('serves Prometheus metrics and security headers', async () => {
    const app = build();
    await request(app).get('/healthz');
    const res = await request(app).get('/metrics');
    expect(res.text).toContain('http_request_duration_seconds');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
