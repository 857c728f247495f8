import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@sightline/errors';
import type { GrpcClient } from '@sightline/grpc-kit';
import type { Logger } from '@sightline/logging';
import {
  PRINCIPAL_HEADER,
  type Principal,
  parseRevokedSessions,
  REVOKED_SESSIONS_HEADER,
  signPrincipal,
} from '@sightline/principal';
import type { identityV1 } from '@sightline/proto';
import express, { type RequestHandler } from 'express';
import type { Authenticator } from '../auth/authenticate.js';
import { categoryOf, type LimitSettings, limitChecks, verdict } from '../domain/rate-limits.js';
import { RefreshingCache } from '../domain/refreshing-cache.js';
import { dialectOfPath, pathOf } from '../domain/route-table.js';
import type { ApiCallTally } from '../store/api-call-tally.js';
import type { Counters } from '../store/counters.js';
import type { TrustedProxies } from './client-address.js';
import type { GatewayRequest } from './request-state.js';

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

/** Logins are limited per account too, so their (small) body is read here. */
export const LOGIN = '/api/v1/auth/login';
const LOGOUT = '/api/v1/auth/logout';

type IdentityClient = GrpcClient<typeof identityV1.IdentityServiceService>;

export interface GatekeeperOptions {
  authenticator: Authenticator;
  counters: Counters;
  identity: IdentityClient;
  limits: LimitSettings;
  /** Whose X-Forwarded-For names the client that per-IP limits count. */
  trustedProxies: TrustedProxies;
  /** Counts each organization's admitted calls for its monthly usage. */
  apiCalls: ApiCallTally;
  internalSecret: string;
  logger: Logger;
}

/** The denylist id of a sign-in (refresh-token family): revoking it stops every access token it issued. */
function familyRevocation(family: string): string {
  return `fam:${family}`;
}

/** What may be denylisted about an access token: itself and its sign-in (API keys: nothing). */
function revocationIds(principal: Principal): string[] {
  const ids: string[] = [];
  if (principal.jti) ids.push(principal.jti);
  if (principal.fam) ids.push(familyRevocation(principal.fam));
  return ids;
}

function belowBase(path: string): string {
  return path.replace(/^\/(api\/)?v1(?=\/|$)/, '');
}

/**
 * Admits `/v1` and `/api/v1` requests: authenticates them, applies the rate limits with their
 * headers, and signs the principal the proxy forwards to services.
 */
export class Gatekeeper {
  /** Enterprise organizations' own hourly quotas, asked of identity about once a minute. */
  private readonly quotas = new RefreshingCache<number>(60_000);
  /** A signed principal lives 60 s; it is reused for 30 s (principals are cached per credential). */
  private readonly signed = new WeakMap<Principal, { token: string; until: number }>();

  constructor(private readonly options: GatekeeperOptions) {}

  /**
   * Checks one API request at `path`: sets the three rate-limit headers on `res` and
   * `req.principal` when credentials are verified; throws the error to answer otherwise.
   */
  async admit(req: GatewayRequest, path: string, res: ServerResponse): Promise<void> {
    const isPublic = req.method === 'OPTIONS' || PUBLIC_ROUTES.has(`${req.method} ${path}`);
    let principal: Principal | undefined;
    let authError: unknown;
    if (!isPublic) {
      try {
        principal = await this.options.authenticator.authenticate(req);
      } catch (error) {
        authError = error;
      }
    }
    const body = req.body as { email?: unknown } | undefined;
    const email = path === LOGIN && typeof body?.email === 'string' ? body.email.slice(0, 254) : undefined;
    const checks = limitChecks(
      {
        category: categoryOf(belowBase(path)),
        clientIp: this.options.trustedProxies.clientAddress(
          req.socket.remoteAddress,
          req.headers['x-forwarded-for'],
        ),
        ...(principal ? { principal, hourlyQuota: await this.enterpriseQuota(principal) } : {}),
        ...(email ? { loginAccount: email } : {}),
      },
      this.options.limits,
    );
    const { states, denied } = await this.options.counters.bump(
      checks,
      principal && revocationIds(principal),
    );
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
        { retryAfter: outcome.retryAfterSeconds },
      );
    }
    if (principal) {
      req.principal = principal;
      this.options.apiCalls.count(principal.org);
    }
  }

  /** The same checks as express middleware, for the API requests express serves (logins, status). */
  middleware(): RequestHandler {
    const loginBody = express.json({ limit: '16kb' });
    return (req, res, next) => {
      if (!dialectOfPath(req.path)) return next();
      const admit = () => this.admit(req, req.path, res).then(() => next(), next);
      if (req.method === 'POST' && req.path === LOGIN) {
        loginBody(req, res, (error?: unknown) => (error ? next(error) : admit()));
      } else admit();
    };
  }

  /** Adds the signed principal to a request on its way to a service. */
  decorate(proxyReq: ClientRequest, req: GatewayRequest): void {
    if (req.principal) proxyReq.setHeader(PRINCIPAL_HEADER, this.forwarded(req.principal));
  }

  /**
   * Learns from identity's answers which access tokens to refuse from now on: a logged-out
   * token, and every token of the sign-ins identity names as revoked (logout, refresh-token
   * reuse, a changed role, a disabled account). That header never reaches the client.
   */
  onResponse(proxyRes: IncomingMessage, req: GatewayRequest): void {
    const announced = proxyRes.headers[REVOKED_SESSIONS_HEADER];
    if (announced !== undefined) {
      delete proxyRes.headers[REVOKED_SESSIONS_HEADER];
      const revoked = req.upstream === 'identity' ? parseRevokedSessions(announced) : undefined;
      if (revoked) {
        for (const family of revoked.families) this.denyQuietly(familyRevocation(family), revoked.ttlSeconds);
      }
    }
    const principal = req.principal;
    if (
      req.method !== 'POST' ||
      req.upstream !== 'identity' ||
      pathOf(req.url) !== LOGOUT ||
      !principal?.jti ||
      (proxyRes.statusCode ?? 500) >= 300
    )
      return;
    const ttl = Math.max(1, (principal.texp ?? 0) - Math.floor(Date.now() / 1000));
    this.denyQuietly(principal.jti, ttl);
  }

  private denyQuietly(id: string, ttlSeconds: number): void {
    this.options.counters.deny(id, ttlSeconds).catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'could not denylist revoked access tokens');
    });
  }

  private forwarded(principal: Principal): string {
    const now = Date.now();
    const cached = this.signed.get(principal);
    if (cached && cached.until > now) return cached.token;
    const token = signPrincipal(principal, this.options.internalSecret, 60, now);
    this.signed.set(principal, { token, until: now + 30_000 });
    return token;
  }

  private async enterpriseQuota(principal: Principal): Promise<number | undefined> {
    if (principal.plan !== 'enterprise') return undefined;
    try {
      return await this.quotas.get(principal.org, async () => {
        const { organization } = await this.options.identity.getOrganization(
          { organizationId: principal.org },
          { deadlineMs: 1_000 },
        );
        return organization?.hourlyQuota || this.options.limits.hourly.enterprise;
      });
    } catch {
      return this.options.limits.hourly.enterprise;
    }
  }
}
