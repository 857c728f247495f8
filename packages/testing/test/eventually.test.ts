import { describe, expect, it } from 'vitest';
import { eventually } from '../src/index.js';

describe('eventually', () => {
  it('returns the first defined value', async () => {
    let calls = 0;
    const value = await eventually(() => (++calls >= 3 ? calls : undefined), 2_000);
    expect(value).toBe(3);
  });

  it('fails with what it waited for and the last error', async () => {
    await expect(
      eventually(
        () => {
          throw new Error('still down');
        },
        250,
        'the broker',
      ),
    ).rejects.toThrow(/waiting for the broker: Error: still down/);
  });
});
