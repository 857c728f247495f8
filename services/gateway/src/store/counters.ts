import type { CheckResult } from '@sightline/http-kit';
import type { Logger } from '@sightline/logging';
import { Redis } from 'ioredis';
import type { CounterState, LimitCheck } from '../domain/rate-limits.js';

/** Counts requests in fixed windows and remembers revoked access tokens. */
export interface Counters {
  /** Bumps every counter once; also says whether `deniedJti` is on the denylist. */
  bump(checks: LimitCheck[], deniedJti?: string): Promise<{ states: CounterState[]; denied: boolean }>;
  /** Denylists an access token id until it would have expired anyway. */
  deny(jti: string, ttlSeconds: number): Promise<void>;
  readiness(): Promise<CheckResult>;
  close(): Promise<void>;
}

/** In-process counters: the fallback while Redis is unreachable (per replica, so limits loosen). */
export class LocalCounters implements Counters {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly denied = new Map<string, number>();

  async bump(checks: LimitCheck[], deniedJti?: string) {
    const now = Date.now();
    if (this.windows.size > 100_000) this.sweep(now);
    const states = checks.map((check) => {
      let window = this.windows.get(check.key);
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: now + check.windowSeconds * 1000 };
        this.windows.set(check.key, window);
      }
      window.count += 1;
      return { limit: check.limit, count: window.count, resetInMs: window.resetAt - now };
    });
    const until = deniedJti ? this.denied.get(deniedJti) : undefined;
    return { states, denied: until !== undefined && until > now };
  }

  async deny(jti: string, ttlSeconds: number) {
    this.denied.set(jti, Date.now() + ttlSeconds * 1000);
  }

  async readiness(): Promise<CheckResult> {
    return { status: 'up' };
  }

  async close() {}

  private sweep(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    for (const [jti, until] of this.denied) if (until <= now) this.denied.delete(jti);
  }
}

// One round trip: check the denylist, then INCR each counter, starting its window on the first hit.
const BUMP = `
local denied = 0
if ARGV[1] ~= '' then denied = redis.call('EXISTS', ARGV[1]) end
local out = { denied }
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[i + 1]) end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then redis.call('PEXPIRE', key, ARGV[i + 1]); ttl = tonumber(ARGV[i + 1]) end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
return out
`;

type BumpCommand = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<number[]>;

/**
 * Counters in Redis, shared by every gateway replica. When Redis does not answer, requests are
 * counted locally instead (fail-open) and readiness says so; Redis is used again once it is back.
 */
export class RedisCounters implements Counters {
  private readonly redis: Redis;
  private readonly local = new LocalCounters();
  private failing = false;

  constructor(
    url: string,
    private readonly logger: Logger,
    private readonly prefix = 'sl:',
  ) {
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      // Commands issued in the same tick go out in one write: far fewer syscalls under load.
      enableAutoPipelining: true,
      maxRetriesPerRequest: 0,
      connectTimeout: 1_000,
      commandTimeout: 250,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    this.redis.on('error', () => undefined); // state changes are logged by fallback()
    this.redis.defineCommand('slBump', { lua: BUMP });
  }

  async bump(checks: LimitCheck[], deniedJti?: string) {
    // Always counted locally too: the fallback stays warm and a replica honours its own logouts.
    const local = await this.local.bump(checks, deniedJti);
    try {
      const keys = checks.map((c) => `${this.prefix}rl:${c.key}`);
      const args = [
        deniedJti ? `${this.prefix}deny:${deniedJti}` : '',
        ...checks.map((c) => String(c.windowSeconds * 1000)),
      ];
      const bump = (this.redis as unknown as { slBump: BumpCommand }).slBump.bind(this.redis);
      const raw = await bump(keys.length, ...keys, ...args);
      this.recovered();
      const states = checks.map((check, i) => ({
        limit: check.limit,
        count: Number(raw[1 + i * 2]),
        resetInMs: Number(raw[2 + i * 2]),
      }));
      return { states, denied: raw[0] === 1 || local.denied };
    } catch (error) {
      this.fallback(error);
      return local;
    }
  }

  /** Waits (briefly) for the first connection, so the first requests count in Redis too. */
  async connected(timeoutMs: number): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        resolve(false);
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.redis.once('ready', onReady);
    });
  }

  async deny(jti: string, ttlSeconds: number) {
    await this.local.deny(jti, ttlSeconds);
    try {
      await this.redis.set(`${this.prefix}deny:${jti}`, '1', 'EX', Math.max(1, ttlSeconds));
    } catch (error) {
      this.fallback(error);
    }
  }

  async readiness(): Promise<CheckResult> {
    try {
      await this.redis.ping();
      this.recovered();
      return { status: 'up' };
    } catch (error) {
      this.fallback(error);
      return {
        status: 'degraded',
        detail: 'Redis unreachable: rate limits and the token denylist are kept per replica',
      };
    }
  }

  async close() {
    this.redis.disconnect();
  }

  private fallback(error: unknown) {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn({ err: String(error) }, 'Redis unreachable: limiting locally until it is back');
  }

  private recovered() {
    if (!this.failing) return;
    this.failing = false;
    this.logger.info('Redis reachable again: shared limits resumed');
  }
}
