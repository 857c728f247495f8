import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HealthChecker } from '@sightline/grpc-kit';
import type { Logger } from '@sightline/logging';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolate, testLogger } from './index.js';

/** The parts of a started service the basic checks need. */
export interface StartedService {
  httpPort: number;
  grpcPort: number;
  stop(): Promise<void>;
}

export interface ServiceBasicsOptions {
  name: string;
  /** The gRPC service name its health service reports. */
  grpcServiceName: string;
  /** Dependencies `/readyz` must report as up. */
  dependencies: string[];
  start(env: Record<string, string>, logger: Logger): Promise<StartedService>;
  /** The service's `src/main.ts`, started as its own process to check refusal of bad configuration. */
  main: URL;
}

/**
 * The behaviour every service shares, checked against the real infrastructure: health,
 * readiness per dependency, metrics, dialect 404s with request ids, gRPC health, and a
 * clean stop that takes the gRPC server down.
 */
export function describeServiceBasics(options: ServiceBasicsOptions): void {
  describe(`${options.name} basics (real infrastructure)`, () => {
    const iso = isolate(options.name);
    const health = new HealthChecker();
    let service: StartedService | undefined;
    let base = '';

    beforeAll(async () => {
      service = await options.start(iso.serviceEnv(), testLogger(options.name));
      base = `http://127.0.0.1:${service.httpPort}`;
    });

    afterAll(async () => {
      await service?.stop();
      health.close();
      await iso.cleanup();
    });

    it('is alive and ready, with each dependency reported', async () => {
      await request(base).get('/healthz').expect(200, { status: 'ok', service: options.name });
      const ready = await request(base).get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ready');
      expect(Object.keys(ready.body.checks).sort()).toEqual([...options.dependencies].sort());
      for (const dependency of options.dependencies) expect(ready.body.checks[dependency].status).toBe('up');
    });

    it('serves Prometheus metrics', async () => {
      const res = await request(base).get('/metrics');
      expect(res.status).toBe(200);
      expect(res.text).toContain('process_cpu_user_seconds_total');
    });

    it('answers unknown routes with each dialect’s 404 and echoes the request id', async () => {
      const v1 = await request(base).get('/v1/no-such-thing').set('X-Request-Id', 'req_basics1');
      expect(v1.status).toBe(404);
      expect(v1.headers['x-request-id']).toBe('req_basics1');
      expect(v1.body).toEqual({
        error: {
          code: 'RESOURCE_NOT_FOUND',
          message: 'No route for GET /v1/no-such-thing',
          request_id: 'req_basics1',
        },
      });
      const platform = await request(base).get('/api/v1/no-such-thing');
      expect(platform.status).toBe(404);
      expect(platform.body).toMatchObject({ success: false, error: { code: 'RESOURCE_NOT_FOUND' } });
      expect(platform.body.error.request_id).toBe(platform.headers['x-request-id']);
    });

    it('refuses to start on a malformed variable, naming it, with exit code 78', async () => {
      const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          ['--import', 'tsx', fileURLToPath(options.main)],
          { env: { ...process.env, ...iso.serviceEnv(), GRPC_PORT: 'fifty' }, timeout: 30_000 },
          (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
        );
      });
      expect(outcome.code).toBe(78);
      expect(outcome.stderr).toContain('GRPC_PORT');
    });

    it('reports SERVING on the standard gRPC health service, then goes away on stop', async () => {
      const address = `127.0.0.1:${service?.grpcPort}`;
      expect(await health.check(address, 2_000)).toBe('SERVING');
      expect(await health.check(address, 2_000, options.grpcServiceName)).toBe('SERVING');
      await service?.stop();
      expect(['UNREACHABLE', 'NOT_SERVING']).toContain(await health.check(address, 1_000));
      service = undefined;
    });
  });
}
