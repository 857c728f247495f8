import { AppError } from '@sightline/errors';
import type { GrpcClient } from '@sightline/grpc-kit';
import type { Logger } from '@sightline/logging';
import { PRINCIPAL_HEADER, type Principal, signPrincipal } from '@sightline/principal';
import type { identityV1 } from '@sightline/proto';
import express, { type Express, type Request, type RequestHandler } from 'express';
import type { Authenticator } from '../auth/authenticate.js';
import { categoryOf, type LimitSettings, limitChecks, verdict } from '../domain/rate-limits.js';
import { dialectOfPath } from '../domain/route-table.js';
import type { Counters } from '../store/counters.js';
import './request-principal.js';

/** Routes anyone may call: status, API documents, and the ways to get credentials. */
const PUBLIC_ROUTES = new Set([
  'GET /v1/status',
  'GET /api/v1/status',
  'GET /v1/openapi.json',
  'GET /api/v1/openapi.json',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/accept-invite',
]);

const LOGIN = '/api/v1/auth/login';
const LOGOUT = '/api/v1/auth/logout';

type IdentityClient = GrpcClient<typeof identityV1.IdentityServiceService>;

export interface GatekeeperOptions {
  authenticator: Authenticator;
  counters: Counters;
  identity: IdentityClient;
  limits: LimitSettings;
  internalSecret: string;
  logger: Logger;
}

function belowBase(path: string): string {
  return path.replace(/^\/(api\/)?v1(?=\/|$)/, '');
}

/**
 * Authenticates `/v1` and `/api/v1` requests, applies the rate limits with their headers, and
 * prepares the signed principal the proxy forwards. Installs a small JSON parser on login only,
 * so logins are also limited per account.
 */
export function installGatekeeper(
  app: Express,
  options: GatekeeperOptions,
): {
  decorate: (proxyReq: import('node:http').ClientRequest, req: Request) => void;
  onResponse: (proxyRes: import('node:http').IncomingMessage, req: Request) => void;
} {
  const quotaCache = new Map<string, { quota: number; until: number }>();
  const enterpriseQuota = async (principal: Principal): Promise<number | undefined> => {
    if (principal.plan !== 'enterprise') return undefined;
    const cached = quotaCache.get(principal.org);
    if (cached && cached.until > Date.now()) return cached.quota;
    try {
      const { organization } = await options.identity.getOrganization(
        { organizationId: principal.org },
        { deadlineMs: 1_000 },
      );
      const quota = organization?.hourlyQuota || options.limits.hourly.enterprise;
      quotaCache.set(principal.org, { quota, until: Date.now() + 60_000 });
      return quota;
    } catch {
      return options.limits.hourly.enterprise;
    }
  };

  app.post(LOGIN, express.json({ limit: '16kb' }));

  const gate: RequestHandler = async (req, res, next) => {
    try {
      if (!dialectOfPath(req.path)) return next();
      const isPublic = PUBLIC_ROUTES.has(`${req.method} ${req.path}`) || req.method === 'OPTIONS';
      let principal: Principal | undefined;
      let authError: unknown;
      if (!isPublic) {
        try {
          principal = await options.authenticator.authenticate(req);
        } catch (error) {
          authError = error;
        }
      }
      const email =
        req.path === LOGIN && typeof req.body?.email === 'string'
          ? (req.body.email as string).slice(0, 254)
          : undefined;
      const checks = limitChecks(
        {
          category: categoryOf(belowBase(req.path)),
          clientIp: req.socket.remoteAddress ?? 'unknown',
          ...(principal ? { principal, hourlyQuota: await enterpriseQuota(principal) } : {}),
          ...(email ? { loginAccount: email } : {}),
        },
        options.limits,
      );
      const { states, denied } = await options.counters.bump(checks, principal?.jti);
      const outcome = verdict(states, Date.now());
      res.setHeader('X-RateLimit-Limit', String(outcome.limit));
      res.setHeader('X-RateLimit-Remaining', String(outcome.remaining));
      res.setHeader('X-RateLimit-Reset', String(outcome.reset));
      if (authError) throw authError;
      if (denied) throw new AppError('unauthenticated', 'Access token has been revoked');
      if (outcome.exceeded) {
        throw new AppError(
          'rate_limited',
          `Rate limit exceeded. Try again in ${outcome.retryAfterSeconds} seconds.`,
          {
            retryAfter: outcome.retryAfterSeconds,
          },
        );
      }
      if (principal) req.principal = principal;
      next();
    } catch (error) {
      next(error);
    }
  };
  app.use(gate);

  // A signed principal lives 60 s; reuse it for 30 s (principals are cached objects per credential).
  const signed = new WeakMap<Principal, { token: string; until: number }>();
  const forwarded = (principal: Principal): string => {
    const now = Date.now();
    const cached = signed.get(principal);
    if (cached && cached.until > now) return cached.token;
    const token = signPrincipal(principal, options.internalSecret, 60, now);
    signed.set(principal, { token, until: now + 30_000 });
    return token;
  };

  return {
    decorate: (proxyReq, req) => {
      if (req.principal) proxyReq.setHeader(PRINCIPAL_HEADER, forwarded(req.principal));
    },
    onResponse: (proxyRes, req) => {
      const principal = req.principal;
      if (
        req.method !== 'POST' ||
        req.path !== LOGOUT ||
        !principal?.jti ||
        (proxyRes.statusCode ?? 500) >= 300
      )
        return;
      const ttl = Math.max(1, (principal.texp ?? 0) - Math.floor(Date.now() / 1000));
      options.counters.deny(principal.jti, ttl).catch((error: unknown) => {
        options.logger.error({ err: error }, 'could not denylist a logged-out token');
      });
    },
  };
}
