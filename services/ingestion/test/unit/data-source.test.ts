import { describe, expect, it } from 'vitest';
import { parseTags } from '../../src/domain/data-source.js';
import { checkColumnNames } from '../../src/domain/table-layout.js';

describe('parseTags', () => {
  it('reads JSON arrays, comma lists and repeated fields alike', () => {
    expect(parseTags(['["sales", "monthly", "2024"]'])).toEqual(['sales', 'monthly', '2024']);
    expect(parseTags(['sales, monthly ,2024'])).toEqual(['sales', 'monthly', '2024']);
    expect(parseTags(['sales', 'monthly', 'sales'])).toEqual(['sales', 'monthly']);
    expect(parseTags([' , '])).toEqual([]);
  });

  it('refuses malformed and oversized tags', () => {
    expect(() => parseTags(['["a"'])).toThrow(/not valid JSON/);
    expect(() => parseTags(['[1, 2]'])).toThrow(/array of strings/);
    expect(() => parseTags(['x'.repeat(51)])).toThrow(/at most 50 characters/);
    expect(() => parseTags([Array.from({ length: 21 }, (_, i) => `t${i}`).join(',')])).toThrow(
      /at most 20 tags/,
    );
  });
});

describe('checkColumnNames', () => {
  it('accepts distinct names and refuses blank, duplicate (any case) and too many', () => {
    expect(() => checkColumnNames(['a', 'b'], 10)).not.toThrow();
    expect(() => checkColumnNames(['a', ' ', 'b'], 10)).toThrow(/Column 2 has no name/);
    expect(() => checkColumnNames(['id', 'Price', 'price'], 10)).toThrow(
      /"price" is both column 2 and column 3/,
    );
    expect(() => checkColumnNames(['a', 'b', 'c'], 2)).toThrow(/3 columns; at most 2/);
  });
});
