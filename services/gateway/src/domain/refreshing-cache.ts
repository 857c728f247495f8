/**
 * Values loaded on demand and trusted for `ttlMs` from when their load began. Past half that
 * life a value is still served while one background load renews it, and concurrent misses share
 * one load: a busy key never waits for its source, and a burst of misses asks the source once.
 */
export class RefreshingCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly loads = new Map<string, Promise<V>>();

  constructor(
    private readonly ttlMs: number,
    /** Whether a failed load means the cached value is wrong (a revoked key), not just unknown. */
    private readonly invalidates: (error: unknown) => boolean = () => false,
    private readonly maxEntries = 50_000,
  ) {}

  /** The cached value of `key`, loading it with `load` when missing or expired. */
  get(key: string, load: () => Promise<V>, now = Date.now()): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) {
      if (entry.expiresAt - now < this.ttlMs / 2) this.load(key, load, now).catch(() => undefined);
      return Promise.resolve(entry.value);
    }
    return this.load(key, load, now);
  }

  /** Forgets every value (tests, and the cache's own bound). */
  clear(): void {
    this.entries.clear();
  }

  private load(key: string, load: () => Promise<V>, now: number): Promise<V> {
    let pending = this.loads.get(key);
    if (pending) return pending;
    pending = load().then(
      (value) => {
        if (this.entries.size >= this.maxEntries) this.entries.clear();
        this.entries.set(key, { value, expiresAt: now + this.ttlMs });
        this.loads.delete(key);
        return value;
      },
      (error: unknown) => {
        if (this.invalidates(error)) this.entries.delete(key);
        this.loads.delete(key);
        throw error;
      },
    );
    this.loads.set(key, pending);
    return pending;
  }
}
