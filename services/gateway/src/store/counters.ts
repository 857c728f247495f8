import type { CheckResult } from '@sightline/http-kit';
import type { Logger } from '@sightline/logging';
import { Redis } from 'ioredis';
import type { CounterState, LimitCheck } from '../domain/rate-limits.js';

/** Counts requests in fixed windows and remembers revoked access tokens. */
export interface Counters {
  /** Bumps every counter once; also says whether any of `revocationIds` is on the denylist. */
  bump(checks: LimitCheck[], revocationIds?: string[]): Promise<{ states: CounterState[]; denied: boolean }>;
  /** Denylists an id (an access token's, or a sign-in's) until its tokens would have expired anyway. */
  deny(id: string, ttlSeconds: number): Promise<void>;
  readiness(): Promise<CheckResult>;
  close(): Promise<void>;
}

/** In-process counters: the fallback while Redis is unreachable (per replica, so limits loosen). */
export class LocalCounters implements Counters {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly denied = new Map<string, number>();

  async bump(checks: LimitCheck[], revocationIds: string[] = []) {
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
    return { states, denied: revocationIds.some((id) => (this.denied.get(id) ?? 0) > now) };
  }

  async deny(id: string, ttlSeconds: number) {
    this.denied.set(id, Date.now() + ttlSeconds * 1000);
  }

  async readiness(): Promise<CheckResult> {
    return { status: 'up' };
  }

  async close() {}

  private sweep(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    for (const [id, until] of this.denied) if (until <= now) this.denied.delete(id);
  }
}

// One round trip: check the denylist (ARGV[1]: its keys, space-separated), then INCR each
// counter, starting its window on the first hit.
const BUMP = `
local denied = 0
for key in string.gmatch(ARGV[1], '%S+') do
  if redis.call('EXISTS', key) == 1 then denied = 1 end
end
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

// Adds a replica's increments to a shared counter, starting its window if new; answers the
// shared count and the window's remaining time.
const ADD = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return { count, ttl }
`;

type BumpCommand = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<number[]>;
type AddCommand = (numberOfKeys: number, key: string, delta: string, windowMs: string) => Promise<number[]>;

/** A shared counter as this replica knows it: the last shared count plus what it has not sent yet. */
interface SyncedCounter {
  limit: number;
  windowMs: number;
  shared: number;
  pending: number;
  resetAt: number;
  lastUsed: number;
}

/**
 * Counters in Redis, shared by every gateway replica. Small per-minute limits are checked in
 * Redis on each request (one Lua round trip, with the denylist); hourly quotas are counted here
 * and synced every `syncMs`, so most requests never wait for Redis. Logouts reach every replica
 * by pub/sub. When Redis does not answer, requests are counted locally (fail-open) and readiness
 * says so; Redis is used again, with the increments counted meanwhile, once it is back.
 */
export class RedisCounters implements Counters {
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly local = new LocalCounters();
  private readonly synced = new Map<string, SyncedCounter>();
  private readonly denied = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private syncing = false;
  private failing = false;

