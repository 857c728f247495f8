// Property-based: generated questions (column and value names, phrases, numbers, punctuation,
// Unicode, inputs up to the API's length limit and beyond) against tables with generated and
// awkward column names. No question may crash the engine; every answer has the response's shape,
// and every plan it answers with validates and runs in DuckDB. Seeded, so a failure reproduces.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chartPlanSchema } from '../../src/domain/chart-plan.js';
import { nameWords } from '../../src/domain/vocabulary.js';
import { type Answer, answerQuestion, type PreparedDataset } from '../../src/engine/chart-answer.js';
import { QueryEngine } from '../../src/engine/query-engine.js';

const SEED = 20_261_202;
const RUNS_PER_TABLE = 2_600;
const now = new Date('2026-12-02T00:00:00Z');

const finite = z.number().refine(Number.isFinite, 'must be finite');
const point = z.object({ x: finite, y: finite });
/** The engine's answer as the chart routes send it: a chart with its receipt, a question back, or what is missing. */
const answerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('chart'),
    plan: chartPlanSchema,
    chart: z.object({
      type: z.enum(['bar', 'line', 'pie', 'doughnut', 'scatter']),
      data: z.object({
        labels: z.array(z.union([z.string(), finite])),
        datasets: z.array(
          z.object({ label: z.string(), data: z.union([z.array(finite.nullable()), z.array(point)]) }),
        ),
      }),
      vega_lite: z.record(z.string(), z.unknown()),
    }),
    insights: z.array(z.object({ text: z.string().min(1) }).passthrough()),
    interpretation: z
      .object({
        sql: z.string().min(1),
        rows_scanned: z.number().int().nonnegative(),
        rows_matched: z.number().int().nonnegative(),
        not_understood: z.array(z.string()),
      })
      .passthrough(),
  }),
  z.object({
    kind: z.literal('clarification'),
    reason: z.string().min(1),
    candidates: z.array(z.string().min(1)).min(1),
  }),
  z.object({
    kind: z.literal('unanswerable'),
    message: z.string().min(1),
    missing: z.array(z.string()),
    available: z.array(z.string()).min(1),
  }),
]);

interface Table {
  name: string;
  columns: string[];
  values: string[];
  dataset?: PreparedDataset;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Awkward names users really upload, and names generated from any characters. */
function tables(): Table[] {
  const awkward: Table = {
    name: 'awkward',
    columns: ['count', 'year', 'month', 'CO2 (ppm)', 'temp_min', 'temp_max', 'Cost Total $', 'date', 'kind'],
    values: ['B', 'by', 'rain', 'Self-employed', "O'Brien", 'Ünïcødé', 'PG-13', '100%'],
  };
  const random = fc.sample(
    fc.record({
      columns: fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }), {
        minLength: 9,
        maxLength: 9,
        selector: (s) => s.trim().toLowerCase(),
      }),
      values: fc.uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }), {
        minLength: 6,
        maxLength: 6,
      }),
    }),
    { numRuns: 3, seed: SEED },
  );
  return [
    awkward,
    ...random.map((r, i) => ({
      name: `generated ${i}`,
      columns: r.columns.map((c, k) => (c.trim() === '' ? `column ${k}` : c.trim())),
      values: r.values,
    })),
  ];
}

let directory: string;
let engine: QueryEngine;
const all = tables();

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'sightline-fuzz-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  for (const [t, table] of all.entries()) {
    // Columns by role: a date, a text column of the values, a small integer, and decimals.
    const [date, text, small, ...numbers] = table.columns as [string, string, string, ...string[]];
    const values = table.values.map(literal).join(', ');
    const decimals = numbers
      .map((n, k) => `round(sin(i * ${k + 1}) * ${10 ** (k % 4)}, 3) AS ${quote(n)}`)
      .join(', ');
    await connection.run(
      `COPY (SELECT TIMESTAMP '2014-01-01' + INTERVAL (i) DAY AS ${quote(date)}, ([${values}])[1 + i % ${table.values.length}] AS ${quote(text)}, CAST(i % 7 AS INTEGER) AS ${quote(small)}, ${decimals} FROM range(400) r(i)) TO '${join(directory, `t${t}.parquet`)}' (FORMAT parquet)`,
    );
  }
  connection.closeSync();
  instance.closeSync();
  engine = await QueryEngine.open({
    memoryLimit: '128MB',
    threads: 1,
    tempDirectory: join(directory, 'spill'),
    timeoutMs: 10_000,
    datasetDirectory: directory,
  });
  for (const [t, table] of all.entries()) {
    const path = join(directory, `t${t}.parquet`);
    table.dataset = {
      dataSourceId: `ds_fuzz${t}`,
      version: 'v1',
      path,
      profile: await engine.profile(path),
      name: table.name,
    };
  }
}, 60_000);

