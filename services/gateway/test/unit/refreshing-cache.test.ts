import { describe, expect, it } from 'vitest';
import { RefreshingCache } from '../../src/domain/refreshing-cache.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('RefreshingCache', () => {
  it('lets concurrent misses share one load', async () => {
    const cache = new RefreshingCache<string>(1_000);
    const pending = deferred<string>();
    let loads = 0;
    const load = () => {
      loads += 1;
      return pending.promise;
    };
    const answers = Promise.all([cache.get('k', load, 0), cache.get('k', load, 1), cache.get('k', load, 2)]);
    pending.resolve('v');
    expect(await answers).toEqual(['v', 'v', 'v']);
    expect(loads).toBe(1);
  });

  it('serves a value past half its life while one background load renews it', async () => {
    const cache = new RefreshingCache<string>(1_000);
    await cache.get('k', async () => 'old', 0);
    const renewal = deferred<string>();
    let loads = 0;
    const load = () => {
      loads += 1;
      return renewal.promise;
    };
    expect(await cache.get('k', load, 400)).toBe('old'); // young: no load
    expect(loads).toBe(0);
    expect(await cache.get('k', load, 600)).toBe('old'); // old: served, renewed behind
    expect(await cache.get('k', load, 700)).toBe('old');
    expect(loads).toBe(1);
    renewal.resolve('new');
    await renewal.promise;
    await Promise.resolve();
    expect(await cache.get('k', load, 800)).toBe('new');
  });

  it('never serves a value past its life', async () => {
    const cache = new RefreshingCache<string>(1_000);
    await cache.get('k', async () => 'old', 0);
    expect(await cache.get('k', async () => 'fresh', 1_000)).toBe('fresh');
  });

  it('drops a value at once when a renewal says it is wrong, keeps it when the source is just down', async () => {
    const revoked = new Error('revoked');
    const down = new Error('down');
    const cache = new RefreshingCache<string>(1_000, (error) => error === revoked);
    await cache.get('a', async () => 'va', 0);
    await cache.get('b', async () => 'vb', 0);
    await cache.get('a', () => Promise.reject(revoked), 600);
    await cache.get('b', () => Promise.reject(down), 600);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(cache.get('a', () => Promise.reject(revoked), 650)).rejects.toBe(revoked);
    expect(await cache.get('b', () => Promise.reject(down), 650)).toBe('vb');
  });

  it('passes a failed first load on to every caller waiting for it', async () => {
    const cache = new RefreshingCache<string>(1_000);
    const failure = new Error('down');
    const load = () => Promise.reject(failure);
    await expect(Promise.all([cache.get('k', load), cache.get('k', load)])).rejects.toBe(failure);
    expect(await cache.get('k', async () => 'later')).toBe('later');
  });
});
