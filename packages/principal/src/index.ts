import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '@sightline/errors';
import { z } from 'zod';

/** The header that carries the principal from the gateway to services. Clients cannot set it. */
export const PRINCIPAL_HEADER = 'x-sightline-principal';

export const ROLES = ['viewer', 'user', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const PLANS = ['free', 'professional', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

const principalSchema = z.object({
  /** The user the request acts for. */
  sub: z.string().min(1),
  org: z.string().min(1),
  role: z.enum(ROLES),
  /** Platform admins manage organizations and read platform metrics. */
  pa: z.boolean(),
  plan: z.enum(PLANS),
  /** How the caller proved who it is. */
  via: z.enum(['token', 'api_key']),
  /** The access token's id and refresh family (tokens), or the key's id (API keys). */
  jti: z.string().optional(),
  fam: z.string().optional(),
  key: z.string().optional(),
  /** The access token's expiry (epoch seconds), so logout can denylist it for as long as it lives. */
  texp: z.number().int().optional(),
});

/** Who a request acts for, as every service sees it. */
export type Principal = z.infer<typeof principalSchema>;

const envelopeSchema = principalSchema.extend({ iat: z.number().int(), exp: z.number().int() });

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function mac(input: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

/** Signs a principal for the hop from the gateway to a service (HS256, short-lived). */
export function signPrincipal(
  principal: Principal,
  secret: string,
  ttlSeconds = 60,
  now = Date.now(),
): string {
  const iat = Math.floor(now / 1000);
  const payload = Buffer.from(JSON.stringify({ ...principal, iat, exp: iat + ttlSeconds })).toString(
    'base64url',
  );
  const body = `${HEADER}.${payload}`;
  return `${body}.${mac(body, secret).toString('base64url')}`;
}

/** Verifies a forwarded principal; anything wrong (forged, expired, malformed) is unauthenticated. */
export function verifyPrincipal(token: string, secret: string, now = Date.now()): Principal {
  const parts = token.split('.');
  const refuse = () => new AppError('unauthenticated', 'Authentication required');
  if (parts.length !== 3 || parts[0] !== HEADER) throw refuse();
  const expected = mac(`${parts[0]}.${parts[1]}`, secret);
  const given = Buffer.from(parts[2] ?? '', 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse();
  let claims: z.infer<typeof envelopeSchema>;
  try {
    claims = envelopeSchema.parse(JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')));
  } catch {
    throw refuse();
  }
  if (claims.exp * 1000 < now) throw refuse();
  const { iat: _iat, exp: _exp, ...principal } = claims;
  return principal;
}

const RANK: Record<Role, number> = { viewer: 0, user: 1, admin: 2 };

/** True when `role` is at least `minimum`. */
export function hasRole(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

/** Refuses (403) unless the principal's role is at least `minimum`; platform admins pass. */
export function requireRole(principal: Principal, minimum: Role): void {
  if (principal.pa || hasRole(principal.role, minimum)) return;
  throw new AppError('forbidden', `This action needs the ${minimum} role`);
}

/** The principal a request carries in its PRINCIPAL_HEADER value; 401 when absent or not genuine. */
export function principalFromHeader(value: unknown, secret: string): Principal {
  if (typeof value !== 'string') throw new AppError('unauthenticated', 'Authentication required');
  return verifyPrincipal(value, secret);
}

/**
 * Identity's answer header naming sign-ins (refresh-token families) it has just revoked, so the
 * gateway refuses their access tokens at once instead of until they expire. Only the gateway
 * reads it, and it never reaches clients.
 */
export const REVOKED_SESSIONS_HEADER = 'x-sightline-revoked-sessions';

/** Sign-ins whose access tokens must stop working, and for how long they could still be presented. */
export interface RevokedSessions {
  families: string[];
  ttlSeconds: number;
}

const FAMILY_ID = /^[\w-]{1,64}$/;
/** At most this many families per answer: more would make a header no proxy accepts. */
const MAX_FAMILIES = 100;

/** The header value for revoked sign-ins: `fam1,fam2; ttl=3600`. */
export function formatRevokedSessions(revoked: RevokedSessions): string {
  return `${revoked.families.slice(0, MAX_FAMILIES).join(',')}; ttl=${Math.max(1, Math.ceil(revoked.ttlSeconds))}`;
}

/** Reads the header value; undefined when it is absent or malformed. */
export function parseRevokedSessions(value: unknown): RevokedSessions | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([^;]*);\s*ttl=(\d{1,7})$/.exec(value.trim());
  if (!match) return undefined;
  const families = (match[1] ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => FAMILY_ID.test(f))
    .slice(0, MAX_FAMILIES);
  const ttlSeconds = Number(match[2]);
  return families.length > 0 && ttlSeconds > 0 ? { families, ttlSeconds } : undefined;
}
