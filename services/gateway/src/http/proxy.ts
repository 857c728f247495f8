import { Agent, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '@sightline/errors';
import { REQUEST_ID_HEADER, sendError } from '@sightline/http-kit';
import type { Logger } from '@sightline/logging';
import {
  createProxyMiddleware,
  fixRequestBody,
  type Plugin,
  type RequestHandler as ProxyHandler,
} from 'http-proxy-middleware';
import type { UpstreamAddress } from '../config.js';
import { UPSTREAMS, type UpstreamName } from '../domain/route-table.js';
import type { GatewayRequest } from './request-state.js';

/** Headers only the gateway may set; anything a client sends under these names is dropped. */
const INTERNAL_HEADER_PREFIX = 'x-sightline-';

export interface ProxyOptions {
  upstreams: Record<UpstreamName, UpstreamAddress>;
  timeoutMs: number;
  logger: Logger;
  /** Adds the gateway's own headers (the signed principal) to the upstream request. */
  decorate?: (proxyReq: ClientRequest, req: GatewayRequest) => void;
  /** Sees each upstream answer before it is relayed (logout denylists its token here). */
  onResponse?: (proxyRes: IncomingMessage, req: GatewayRequest) => void;
}

/** Sends admitted requests on to the service that owns them. */
export interface UpstreamProxy {
  forward(req: GatewayRequest, res: ServerResponse, upstream: UpstreamName): void;
}

/**
 * Forwards requests to their service, streaming bodies both ways over keep-alive connections.
 * A refused upstream answers 503 at once; a silent one 504 after the timeout; both in the
 * dialect's error body.
 */
export function upstreamProxy(options: ProxyOptions): UpstreamProxy {
  const agent = new Agent({ keepAlive: true, maxSockets: 512, keepAliveMsecs: 30_000 });
  const plugin = gatewayPlugin(options);
  // One proxy per service with a fixed target: no per-request routing or target parsing. Only
  // the plugin below listens to proxy events (the default plugins log and build a URL per answer).
  const proxies = Object.fromEntries(
    UPSTREAMS.map((name) => [
      name,
      createProxyMiddleware<GatewayRequest, ServerResponse>({
        target: options.upstreams[name].httpUrl,
        changeOrigin: false,
        xfwd: true,
        agent,
        ejectPlugins: true,
        plugins: [plugin],
      }),
    ]),
  ) as Record<UpstreamName, ProxyHandler<GatewayRequest, ServerResponse>>;
  return {
    forward(req, res, upstream) {
      req.upstream = upstream;
      proxies[upstream](req, res, (error?: unknown) => upstreamFailed(options, error, req, res));
    },
  };
}

function gatewayPlugin(options: ProxyOptions): Plugin<GatewayRequest, ServerResponse> {
  return (proxyServer) => {
    proxyServer.on('proxyReq', (proxyReq, req) => {
      for (const name in req.headers) {
        if (name.startsWith(INTERNAL_HEADER_PREFIX)) proxyReq.removeHeader(name);
      }
      // Services trust the signed principal, never raw credentials: they need not see (or log)
      // the client's token. Public routes keep it (refresh sends its token this way).
      if (req.principal) proxyReq.removeHeader('authorization');
      proxyReq.setHeader(REQUEST_ID_HEADER, req.requestId);
      proxyReq.setHeader('x-api-dialect', req.dialect);
      options.decorate?.(proxyReq, req);
      // A body the gateway parsed (login, to rate-limit by account) is sent on as it came.
      fixRequestBody(proxyReq, req);
      // An upstream silent for the timeout is cut off, and the failure says it timed out.
      proxyReq.setTimeout(options.timeoutMs, () => {
        req.upstreamTimedOut = true;
        proxyReq.destroy();
      });
    });
    proxyServer.on('proxyRes', (proxyRes, req, res) => {
      options.onResponse?.(proxyRes, req);
      // A client that goes away mid-answer (a long export, an event stream) frees the upstream too.
      res.once('close', () => {
        if (!res.writableEnded) proxyRes.destroy();
      });
      // An upstream that dies mid-answer cuts the client off too: a truncated body must not wait
      // forever or pass for a whole one.
      const cutOff = () => {
        if (!proxyRes.complete) res.destroy();
      };
      proxyRes.once('error', cutOff);
      proxyRes.once('close', cutOff);
    });
    proxyServer.on('error', (error, req, res) => upstreamFailed(options, error, req, res));
  };
}

function upstreamFailed(
  options: ProxyOptions,
  error: unknown,
  req: GatewayRequest,
  res: ServerResponse | Socket,
): void {
  const service = req.upstream ?? 'upstream';
  const failure = req.upstreamTimedOut
    ? new AppError('timeout', `The ${service} service did not answer within ${options.timeoutMs} ms`)
    : new AppError('unavailable', `The ${service} service is unavailable; try again shortly`, {
        retryAfter: 5,
      });
  options.logger.warn(
    {
      request_id: req.requestId,
      upstream: service,
      code: (error as NodeJS.ErrnoException | undefined)?.code,
      kind: failure.kind,
    },
    'upstream failed',
  );
  if (!('writeHead' in res) || res.headersSent) {
    res.destroy();
    return;
  }
  sendError(req, res, failure);
}
