import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, type Dialect, dialectForPath, errorBody, toAppError } from '@sightline/errors';
import { type Logger, withRequestContext } from '@sightline/logging';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { dialectOf, REQUEST_ID_HEADER, requestIdFrom } from './context.js';

/** What one dependency said when asked whether it answers. */
export interface CheckResult {
  /** `degraded` keeps the service ready but says it runs without the dependency (e.g. fail-open). */
  status: 'up' | 'degraded' | 'down';
  detail?: string;
}

/** Asks one dependency whether it answers; throwing counts as down. */
export type ReadinessCheck = () => Promise<CheckResult | undefined>;

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  /** Per-dependency checks behind `/readyz`. */
  readiness?: Record<string, ReadinessCheck>;
  /** Largest JSON body accepted (default 1 MiB). Uploads stream and never pass the JSON parser. */
  jsonLimit?: string | number;
  /** Skip the JSON parser (the gateway streams bodies through untouched). */
  parseJson?: boolean;
  /** Timeout of each readiness check. */
  readinessTimeoutMs?: number;
  /**
   * Which responses get the security headers here (default: all). The gateway leaves proxied
   * responses to the service that writes them, which sets the same headers.
   */
  securityHeadersFor?: (req: import('express').Request) => boolean;
  /** The `route` metric label of a request no express route matched (the gateway names the upstream). */
  routeLabel?: (req: import('express').Request) => string | undefined;
  /**
   * Whether log lines written while handling a request carry its id automatically (async
   * context). The gateway turns it off on its hot path and passes the id explicitly.
   */
  requestContext?: boolean;
  /**
   * Whether to believe an `x-api-dialect` header (services behind the gateway do). The gateway
   * itself decides from the path, so clients cannot pick the dialect a service answers in.
   */
  trustDialectHeader?: boolean;
}

export interface HttpApp {
  app: Express;
  metrics: Registry;
  /**
   * Gives a request its id (kept from the caller when well-formed, echoed as `X-Request-Id`) and
   * dialect, and records its duration under `routeOf()` when it finishes. The app does this for
   * every request it serves; requests served outside it (the gateway's proxy path) call it.
   */
  trackRequest(
    req: IncomingMessage & { requestId?: string; dialect?: Dialect },
    res: ServerResponse,
    dialect: Dialect,
    routeOf: () => string,
  ): asserts req is IncomingMessage & { requestId: string; dialect: Dialect };
}

async function runCheck(
  check: ReadinessCheck,
  timeoutMs: number,
): Promise<CheckResult & { latency_ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', ...result, latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      detail: error instanceof Error ? error.message : String(error),
      latency_ms: Math.round(performance.now() - started),
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * helmet's headers for an API, computed once: an API serves no HTML, so the strictest content
 * policy applies (docs pages set their own). Setting a fixed list per request costs far less
 * than running helmet's dozen middlewares each time, and sends the same headers.
 */
const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = (() => {
  const headers: Array<[string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
  }) as unknown as (req: object, res: typeof recorder, next: () => void) => void;
  middleware({}, recorder, () => undefined);
  return headers;
})();

/** Sets the API's security headers on a response (helmet's, computed once). */
export function applySecurityHeaders(res: { setHeader(name: string, value: string): unknown }): void {
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
}

/**
 * An express app with the platform's cross-cutting behaviour: security headers, request ids in
 * and out, the request's dialect, JSON size limit, `/healthz`, `/readyz`, `/metrics`.
 * Add routes, then call `finishHttpApp` to install the dialect 404 and error handlers.
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const app = express();
  const metrics = new Registry();
  metrics.setDefaultLabels({ service: options.service });
  collectDefaultMetrics({ register: metrics });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics],
  });

  // One series per method, route and status, looked up by a plain key: prom-client's own label
  // lookup builds and sorts a label hash on every observation.
  const series = new Map<string, { observe(seconds: number): void }>();
  const observeRequest = (method: string, route: string, status: number, seconds: number) => {
    const key = `${method} ${status} ${route}`;
    let found = series.get(key);
    if (!found) {
      found = duration.labels(method, route, String(status));
      series.set(key, found);
    }
    found.observe(seconds);
  };
  const trackRequest: HttpApp['trackRequest'] = (req, res, dialect, routeOf) => {
    req.requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    req.dialect = dialect;
    res.setHeader('X-Request-Id', req.requestId);
    const started = performance.now();
    res.once('finish', () => {
      observeRequest(req.method ?? 'GET', routeOf(), res.statusCode, (performance.now() - started) / 1000);
    });
  };

  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  const context: RequestHandler = (req, res, next) => {
    const dialect = options.trustDialectHeader === false ? dialectForPath(req.path) : dialectOf(req);
    trackRequest(req, res, dialect, () => {
      const pattern = (req.route as { path?: string } | undefined)?.path;
      if (pattern !== undefined) return `${req.baseUrl}${pattern}`;
      return options.routeLabel?.(req) ?? (res.statusCode === 404 ? 'unmatched' : 'other');
    });
    if (!options.securityHeadersFor || options.securityHeadersFor(req)) applySecurityHeaders(res);
    if (options.requestContext === false) next();
    else withRequestContext({ requestId: req.requestId }, () => next());
  };
  app.use(context);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.service });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = options.readiness ?? {};
    const timeout = options.readinessTimeoutMs ?? 2_000;
    const entries = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check, timeout)] as const),
    );
    const ready = entries.every(([, result]) => result.status !== 'down');
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      service: options.service,
      checks: Object.fromEntries(entries),
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.contentType);
    res.send(await metrics.metrics());
  });

  if (options.parseJson !== false) {
    app.use(express.json({ limit: options.jsonLimit ?? '1mb' }));
  }
  return { app, metrics, trackRequest };
}

/** What an error answer needs to know about its request. */
export interface ErrorTarget {
  dialect: Dialect;
  requestId: string;
}

/**
 * Writes a failure as the dialect's error body, with the security headers and `Retry-After`
 * when the error has one. Works on a bare `ServerResponse` (the gateway's proxy path).
 */
export function sendError(req: ErrorTarget, res: ServerResponse, error: AppError): void {
  applySecurityHeaders(res);
  if (error.retryAfter !== undefined) res.setHeader('Retry-After', String(error.retryAfter));
  const body = JSON.stringify(errorBody(req.dialect, error, req.requestId));
  res.statusCode = error.httpStatus(req.dialect);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** Installs the dialect 404 for unknown routes and the error handler that renders every failure. */
export function finishHttpApp(app: Express, logger: Logger): void {
  app.use((req, _res, next) => {
    next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
  });
  const handler: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const appError = fromExpressError(error);
    if (appError.kind === 'internal') logger.error({ err: error, path: req.path }, 'request failed');
    sendError(req, res, appError);
  };
  app.use(handler);
}

/** Maps body-parser failures (too large, bad JSON) to the errors a client can act on. */
function fromExpressError(error: unknown): AppError {
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    return new AppError('payload_too_large', `Request body exceeds the limit of ${limit ?? '?'} bytes`);
  }
  if (type === 'entity.parse.failed') return new AppError('validation', 'Request body is not valid JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('unsupported_media_type', 'Unsupported body encoding');
  }
  return toAppError(error);
}