afterAll(() => {
  engine?.close();
  rmSync(directory, { recursive: true, force: true });
});

const PHRASES = [
  'average',
  'total',
  'sum of',
  'median',
  'max',
  'min',
  'count',
  'how many',
  'number of',
  'distinct',
  'by',
  'per',
  'for each',
  'over time',
  'vs',
  'versus',
  'against',
  'relationship between',
  'and',
  'or',
  'top 5',
  'bottom 3',
  'the 3 highest',
  'lowest first',
  'alphabetically',
  'descending',
  'share of',
  'percentage of',
  'what fraction of',
  'distribution of',
  'histogram of',
  'in 20 bins',
  'pie chart',
  'line chart',
  'scatter plot',
  'excluding',
  'except',
  'other than',
  'not',
  'more than 5',
  'at least 30',
  'between 10 and 20',
  'under -2.5',
  'in 2014',
  'since 2013',
  'before 1990',
  'in Q3 2014',
  'first half of 2014',
  'from March to June 2014',
  'year to date',
  'yesterday',
  'today',
  'last 90 days',
  'last month',
  'this year',
  'the 2010s',
  '1978 or later',
  'by month',
  'by week',
  'by day of the week',
  'by month of the year',
  'by quarter',
  'by hour',
  'heavier than 4500 g',
  'younger than 20',
  '100 million',
  'which',
  'what',
  'show me',
  'plot',
  '?',
  '!',
  ',',
  '"',
  "'",
  '(',
  ')',
  '%',
  '$',
  '—',
  '🙂',
  'ß',
  '中文',
];

function question(table: Table): fc.Arbitrary<string> {
  const names = table.columns.flatMap((c) => [c, ...nameWords(c)]);
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...PHRASES) },
    { weight: 4, arbitrary: fc.constantFrom(...names) },
    { weight: 2, arbitrary: fc.constantFrom(...table.values) },
    { weight: 1, arbitrary: fc.integer({ min: -100_000, max: 100_000 }).map(String) },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  );
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(piece, { minLength: 1, maxLength: 14 }).map((p) => p.join(' ')) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 500 }) },
    { weight: 1, arbitrary: fc.array(piece, { minLength: 60, maxLength: 160 }).map((p) => p.join(' ')) },
  );
}

describe('any question over any table', () => {
  it(`never crashes the engine, answers in the response's shape, and runs every plan it makes (${RUNS_PER_TABLE * 4} questions)`, async () => {
    const kinds = { chart: 0, clarification: 0, unanswerable: 0 };
    for (const table of all) {
      const dataset = table.dataset as PreparedDataset;
      await fc.assert(
        fc.asyncProperty(question(table), async (q) => {
          let answer: Answer;
          try {
            answer = await answerQuestion(engine, dataset, q, { now });
          } catch (error) {
            throw new Error(`${table.name}: ${JSON.stringify(q)} crashed: ${(error as Error).stack}`);
          }
          const checked = answerSchema.safeParse(answer);
          if (!checked.success) {
            throw new Error(
              `${table.name}: ${JSON.stringify(q)} answered out of shape: ${checked.error.message}`,
            );
          }
          kinds[answer.kind] += 1;
        }),
        { numRuns: RUNS_PER_TABLE, seed: SEED, endOnFailure: true },
      );
    }
    console.log(`generated questions answered: ${JSON.stringify(kinds)}`);
    expect(kinds.chart + kinds.clarification + kinds.unanswerable).toBe(RUNS_PER_TABLE * all.length);
    // Generated questions must reach every kind of answer, or the generator tests nothing.
    expect(kinds.chart).toBeGreaterThan(RUNS_PER_TABLE / 20);
    expect(kinds.unanswerable).toBeGreaterThan(RUNS_PER_TABLE / 20);
  }, 600_000);
});
