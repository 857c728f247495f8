// What every question file of the uploaded-table sets writes with: the case shape, a book to add
// cases to, and the row predicates and chart shapes their expected answers are built from.
import type { Row } from './datasets.js';
import type { HeldOutTable } from './held-out/tables.js';
import { type Aggregate, type ExpectedChart, grouped, key } from './reference.js';

export type HeldOutExpectation = ExpectedChart | 'declined' | { scatter: { x: string; y: string } };

/** A question over one of the uploaded tables, with its expected answer computed from plain rows. */
export interface HeldOutCase {
  table: HeldOutTable;
  form: string;
  question: string;
  expected: (rows: Row[]) => HeldOutExpectation;
  /** The engine's clock, for relative phrases ("yesterday", "year to date"). */
  now?: string;
}

/** A list of cases and the two ways to add one: a question with its answer, or one to decline. */
export function questionBook() {
  const cases: HeldOutCase[] = [];
  const h = (
    table: HeldOutTable,
    form: string,
    question: string,
    expected: HeldOutCase['expected'],
    now?: string,
  ) => cases.push({ table, form, question, expected, ...(now ? { now } : {}) });
  const no = (table: HeldOutTable, question: string) =>
    cases.push({ table, form: 'unanswerable', question, expected: () => 'declined' });
  return { cases, h, no };
}

/** Rows whose column holds one of the values. */
export const is =
  (column: string, ...wanted: Array<string | number>) =>
  (r: Row) =>
    wanted.includes(r[column] as string | number);

/** Rows whose column holds a value, and none of these. */
export const isNot =
  (column: string, ...unwanted: Array<string | number>) =>
  (r: Row) =>
    r[column] !== null && r[column] !== undefined && !unwanted.includes(r[column] as string | number);

/** A row's number in a column. */
export const num = (r: Row, column: string) => r[column] as number | null;

/** One bar per value of a column. */
export const bar = (
  rows: Row[],
  column: string,
  m: Aggregate,
  order: 'value-desc' | 'value-asc' | 'label-asc' = 'value-desc',
  limit?: number,
) => grouped('bar', rows, key.column(column), [m], order, limit);
