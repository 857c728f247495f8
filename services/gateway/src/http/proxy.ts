import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AppError, errorBody } from '@sightline/errors';
import { applySecurityHeaders, REQUEST_ID_HEADER } from '@sightline/http-kit';
import type { Logger } from '@sightline/logging';
import type { Request, RequestHandler } from 'express';
import { createProxyMiddleware, fixRequestBody } from 'http-proxy-middleware';
import type { UpstreamAddress } from '../config.js';
import { resolveRoute, type UpstreamName } from '../domain/route-table.js';

/** Headers only the gateway may set; anything a client sends under these names is dropped. */
const INTERNAL_HEADER_PREFIX = 'x-sightline-';

interface ProxiedRequest extends Request {
  upstream?: UpstreamName;
  upstreamTimedOut?: boolean;
}

export interface ProxyOptions {
  upstreams: Record<UpstreamName, UpstreamAddress>;
  timeoutMs: number;
  logger: Logger;
  /** Adds the gateway's own headers (the signed principal) to the upstream request. */
  decorate?: (proxyReq: import('node:http').ClientRequest, req: Request) => void;
  /** Sees each upstream answer before it is relayed (logout denylists its token here). */
  onResponse?: (proxyRes: IncomingMessage, req: Request) => void;
}

/**
 * Forwards `/v1/*` and `/api/v1/*` to the owning service, streaming bodies both ways over
 * keep-alive connections. A refused upstream answers 503 at once; a silent one 504 after the
 * timeout; both in the dialect's error body. Paths no service owns fall through (to the 404).
 */
export function upstreamProxy(options: ProxyOptions): RequestHandler {
  const agent = new Agent({ keepAlive: true, maxSockets: 512, keepAliveMsecs: 30_000 });
  const proxy = createProxyMiddleware<ProxiedRequest, ServerResponse>({
    router: (req) => options.upstreams[req.upstream as UpstreamName].httpUrl,
    changeOrigin: false,
    xfwd: true,
    agent,
    proxyTimeout: options.timeoutMs,
    on: {
      proxyReq: (proxyReq, req) => {
        for (const name of Object.keys(req.headers)) {
          if (name.startsWith(INTERNAL_HEADER_PREFIX)) proxyReq.removeHeader(name);
        }
        proxyReq.setHeader(REQUEST_ID_HEADER, req.requestId);
        proxyReq.setHeader('x-api-dialect', req.dialect);
        options.decorate?.(proxyReq, req);
        // A body the gateway parsed (login, to rate-limit by account) is sent on as it came.
        fixRequestBody(proxyReq, req);
        proxyReq.on('timeout', () => {
          req.upstreamTimedOut = true;
        });
      },
      proxyRes: (proxyRes, req) => options.onResponse?.(proxyRes, req),
      error: (error, req, res) => {
        const request = req as ProxiedRequest;
        const service = request.upstream ?? 'upstream';
        const failure = request.upstreamTimedOut
          ? new AppError('timeout', `The ${service} service did not answer within ${options.timeoutMs} ms`)
          : new AppError('unavailable', `The ${service} service is unavailable; try again shortly`, {
              retryAfter: 5,
            });
        options.logger.warn(
          {
            request_id: request.requestId,
            upstream: service,
            code: (error as NodeJS.ErrnoException).code,
            kind: failure.kind,
          },
          'upstream failed',
        );
        if (!('writeHead' in res)) {
          (res as Socket).destroy();
          return;
        }
        if (res.headersSent) {
          res.destroy();
          return;
        }
        applySecurityHeaders(res);
        res.statusCode = failure.httpStatus(request.dialect);
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        if (failure.retryAfter !== undefined) res.setHeader('Retry-After', String(failure.retryAfter));
        res.end(JSON.stringify(errorBody(request.dialect, failure, request.requestId)));
      },
    },
  });
  return (req, res, next) => {
    const route = resolveRoute(req.path);
    if (!route) return next();
    (req as ProxiedRequest).upstream = route.upstream;
    return proxy(req as ProxiedRequest, res, next);
  };
}

export type { IncomingMessage };
