import { AppError } from '@sightline/errors';
import { describe, expect, it } from 'vitest';
import {
  formatRevokedSessions,
  hasRole,
  type Principal,
  parseRevokedSessions,
  requireRole,
  signPrincipal,
  verifyPrincipal,
} from '../src/index.js';

const secret = 'a-long-internal-secret-for-tests';
const principal: Principal = {
  sub: 'user_1',
  org: 'org_1',
  role: 'user',
  pa: false,
  plan: 'free',
  via: 'token',
  jti: 'j1',
};

describe('forwarded principal', () => {
  it('round-trips', () => {
    expect(verifyPrincipal(signPrincipal(principal, secret), secret)).toEqual(principal);
  });

  it('refuses a forged, tampered, expired or malformed token', () => {
    const token = signPrincipal(principal, secret);
    const fail = (t: string, now?: number) => {
      try {
        verifyPrincipal(t, secret, now);
        return undefined;
      } catch (error) {
        return (error as AppError).kind;
      }
    };
    expect(fail(signPrincipal(principal, 'another-secret'))).toBe('unauthenticated');
    const [h, p, s] = token.split('.');
    const raised = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    expect(fail(`${h}.${raised}.${s}`)).toBe('unauthenticated');
    expect(fail(token, Date.now() + 120_000)).toBe('unauthenticated');
    expect(fail('not-a-token')).toBe('unauthenticated');
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(fail(`${none}.${p}.`)).toBe('unauthenticated');
  });

  it('ranks roles', () => {
    expect(hasRole('admin', 'user')).toBe(true);
    expect(hasRole('viewer', 'user')).toBe(false);
    expect(() => requireRole({ ...principal, role: 'viewer' }, 'user')).toThrow(AppError);
    expect(() => requireRole({ ...principal, role: 'viewer', pa: true }, 'admin')).not.toThrow();
  });
});

describe('revoked sessions header', () => {
  it('round-trips families and their time to live', () => {
    const value = formatRevokedSessions({ families: ['rtf_a1', 'rtf_b2'], ttlSeconds: 3600 });
    expect(value).toBe('rtf_a1,rtf_b2; ttl=3600');
    expect(parseRevokedSessions(value)).toEqual({ families: ['rtf_a1', 'rtf_b2'], ttlSeconds: 3600 });
  });

  it('reads nothing from absent or malformed values, and drops odd family ids', () => {
    expect(parseRevokedSessions(undefined)).toBeUndefined();
    expect(parseRevokedSessions('rtf_a1')).toBeUndefined();
    expect(parseRevokedSessions('; ttl=60')).toBeUndefined();
    expect(parseRevokedSessions('rtf_a1; ttl=0')).toBeUndefined();
    expect(parseRevokedSessions('rtf a1,rtf_b2; ttl=60')).toEqual({ families: ['rtf_b2'], ttlSeconds: 60 });
  });
});
