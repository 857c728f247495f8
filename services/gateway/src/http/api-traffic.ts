import type { IncomingMessage, ServerResponse } from 'node:http';
import { toAppError } from '@sightline/errors';
import { type HttpApp, sendError } from '@sightline/http-kit';
import type { Logger } from '@sightline/logging';
import { pathOf, resolveRoute } from '../domain/route-table.js';
import { type Gatekeeper, LOGIN } from './gatekeeper.js';
import type { UpstreamProxy } from './proxy.js';
import type { GatewayRequest } from './request-state.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface ApiTrafficOptions {
  gatekeeper: Gatekeeper;
  proxy: UpstreamProxy;
  logger: Logger;
  /** http-kit's request id, dialect and duration metric, shared with the express path. */
  trackRequest: HttpApp['trackRequest'];
  /** CORS for browsers, when origins are configured (answers preflights itself). */
  cors?: Middleware;
}

/**
 * The path of every request a service answers: request id, admission (credentials and rate
 * limits) and the proxy, on plain Node requests. Express's per-request work (prototype swaps,
 * the router) cost about as much as the proxying itself, so it is kept for the gateway's own
 * routes: status, docs, logins (whose body is read) and unknown paths. Returns false for those.
 */
export function apiTraffic(
  options: ApiTrafficOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (incoming, res) => {
    const path = pathOf(incoming.url);
    if (path === undefined || (path === LOGIN && incoming.method === 'POST')) return false;
    const route = resolveRoute(path);
    if (!route) return false;
    options.trackRequest(incoming, res, route.dialect, () => route.upstream);
    const req = incoming as GatewayRequest;
    const refuse = (error: unknown) => {
      const failure = toAppError(error);
      if (failure.kind === 'internal') options.logger.error({ err: error, path }, 'request failed');
      if (!res.headersSent) sendError(req, res, failure);
    };
    const admitAndForward = (error?: unknown) => {
      if (error) return refuse(error);
      options.gatekeeper
        .admit(req, path, res)
        .then(() => options.proxy.forward(req, res, route.upstream))
        .catch(refuse);
    };
    if (options.cors) options.cors(req, res, admitAndForward);
    else admitAndForward();
    return true;
  };
}
