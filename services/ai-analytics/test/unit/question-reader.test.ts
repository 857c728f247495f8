import { WordNet } from '@sightline/lexicon';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/domain/plan-sql.js';
import { type Reading, readQuestion } from '../../src/domain/question-reader.js';
import type { TableProfile } from '../../src/domain/table-profile.js';

const lexicon = WordNet.fromPackage();
afterAll(() => lexicon.close());

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
const read = (q: string, table: TableProfile = sales) =>
  readQuestion(q, table, { now, lexicon, tableName: 'orders' });
const plan = (q: string, table: TableProfile = sales) => {
  const reading = read(q, table);
  if (reading.kind !== 'plan') throw new Error(`${q}: ${JSON.stringify(reading)}`);
  return reading.plan;
};

describe('readQuestion', () => {
  it('reads measures by synonym and parts of names, with sensible default aggregations', () => {
    expect(plan('receipts by region').measures).toEqual([{ column: 'revenue', aggregate: 'sum' }]);
    expect(plan('price by region').measures).toEqual([{ column: 'unit_price', aggregate: 'avg' }]);
    expect(plan('total quantity by region').measures).toEqual([{ column: 'quantity', aggregate: 'sum' }]);
    expect(plan('median revenue per product').measures).toEqual([{ column: 'revenue', aggregate: 'median' }]);
  });

  it('declines a measure it does not know instead of counting rows', () => {
    const reading = read('sales by region');
    expect(reading).toMatchObject({ kind: 'unanswerable', missing: ['sales'] });
    expect(read('revenue by industry')).toMatchObject({ kind: 'unanswerable', missing: ['industry'] });
    // What the rows are called is not a measure: "how many orders" counts them.
    expect(plan('how many orders by region').measures).toEqual([{ column: null, aggregate: 'count' }]);
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
    const p = plan("revenue of O'Brien's Ale by region");
    const compiled = compilePlan(p, sales);
    expect(compiled.sql).not.toMatch(/O'Brien/i);
    expect(compiled.params).toEqual(["O'Brien's Ale"]);
    expect(compiled.sql).toContain('"product" IN ($1)');
    // Words that name nothing are never dropped quietly: the question is declined.
    expect(read("revenue of O'Brien's Ale by region; drop table dataset --").kind).toBe('unanswerable');
  });

  it('reads comparisons on either side of the number', () => {
    expect(plan('revenue by region with quantity over 10').filters).toEqual([
      { op: 'gt', column: 'quantity', value: 10, rule: 'over 10' },
    ]);
    expect(plan('revenue by region for orders with a quantity of more than 5').filters[0]).toMatchObject({
      op: 'gt',
      column: 'quantity',
      value: 5,
    });
  });
});

// The classes of fault found by trying the engine on tables it had never seen.
const strikes: TableProfile = {
  rows: 10_000,
  columns: [
    { name: 'Flight Date', type: 'datetime', uniqueValues: 3625, precision: 'day' },
    { name: 'damage', type: 'string', uniqueValues: 5, values: ['B', 'C', 'Medium', 'Minor', 'None'] },
    { name: 'industry', type: 'string', uniqueValues: 3, values: ['Air', 'Freight', 'Military'] },
    { name: 'population', type: 'integer', uniqueValues: 900, min: 10, max: 9_000_000 },
    { name: 'page_views', type: 'integer', uniqueValues: 900, min: 0, max: 90_000 },
    { name: 'storage_bytes', type: 'integer', uniqueValues: 900, min: 0, max: 1e9 },
    { name: 'generated_leads', type: 'integer', uniqueValues: 90, min: 0, max: 300 },
    { name: 'count', type: 'integer', uniqueValues: 400, min: 1, max: 1000 },
    { name: 'year', type: 'integer', uniqueValues: 11, min: 2000, max: 2010 },
    { name: 'month', type: 'integer', uniqueValues: 12, min: 1, max: 12 },
    { name: 'CO2 (ppm)', type: 'decimal', uniqueValues: 700, min: 310, max: 420 },
    { name: 'temp_min', type: 'decimal', uniqueValues: 300, min: -10, max: 20 },
    { name: 'temp_max', type: 'decimal', uniqueValues: 300, min: -5, max: 35 },
    { name: 'Body Mass (g)', type: 'integer', uniqueValues: 95, min: 2700, max: 6300 },
    { name: 'Beak Length (mm)', type: 'decimal', uniqueValues: 165, min: 32, max: 60 },
    { name: 'Beak Depth (mm)', type: 'decimal', uniqueValues: 80, min: 13, max: 22 },
  ],
  dateRange: { column: 'Flight Date', min: '1990-01-01T00:00:00Z', max: '2024-12-31T00:00:00Z' },
};
const at = (q: string) => plan(q, strikes);
const kindOf = (reading: Reading) => reading.kind;

describe('readQuestion on tables it was never tuned on', () => {
  it('never reads a one-letter value inside an ordinary word', () => {
    expect(at('total population by industry').filters).toEqual([]);
    expect(at('total population by damage B').filters).toEqual([
      { op: 'in', column: 'damage', values: ['B'], rule: 'named in the question' },
    ]);
  });

  it('decides additivity from whole words and units, never substrings', () => {
    for (const column of ['population', 'page_views', 'storage_bytes', 'generated_leads']) {
      expect(at(`${column.replace('_', ' ')} by industry`).measures).toEqual([{ column, aggregate: 'sum' }]);
    }
    expect(at('Body Mass by industry').measures).toEqual([{ column: 'Body Mass (g)', aggregate: 'avg' }]);
    expect(at('CO2 by industry').measures).toEqual([{ column: 'CO2 (ppm)', aggregate: 'avg' }]);
  });

  it('lets a column called count be named, and never measures a year or a month number', () => {
    expect(at('total count by year').measures).toEqual([{ column: 'count', aggregate: 'sum' }]);
    expect(at('total count by year').dimension).toEqual({ column: 'year' });
    expect(at('page views by year and month').measures).toEqual([{ column: 'page_views', aggregate: 'sum' }]);
  });

  it('plots two measures named by words inside column names, and declines one plotted against itself', () => {
    expect(at('minimum temperature vs maximum temperature').measures.map((m) => m.column)).toEqual([
      'temp_max',
      'temp_min',
    ]);
    expect(kindOf(read('scatter of population', strikes))).toBe('unanswerable');
    expect(kindOf(read('population vs population', strikes))).toBe('unanswerable');
  });

  it('asks back with candidates that read well and that answer when asked again', () => {
    const reading = read('average beak by industry', strikes);
    expect(reading.kind).toBe('clarification');
    const candidates = reading.kind === 'clarification' ? reading.candidates : [];
    expect(candidates).toEqual([
      'average Beak Length (mm) by industry',
      'average Beak Depth (mm) by industry',
    ]);
    for (const candidate of candidates) expect(kindOf(read(candidate, strikes))).toBe('plan');
  });

  it('uses units and comparatives to find the compared column', () => {
    expect(at('how many flights weigh more than 5000 g').filters).toEqual([
      { op: 'gt', column: 'Body Mass (g)', value: 5000, rule: 'more than 5000' },
    ]);
    expect(at('total population with generated leads between 10 and 20').filters).toHaveLength(2);
    expect(at('count of flights with page views of 1 million or more').filters[0]).toMatchObject({
      op: 'gte',
      value: 1_000_000,
    });
  });

  it('reads a value through English when the question does not spell it', () => {
    const people: TableProfile = {
      rows: 63,
      columns: [
        { name: 'gender', type: 'string', uniqueValues: 2, values: ['Female', 'Male'] },
        { name: 'age', type: 'integer', uniqueValues: 31, min: 14, max: 87 },
      ],
    };
    expect(plan('how many women', people).filters).toEqual([
      { op: 'in', column: 'gender', values: ['Female'], rule: 'named in the question' },
    ]);
  });

  it('keeps the top k of a grouping broken down by another', () => {
    const p = at('top 3 industries by total population, broken down by damage');
    expect(p).toMatchObject({ dimension: { column: 'industry' }, series: { column: 'damage' }, limit: 3 });
    const sql = compilePlan(p, strikes).sql;
    expect(sql).toContain('"industry" IN (SELECT "industry" FROM dataset');
    expect(sql).toContain('ORDER BY sum("population") DESC NULLS LAST, 1 LIMIT 3)');
  });

  it('reads calendar phrases, and declines ranges outside the data', () => {
    const range = (q: string) => at(q).filters.find((f) => f.op === 'date_range');
    expect(range('total population in Q3 2024')).toMatchObject({ from: '2024-07-01', to: '2024-10-01' });
    expect(range('total population in the first half of 2024')).toMatchObject({
      from: '2024-01-01',
      to: '2024-07-01',
    });
    expect(range('total population from March to June 2014')).toMatchObject({
      from: '2014-03-01',
      to: '2014-07-01',
    });
    expect(range('total population year to date')).toMatchObject({ from: '2024-01-01', to: '2025-01-01' });
    const months = (q: string) => at(q).filters.find((f) => f.op === 'months');
    expect(months('total population in July')).toMatchObject({ months: [7] });
    expect(months('total population from November to February')).toMatchObject({ months: [11, 12, 1, 2] });
    expect(range('total population yesterday')).toMatchObject({ from: '2024-12-30', to: '2024-12-31' });
    expect(range('total population in 1978 or later')).toMatchObject({ from: '1978-01-01' });
    expect(read('total population in 1850', strikes)).toMatchObject({ kind: 'unanswerable' });
  });

  it('lists the words it leaves out, and declines words that name nothing', () => {
    const reading = read('how many flights were recorded by industry', strikes);
    expect(reading.kind === 'plan' && reading.ignored).toEqual(['recorded']);
    expect(read('average wingspan by industry', strikes)).toMatchObject({
      kind: 'unanswerable',
      missing: ['wingspan'],
    });
    expect(read('total population of Lufthansa flights', strikes)).toMatchObject({ kind: 'unanswerable' });
  });
});
