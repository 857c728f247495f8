import { request } from 'node:http';
import { createLogger } from '@sightline/logging';
import { describe, expect, it } from 'vitest';
import { createHttpApp, finishHttpApp, serveHttp } from '../src/index.js';

// A real listening server on loopback: what a SIGTERM does to requests in flight.
describe('graceful close', () => {
  it('lets a request in flight finish and refuses new connections', async () => {
    const logger = createLogger({ service: 'drain', level: 'silent' });
    const { app } = createHttpApp({ service: 'drain', logger });
    app.get('/v1/slow', (_req, res) => {
      setTimeout(() => res.json({ done: true }), 400);
    });
    finishHttpApp(app, logger);
    const server = await serveHttp(app, 0);
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      request({ port: server.port, host: '127.0.0.1', path: '/v1/slow' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
        .on('error', reject)
        .end();
    });
    await new Promise((r) => setTimeout(r, 100));
    const closed = server.close(5_000);
    const refused = await fetch(`http://127.0.0.1:${server.port}/healthz`).then(
      () => false,
      () => true,
    );
    expect(refused).toBe(true);
    expect(await inFlight).toEqual({ status: 200, body: '{"done":true}' });
    await closed;
  });

  it('cuts connections still open after the grace period', async () => {
    const logger = createLogger({ service: 'drain', level: 'silent' });
    const { app } = createHttpApp({ service: 'drain', logger });
    app.get('/v1/stuck', () => {
      /* never answers */
    });
    const server = await serveHttp(app, 0);
    const stuck = fetch(`http://127.0.0.1:${server.port}/v1/stuck`).catch(() => 'cut');
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await server.close(300);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await stuck).toBe('cut');
  });
});
