import { describe, expect, it } from 'vitest';
import {
  completeness,
  DATE_FORMATS,
  dataQualityScore,
  decideColumnType,
  reviseDecision,
  type PatternCounts,
  widerType,
} from '../../src/domain/column-types.js';

function counts(present: number, fits: Partial<Omit<PatternCounts, 'present'>>): PatternCounts {
  return {
    present,
    integer: fits.integer ?? 0,
    decimal: fits.decimal ?? 0,
    boolean: fits.boolean ?? 0,
    dates: { ...Object.fromEntries(DATE_FORMATS.map((f) => [f.id, 0])), ...fits.dates },
  };
}

describe('decideColumnType', () => {
  it('picks the narrowest type every value fits', () => {
    expect(decideColumnType(counts(10, { integer: 10, decimal: 10 })).type).toBe('integer');
    expect(decideColumnType(counts(10, { integer: 7, decimal: 10 })).type).toBe('decimal');
    expect(decideColumnType(counts(4, { boolean: 4 })).type).toBe('boolean');
  });

  it('falls back to string when one value does not fit (leading zeros, stray text)', () => {
    // "02134" fits neither integer nor decimal, so a zip column stays text.
    expect(decideColumnType(counts(3, { integer: 2, decimal: 2 }))).toEqual({
      type: 'string',
      conformity: 1,
    });
    const spoiled = decideColumnType(counts(100, { integer: 95, decimal: 95 }));
    expect(spoiled).toEqual({ type: 'string', conformity: 0.95 });
  });

  it('treats a column without values as string', () => {
    expect(decideColumnType(counts(0, {})).type).toBe('string');
  });

  it('prefers ISO dates, then month-first when day and month are ambiguous', () => {
    expect(decideColumnType(counts(5, { dates: { 'yyyy-mm-dd': 5, iso8601: 5 } })).dateFormat).toBe(
      'yyyy-mm-dd',
    );
    expect(decideColumnType(counts(5, { dates: { 'yyyy-mm-dd': 4, iso8601: 5 } }))).toMatchObject({
      type: 'datetime',
      dateFormat: 'iso8601',
    });
    expect(decideColumnType(counts(5, { dates: { 'mm/dd/yyyy': 5, 'dd/mm/yyyy': 5 } })).dateFormat).toBe(
      'mm/dd/yyyy',
    );
    expect(decideColumnType(counts(5, { dates: { 'mm/dd/yyyy': 3, 'dd/mm/yyyy': 5 } })).dateFormat).toBe(
      'dd/mm/yyyy',
    );
  });

  it('revises a contradicted guess to the whole column’s decision, or widens when that is the same', () => {
    const dateOnly = { type: 'datetime' as const, dateFormat: 'yyyy-mm-dd', conformity: 1 };
    const iso = { type: 'datetime' as const, dateFormat: 'iso8601', conformity: 1 };
    expect(reviseDecision(dateOnly, iso)).toEqual(iso);
    expect(reviseDecision(iso, iso)).toEqual({ type: 'string', conformity: 1 });
    expect(reviseDecision({ type: 'integer', conformity: 1 }, { type: 'integer', conformity: 1 }).type).toBe(
      'decimal',
    );
  });

  it('widens integer to decimal and everything else to string', () => {
    expect(widerType('integer')).toBe('decimal');
    expect(widerType('decimal')).toBe('string');
    expect(widerType('datetime')).toBe('string');
    expect(widerType('string')).toBeUndefined();
  });
});

describe('table statistics', () => {
  it('completeness is the share of cells with a value', () => {
    expect(completeness([{ present: 4 }, { present: 2 }], 4)).toBe(0.75);
    expect(completeness([], 0)).toBe(0);
  });

  it('quality weighs completeness by conformity, column by column', () => {
    expect(
      dataQualityScore(
        [
          { present: 10, conformity: 1 },
          { present: 5, conformity: 1 },
          { present: 10, conformity: 0.9 },
        ],
        10,
      ),
    ).toBe(0.8);
  });
});
