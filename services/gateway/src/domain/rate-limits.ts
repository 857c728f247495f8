import type { Plan, Principal } from '@sightline/principal';
import { under } from './route-table.js';

/** Per-minute limit categories of the platform reference, by path. */
export type Category = 'auth' | 'analytics' | 'ai' | 'data' | 'users';

/** The limits a deployment enforces (ARCHITECTURE §4 defaults, configurable). */
export interface LimitSettings {
  hourly: Record<Plan, number>;
  /** Requests per hour per client IP for calls without credentials (status, login…). */
  anonymousHourly: number;
  perMinute: Record<Category, number>;
}

/** One counter to bump: a key, its limit and its window. */
export interface LimitCheck {
  key: string;
  limit: number;
  windowSeconds: number;
  /**
   * Exact counters are checked in Redis on every request (small per-minute limits, where one
   * request too many matters). The others are counted locally and synced to Redis several times
   * a second: shared by replicas, off the request path, over by at most a few requests per replica.
   */
  exact: boolean;
}

const CATEGORY_PREFIXES: ReadonlyArray<readonly [string, Category]> = [
  ['/auth', 'auth'],
  ['/analytics', 'analytics'],
  ['/ai', 'ai'],
  ['/data', 'data'],
  ['/users', 'users'],
  ['/organizations', 'users'],
];

/** The per-minute category of a path below its base path, if it has one. */
export function categoryOf(pathBelowBase: string): Category | undefined {
  for (const [prefix, category] of CATEGORY_PREFIXES) {
    if (under(pathBelowBase, prefix)) return category;
  }
  return undefined;
}

/** Who a limit counts: the API key, else the user. */
export function principalKey(principal: Principal): string {
  return principal.via === 'api_key' && principal.key ? `key:${principal.key}` : `user:${principal.sub}`;
}

export interface LimitRequest {
  category: Category | undefined;
  clientIp: string;
  principal?: Principal;
  /** The principal's hourly quota (enterprise organizations set their own). */
  hourlyQuota?: number;
  /** The account a login names, so guessing one account's password from many IPs is slowed too. */
  loginAccount?: string;
}

/**
 * The counters a request bumps: the plan's hourly quota per principal (or per IP without
 * credentials), plus the category's per-minute limit (auth per client IP, the rest per principal).
 */
export function limitChecks(request: LimitRequest, settings: LimitSettings): LimitCheck[] {
  const checks: LimitCheck[] = [];
  if (request.principal) {
    checks.push({
      key: `h:${principalKey(request.principal)}`,
      limit: request.hourlyQuota ?? settings.hourly[request.principal.plan],
      windowSeconds: 3600,
      exact: false,
    });
  } else {
    checks.push({
      key: `h:ip:${request.clientIp}`,
      limit: settings.anonymousHourly,
      windowSeconds: 3600,
      exact: false,
    });
  }
  const category = request.category;
  if (category === 'auth') {
    checks.push({
      key: `m:auth:ip:${request.clientIp}`,
      limit: settings.perMinute.auth,
      windowSeconds: 60,
      exact: true,
    });
    if (request.loginAccount) {
      checks.push({
        key: `m:auth:acct:${request.loginAccount.toLowerCase()}`,
        limit: settings.perMinute.auth,
        windowSeconds: 60,
        exact: true,
      });
    }
  } else if (category && request.principal) {
    checks.push({
      key: `m:${category}:${principalKey(request.principal)}`,
      limit: settings.perMinute[category],
      windowSeconds: 60,
      exact: true,
    });
  }
  return checks;
}

/** A counter's state after this request. */
export interface CounterState {
  limit: number;
  count: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

/** What the headers report: the tightest limit, and whether any is exceeded. */
export interface LimitVerdict {
  limit: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
  exceeded: boolean;
  retryAfterSeconds: number;
}

/** Combines counters: any over its limit refuses; the headers show the one with least room. */
export function verdict(states: CounterState[], nowMs: number): LimitVerdict {
  let tightest = states[0];
  let exceeded = false;
  let retryAfter = 0;
  for (const state of states) {
    const remaining = state.limit - state.count;
    if (!tightest || remaining < tightest.limit - tightest.count) tightest = state;
    if (state.count > state.limit) {
      exceeded = true;
      retryAfter = Math.max(retryAfter, Math.ceil(state.resetInMs / 1000));
    }
  }
  if (!tightest)
    return { limit: 0, remaining: 0, reset: Math.ceil(nowMs / 1000), exceeded: false, retryAfterSeconds: 0 };
  return {
    limit: tightest.limit,
    remaining: Math.max(0, tightest.limit - tightest.count),
    reset: Math.ceil((nowMs + tightest.resetInMs) / 1000),
    exceeded,
    retryAfterSeconds: Math.max(1, retryAfter),
  };
}
