import { describe, expect, it } from 'vitest';
import { isId, newId } from '../src/index.js';

describe('newId', () => {
  it('prefixes and uses base62', () => {
    const id = newId('proj');
    expect(id).toMatch(/^proj_[0-9A-Za-z]{20}$/);
    expect(isId('proj', id)).toBe(true);
    expect(isId('ds', id)).toBe(false);
  });

  it('does not repeat in many draws', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newId('evt')));
    expect(ids.size).toBe(20_000);
  });
});
