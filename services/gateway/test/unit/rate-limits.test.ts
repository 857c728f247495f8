import type { Principal } from '@sightline/principal';
import { describe, expect, it } from 'vitest';
import { categoryOf, limitChecks, type LimitSettings, verdict } from '../../src/domain/rate-limits.js';

const settings: LimitSettings = {
  hourly: { free: 1000, professional: 10_000, enterprise: 100_000 },
  anonymousHourly: 1000,
  perMinute: { auth: 5, analytics: 100, ai: 50, data: 20, users: 10 },
};
const user: Principal = {
  sub: 'user_1',
  org: 'org_1',
  role: 'user',
  pa: false,
  plan: 'professional',
  via: 'token',
};

describe('categoryOf', () => {
  it.each([
    ['/auth/login', 'auth'],
    ['/analytics/chart', 'analytics'],
    ['/ai/intelligent-analysis', 'ai'],
    ['/data/upload', 'data'],
    ['/users/me', 'users'],
    ['/organizations/org_1', 'users'],
    ['/projects', undefined],
    ['/authx', undefined],
  ])('%s → %s', (path, category) => {
    expect(categoryOf(path)).toBe(category);
  });
});

describe('limitChecks', () => {
  it('counts the plan quota per user and the category per user', () => {
    expect(limitChecks({ category: 'data', clientIp: '1.2.3.4', principal: user }, settings)).toEqual([
      { key: 'h:user:user_1', limit: 10_000, windowSeconds: 3600, exact: false },
      { key: 'm:data:user:user_1', limit: 20, windowSeconds: 60, exact: true },
    ]);
  });

  it('counts per API key, with an enterprise quota from the organization', () => {
    const viaKey: Principal = { ...user, plan: 'enterprise', via: 'api_key', key: 'key_9' };
    expect(
      limitChecks({ category: undefined, clientIp: 'ip', principal: viaKey, hourlyQuota: 250_000 }, settings),
    ).toEqual([{ key: 'h:key:key_9', limit: 250_000, windowSeconds: 3600, exact: false }]);
  });

  it('keys logins by client IP and by account', () => {
    expect(
      limitChecks({ category: 'auth', clientIp: '9.9.9.9', loginAccount: 'Ann@X.io' }, settings),
    ).toEqual([
      { key: 'h:ip:9.9.9.9', limit: 1000, windowSeconds: 3600, exact: false },
      { key: 'm:auth:ip:9.9.9.9', limit: 5, windowSeconds: 60, exact: true },
      { key: 'm:auth:acct:ann@x.io', limit: 5, windowSeconds: 60, exact: true },
    ]);
  });
});

describe('verdict', () => {
  it('reports the tightest limit and refuses when any is exceeded', () => {
    const now = 1_700_000_000_000;
    const ok = verdict(
      [
        { limit: 1000, count: 10, resetInMs: 3_000_000 },
        { limit: 20, count: 5, resetInMs: 30_000 },
      ],
      now,
    );
    expect(ok).toEqual({
      limit: 20,
      remaining: 15,
      reset: Math.ceil((now + 30_000) / 1000),
      exceeded: false,
      retryAfterSeconds: 1,
    });
    const over = verdict([{ limit: 5, count: 6, resetInMs: 42_100 }], now);
    expect(over).toMatchObject({ exceeded: true, remaining: 0, retryAfterSeconds: 43 });
  });
});
