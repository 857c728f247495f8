import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/domain/plan-sql.js';
import { readQuestion } from '../../src/domain/question-reader.js';
import type { TableProfile } from '../../src/domain/table-profile.js';

const sales: TableProfile = {
  rows: 1000,
  columns: [
    { name: 'order_date', type: 'datetime', uniqueValues: 365 },
    { name: 'region', type: 'string', uniqueValues: 4, values: ['East', 'North', 'South', 'West'] },
    { name: 'market', type: 'string', uniqueValues: 2, values: ['East', 'Export'] },
    { name: 'product', type: 'string', uniqueValues: 3, values: ["O'Brien's Ale", 'Lager', 'Stout'] },
    { name: 'revenue', type: 'decimal', uniqueValues: 900, min: 1, max: 999 },
    { name: 'unit_price', type: 'decimal', uniqueValues: 50, min: 1, max: 20 },
    { name: 'quantity', type: 'integer', uniqueValues: 40, min: 1, max: 40 },
  ],
  dateRange: { column: 'order_date', min: '2023-01-01T00:00:00Z', max: '2024-06-30T00:00:00Z' },
};
const now = new Date('2026-11-23T00:00:00Z');
const read = (q: string) => readQuestion(q, sales, { now });
const plan = (q: string) => {
  const reading = read(q);
  if (reading.kind !== 'plan') throw new Error(`${q}: ${JSON.stringify(reading)}`);
  return reading.plan;
};

describe('readQuestion', () => {
  it('reads measures by synonym and parts of names, with sensible default aggregations', () => {
    expect(plan('sales by region').measures).toEqual([{ column: 'revenue', aggregate: 'sum' }]);
    expect(plan('price by region').measures).toEqual([{ column: 'unit_price', aggregate: 'avg' }]);
    expect(plan('total units by region').measures).toEqual([{ column: 'quantity', aggregate: 'sum' }]);
    expect(plan('median revenue per product').measures).toEqual([{ column: 'revenue', aggregate: 'median' }]);
  });

  it('tells calendar months from months of the year', () => {
    expect(plan('revenue by month').dimension).toEqual({ column: 'order_date', grain: 'month' });
    expect(plan('revenue by month of the year').dimension).toEqual({
      column: 'order_date',
      grain: 'month_of_year',
    });
    expect(plan('revenue by weekday').dimension).toEqual({ column: 'order_date', grain: 'weekday' });
  });

  it("resolves relative time against the data's latest date, and says so", () => {
    const [filter] = plan('revenue by region in the last 3 months').filters;
    expect(filter).toMatchObject({ op: 'date_range', from: '2024-04-01', to: '2024-07-01' });
    expect(filter?.rule).toContain("the data's latest date (2024-06-30)");
    expect(plan('revenue by region last year').filters[0]).toMatchObject({
      from: '2023-01-01',
      to: '2024-01-01',
    });
    expect(plan('revenue by region since 2024').filters[0]).toMatchObject({ from: '2024-01-01' });
  });

  it('resolves relative time against today when the data reaches it', () => {
    const recent: TableProfile = {
      ...sales,
      dateRange: { column: 'order_date', min: '2025-01-01T00:00:00Z', max: '2026-11-23T00:00:00Z' },
    };
    const reading = readQuestion('revenue by region in the last 2 months', recent, { now });
    expect(reading.kind === 'plan' && reading.plan.filters[0]).toMatchObject({
      from: '2026-10-01',
      to: '2026-12-01',
    });
  });

  it('asks back when a value belongs to two columns', () => {
    const reading = read('revenue in East by month');
    expect(reading).toMatchObject({ kind: 'clarification' });
    expect(reading.kind === 'clarification' && reading.reason).toContain('region, market');
  });

  it('names what is missing when nothing answers the question', () => {
    const reading = read('total profit by region');
    expect(reading).toMatchObject({ kind: 'unanswerable', missing: ['profit'] });
    expect(reading.kind === 'unanswerable' && reading.message).toContain('revenue (decimal)');
  });

  it('never puts question text into SQL: values are bound, identifiers quoted', () => {
    const p = plan("revenue of O'Brien's Ale by region; drop table dataset --");
    const compiled = compilePlan(p, sales);
    expect(compiled.sql).not.toMatch(/drop|O'Brien/i);
    expect(compiled.params).toEqual(["O'Brien's Ale"]);
    expect(compiled.sql).toContain('"product" IN ($1)');
  });

  it('reads comparisons on either side of the number', () => {
    expect(plan('revenue by region with quantity over 10').filters).toEqual([
      { op: 'gt', column: 'quantity', value: 10, rule: 'over 10' },
    ]);
    expect(plan('revenue by region for orders with more than 5 units').filters[0]).toMatchObject({
      op: 'gt',
      column: 'quantity',
      value: 5,
    });
  });
});