  constructor(
    url: string,
    private readonly logger: Logger,
    private readonly prefix = 'sl:',
    syncMs = 100,
  ) {
    const options = {
      enableOfflineQueue: false,
      // Commands issued in the same tick go out in one write: far fewer syscalls under load.
      enableAutoPipelining: true,
      maxRetriesPerRequest: 0,
      connectTimeout: 1_000,
      commandTimeout: 250,
      retryStrategy: (times: number) => Math.min(times * 200, 2_000),
    };
    this.redis = new Redis(url, options);
    this.redis.on('error', () => undefined); // state changes are logged by fallback()
    this.redis.defineCommand('slBump', { lua: BUMP });
    this.redis.defineCommand('slAdd', { lua: ADD });
    this.subscriber = new Redis(url, {
      ...options,
      enableOfflineQueue: true,
      commandTimeout: undefined,
      enableAutoPipelining: false,
    });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, message: string) => this.rememberDenied(message));
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(`${this.prefix}deny`).catch(() => undefined);
    });
    this.redis.on('ready', () => {
      this.loadDenylist().catch(() => undefined);
    });
    this.timer = setInterval(() => void this.sync(), syncMs);
    this.timer.unref();
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

  async bump(checks: LimitCheck[], revocationIds: string[] = []) {
    const now = Date.now();
    const locallyDenied = revocationIds.some((id) => (this.denied.get(id) ?? 0) > now);
    const exact = checks.filter((c) => c.exact);
    const states: CounterState[] = [];
    for (const check of checks) {
      if (check.exact) continue;
      let counter = this.synced.get(check.key);
      if (!counter || counter.resetAt <= now) {
        // First use of this counter here: count it in Redis at once, which also tells us what the
        // other replicas counted so far. Later requests count locally until the next sync.
        counter = await this.firstUse(check, now);
        this.synced.set(check.key, counter);
      } else {
        counter.pending += 1;
      }
      counter.limit = check.limit;
      counter.lastUsed = now;
      states.push({
        limit: check.limit,
        count: counter.shared + counter.pending,
        resetInMs: counter.resetAt - now,
      });
    }
    if (exact.length === 0) return { states, denied: locallyDenied };
    // The fallback counts exact checks too, so it is warm if Redis goes away.
    const local = await this.local.bump(exact);
    try {
      const keys = exact.map((c) => `${this.prefix}rl:${c.key}`);
      const args = [
        revocationIds.map((id) => `${this.prefix}deny:${id}`).join(' '),
        ...exact.map((c) => String(c.windowSeconds * 1000)),
      ];
      const bump = (this.redis as unknown as { slBump: BumpCommand }).slBump.bind(this.redis);
      const raw = await bump(keys.length, ...keys, ...args);
      this.recovered();
      exact.forEach((check, i) => {
        states.push({ limit: check.limit, count: Number(raw[1 + i * 2]), resetInMs: Number(raw[2 + i * 2]) });
      });
      return { states, denied: raw[0] === 1 || locallyDenied };
    } catch (error) {
      this.fallback(error);
      return { states: [...states, ...local.states], denied: locallyDenied };
    }
  }

  private async firstUse(check: LimitCheck, now: number): Promise<SyncedCounter> {
    const windowMs = check.windowSeconds * 1000;
    const fresh = {
      limit: check.limit,
      windowMs,
      shared: 0,
      pending: 1,
      resetAt: now + windowMs,
      lastUsed: now,
    };
    if (this.redis.status !== 'ready') return fresh;
    try {
      const add = (this.redis as unknown as { slAdd: AddCommand }).slAdd.bind(this.redis);
      const [shared, ttl] = await add(1, `${this.prefix}rl:${check.key}`, '1', String(windowMs));
      this.recovered();
      return { ...fresh, shared: Number(shared), pending: 0, resetAt: now + Number(ttl) };
    } catch (error) {
      this.fallback(error);
      return fresh;
    }
  }

  async deny(id: string, ttlSeconds: number) {
    const ttl = Math.max(1, ttlSeconds);
    this.denied.set(id, Date.now() + ttl * 1000);
    try {
      await this.redis.set(`${this.prefix}deny:${id}`, '1', 'EX', ttl);
      await this.redis.publish(`${this.prefix}deny`, `${id} ${ttl}`);
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
    clearInterval(this.timer);
    await this.sync();
    this.redis.disconnect();
    this.subscriber.disconnect();
  }

  /** Sends this replica's increments and learns every replica's totals. */
  private async sync(): Promise<void> {
    if (this.syncing || this.redis.status !== 'ready') return;
    this.syncing = true;
    const now = Date.now();
    const add = (this.redis as unknown as { slAdd: AddCommand }).slAdd.bind(this.redis);
    try {
      await Promise.all(
        [...this.synced].map(async ([key, counter]) => {
          if (counter.resetAt <= now && counter.pending === 0) {
            this.synced.delete(key);
            return;
          }
          if (counter.pending === 0 && now - counter.lastUsed > 5_000) return;
          const sent = counter.pending;
          const [shared, ttl] = await add(
            1,
            `${this.prefix}rl:${key}`,
            String(sent),
            String(counter.windowMs),
          );
          counter.pending -= sent;
          counter.shared = Number(shared);
          counter.resetAt = now + Number(ttl);
        }),
      );
      this.recovered();
    } catch (error) {
      this.fallback(error);
    } finally {
      this.syncing = false;
    }
    for (const [id, until] of this.denied) if (until <= now) this.denied.delete(id);
  }

  private rememberDenied(message: string) {
    const [id, ttl] = message.split(' ');
    if (id && Number(ttl) > 0) this.denied.set(id, Date.now() + Number(ttl) * 1000);
  }

  /** Tokens logged out before this replica started or while it was disconnected. */
  private async loadDenylist(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}deny:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const ttl = await this.redis.pttl(key);
        if (ttl > 0) this.denied.set(key.slice(`${this.prefix}deny:`.length), Date.now() + ttl);
      }
    } while (cursor !== '0');
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
