import type { IncomingMessage } from 'node:http';
import { AppError } from '@sightline/errors';
import type { GrpcClient } from '@sightline/grpc-kit';
import type { Logger } from '@sightline/logging';
import { PLANS, type Plan, type Principal, ROLES, type Role } from '@sightline/principal';
import type { identityV1 } from '@sightline/proto';
import type { Request } from 'express';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy, type VerifiedCallback } from 'passport-jwt';
import { z } from 'zod';
import { RefreshingCache } from '../domain/refreshing-cache.js';
import type { SigningKeys } from './signing-keys.js';

type IdentityClient = GrpcClient<typeof identityV1.IdentityServiceService>;

/** Issuer and audience identity puts in every access token. */
const ISSUER = 'sightline-identity';
const AUDIENCE = 'sightline';

const claimsSchema = z.object({
  sub: z.string().min(1),
  org: z.string().min(1),
  role: z.enum(ROLES),
  pa: z.boolean(),
  plan: z.enum(PLANS),
  fam: z.string().min(1),
  jti: z.string().min(1),
  exp: z.number().int(),
});

const unauthenticated = (message: string) => new AppError('unauthenticated', message);

/** Verifies bearer credentials (access tokens with passport-jwt, `sk_` API keys through identity). */
export class Authenticator {
  /** Validated API keys; an answer that the key is unknown (revoked) drops it at once. */
  private readonly apiKeys: RefreshingCache<Principal>;
  /**
   * Access tokens already verified, until they expire: a signature checked once stays valid, and
   * clients send the same token many times. Revocation is the denylist's job, checked per request.
   */
  private readonly verifiedTokens = new Map<string, Principal>();
  private readonly passport = new passport.Passport();

  constructor(
    private readonly identity: IdentityClient,
    keys: SigningKeys,
    private readonly logger: Logger,
    apiKeyCacheMs: number,
  ) {
    this.apiKeys = new RefreshingCache(
      apiKeyCacheMs,
      (error) => error instanceof AppError && error.kind === 'unauthenticated',
    );
    this.passport.use(
      'jwt',
      new JwtStrategy(
        {
          jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
          secretOrKeyProvider: (
            _req: Request,
            rawJwt: string,
            done: (error: unknown, key?: string | Buffer) => void,
          ) => {
            const kid = kidOf(rawJwt);
            if (!kid) return done(unauthenticated('Invalid access token'));
            keys.get(kid).then(
              // jsonwebtoken takes a KeyObject (and verifies much faster with it than with PEM text).
              (key) =>
                key
                  ? done(null, key as unknown as Buffer)
                  : done(unauthenticated('Access token signed by an unknown key')),
              (error: unknown) => done(error),
            );
          },
          algorithms: ['RS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          ignoreExpiration: false,
        },
        (payload: unknown, done: VerifiedCallback) => {
          const claims = claimsSchema.safeParse(payload);
          if (!claims.success) return done(unauthenticated('Invalid access token'), false);
          const c = claims.data;
          const principal: Principal = {
            sub: c.sub,
            org: c.org,
            role: c.role,
            pa: c.pa,
            plan: c.plan,
            via: 'token',
            jti: c.jti,
            fam: c.fam,
            texp: c.exp,
          };
          return done(null, principal);
        },
      ),
    );
  }

  /** Resolves the request's bearer credentials to a principal, or throws a 401-kind error. */
  async authenticate(req: IncomingMessage): Promise<Principal> {
    const header = req.headers.authorization;
    if (!header)
      throw unauthenticated('Missing credentials: send Authorization: Bearer <access token or API key>');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw unauthenticated('Malformed Authorization header: expected Bearer <credentials>');
    const credential = match[1];
    if (credential.startsWith('sk_')) return this.apiKey(credential);
    const known = this.verifiedTokens.get(credential);
    if (known && (known.texp ?? 0) * 1000 > Date.now()) return known;
    const principal = await this.jwt(req);
    if (this.verifiedTokens.size >= 20_000) {
      // Evict the oldest entry (Map keeps insertion order).
      const oldest = this.verifiedTokens.keys().next().value;
      if (oldest !== undefined) this.verifiedTokens.delete(oldest);
    }
    this.verifiedTokens.set(credential, principal);
    return principal;
  }

  private jwt(req: IncomingMessage): Promise<Principal> {
    return new Promise((resolve, reject) => {
      this.passport.authenticate(
        'jwt',
        { session: false },
        (error: unknown, principal: Principal | false, info: unknown) => {
          if (error instanceof AppError) return reject(error);
          if (error) {
            this.logger.warn({ err: String(error) }, 'token verification failed');
            return reject(
              new AppError('unavailable', 'Cannot verify access tokens right now', { retryAfter: 5 }),
            );
          }
          if (!principal) {
            if (info instanceof AppError) return reject(info);
            const reason =
              info instanceof Error && info.name === 'TokenExpiredError'
                ? 'Access token has expired'
                : 'Invalid access token';
            return reject(unauthenticated(reason));
          }
          resolve(principal);
        },
      )(req, undefined, undefined);
    });
  }

  /** An API key's principal; a revoked key stops working within API_KEY_CACHE_MS. */
  private apiKey(key: string): Promise<Principal> {
    return this.apiKeys.get(key, () => this.askIdentity(key));
  }

  private async askIdentity(key: string): Promise<Principal> {
    let answer: identityV1.ValidateApiKeyResponse;
    try {
      answer = await this.identity.validateApiKey({ apiKey: key }, { deadlineMs: 2_000 });
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not_found') throw unauthenticated('Invalid API key');
      throw new AppError('unavailable', 'Cannot verify API keys right now', { retryAfter: 5 });
    }
    const p = answer.principal;
    if (!p) throw unauthenticated('Invalid API key');
    const principal: Principal = {
      sub: p.userId,
      org: p.organizationId,
      role: p.role as Role,
      pa: p.platformAdmin,
      plan: answer.plan as Plan,
      via: 'api_key',
      key: answer.keyId,
    };
    return principal;
  }
}

function kidOf(rawJwt: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(rawJwt.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
      kid?: unknown;
    };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}
