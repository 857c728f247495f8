import { readFileSync } from 'node:fs';
import { createGrpcClient, HealthChecker } from '@sightline/grpc-kit';
import { identityV1 } from '@sightline/proto';
import corsMiddleware from 'cors';
import { Authenticator } from './auth/authenticate.js';
import { SigningKeys } from './auth/signing-keys.js';
import { resolveRoute } from './domain/route-table.js';
import { Gatekeeper } from './http/gatekeeper.js';
import { apiTraffic } from './http/api-traffic.js';
import { TrustedProxies } from './http/client-address.js';
import { ApiCallTally } from './store/api-call-tally.js';
import { RedisCounters } from './store/counters.js';
import { createHttpApp, finishHttpApp, type HttpServerHandle, serveHttp } from '@sightline/http-kit';
import type { Logger } from '@sightline/logging';
import type { GatewayConfig } from './config.js';
import { registerDocsRoutes } from './http/docs.js';
import { upstreamProxy } from './http/proxy.js';
import { registerStatusRoutes } from './http/status.js';
import './http/request-state.js';

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
  const counters = new RedisCounters(config.REDIS_URL, logger, config.REDIS_KEY_PREFIX);
  if (!(await counters.connected(3_000)))
    logger.warn('Redis not reachable at start: limiting locally until it is');
  const identity = createGrpcClient(
    identityV1.IdentityServiceService,
    config.upstreams.identity.grpcAddress,
    {
      deadlineMs: 2_000,
      // A retried report could count the same calls twice.
      nonIdempotent: ['recordApiCalls'],
    },
  );
  const apiCalls = new ApiCallTally(async (counts) => {
    await identity.recordApiCalls({ counts });
  }, logger);
  const authenticator = new Authenticator(
    identity,
    new SigningKeys(identity, logger),
    logger,
    config.API_KEY_CACHE_MS,
  );
  // Bodies are never parsed here (login aside): they stream through to the service that owns the route.
  const { app, trackRequest } = createHttpApp({
    service: 'gateway',
    logger,
    parseJson: false,
    trustDialectHeader: false,
    requestContext: false,
    // Proxied answers carry the security headers of the service that wrote them.
    securityHeadersFor: (req) => resolveRoute(req.path) === undefined,
    // Proxied requests are measured per service.
    routeLabel: (req) => req.upstream,
    readiness: { redis: () => counters.readiness() },
  });
  const cors =
    config.corsOrigins.length > 0
      ? corsMiddleware({
          origin: config.corsOrigins,
          maxAge: 600,
          exposedHeaders: [
            'X-Request-Id',
            'X-RateLimit-Limit',
            'X-RateLimit-Remaining',
            'X-RateLimit-Reset',
            'Retry-After',
          ],
        })
      : undefined;
  const gatekeeper = new Gatekeeper({
    authenticator,
    counters,
    identity,
    limits: config.limits,
    trustedProxies: new TrustedProxies(config.TRUSTED_PROXIES),
    apiCalls,
    internalSecret: config.INTERNAL_AUTH_SECRET,
    logger,
  });
  const proxy = upstreamProxy({
    upstreams: config.upstreams,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    logger,
    decorate: (proxyReq, req) => gatekeeper.decorate(proxyReq, req),
    onResponse: (proxyRes, req) => gatekeeper.onResponse(proxyRes, req),
  });
  // Requests express serves: the gateway's own routes, logins, unknown paths.
  if (cors) app.use(cors);
  app.use(gatekeeper.middleware());
  app.use((req, res, next) => {
    const route = resolveRoute(req.path);
    if (!route) return next();
    proxy.forward(req, res, route.upstream);
  });
  registerStatusRoutes(app, {
    version: VERSION,
    upstreams: config.upstreams,
    health,
    healthTimeoutMs: config.HEALTH_TIMEOUT_MS,
  });
  registerDocsRoutes(app, VERSION);
  finishHttpApp(app, logger);
  const api = apiTraffic({ gatekeeper, proxy, logger, trackRequest, ...(cors ? { cors } : {}) });
  const server: HttpServerHandle = await serveHttp(
    (req, res) => {
      if (!api(req, res)) app(req, res);
    },
    config.PORT,
    config.HOST,
  );
  logger.info({ port: server.port }, 'gateway ready');
  return {
    port: server.port,
    async stop() {
      await server.close(config.SHUTDOWN_GRACE_MS);
      health.close();
      await apiCalls.close();
      identity.close();
      await counters.close();
    },
  };
}
