import { readFileSync } from 'node:fs';
import { HealthChecker } from '@sightline/grpc-kit';
import { createHttpApp, finishHttpApp, type HttpServerHandle, serveHttp } from '@sightline/http-kit';
import type { Logger } from '@sightline/logging';
import type { GatewayConfig } from './config.js';
import { registerDocsRoutes } from './http/docs.js';
import { upstreamProxy } from './http/proxy.js';
import { registerStatusRoutes } from './http/status.js';

/** The platform version the gateway reports (its package version). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** A started gateway. */
export interface RunningGateway {
  port: number;
  stop(): Promise<void>;
}

/** Starts the gateway: status and docs routes, then the proxy to every service. */
export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const health = new HealthChecker();
  // Bodies are never parsed here: they stream through to the service that owns the route.
  const { app } = createHttpApp({ service: 'gateway', logger, parseJson: false, trustDialectHeader: false });
  registerStatusRoutes(app, {
    version: VERSION,
    upstreams: config.upstreams,
    health,
    healthTimeoutMs: config.HEALTH_TIMEOUT_MS,
  });
  registerDocsRoutes(app, VERSION);
  app.use(upstreamProxy({ upstreams: config.upstreams, timeoutMs: config.UPSTREAM_TIMEOUT_MS, logger }));
  finishHttpApp(app, logger);
  const server: HttpServerHandle = await serveHttp(app, config.PORT, config.HOST);
  logger.info({ port: server.port }, 'gateway ready');
  return {
    port: server.port,
    async stop() {
      await server.close(config.SHUTDOWN_GRACE_MS);
      health.close();
    },
  };
}
