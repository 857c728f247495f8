import { NON_ADDITIVE_WORDS, nameParts, TIME_PART_WORDS, UNITS } from './vocabulary.js';

/** The column types ingestion infers. */
export type ColumnType = 'datetime' | 'integer' | 'decimal' | 'boolean' | 'string';

/** What the engine knows about one column before it reads a question. */
export interface ColumnProfile {
  name: string;
  type: ColumnType;
  uniqueValues: number;
  /** Distinct values of a low-cardinality text column, for matching names in questions. */
  values?: string[];
  /** Smallest and largest value of a numeric column. */
  min?: number;
  max?: number;
  /**
   * How finely a datetime column's values are spread: all on January 1st (`year`), all on a
   * month's first day (`month`), all at midnight (`day`), or with times of day (`time`).
   */
  precision?: 'year' | 'month' | 'day' | 'time';
}

/** A data source as the engine sees it: columns, size, and the span of its dates. */
export interface TableProfile {
  columns: ColumnProfile[];
  rows: number;
  /** Earliest and latest value of the first datetime column (ISO 8601), when there is one. */
  dateRange?: { column: string; min: string; max: string };
}

export const isNumeric = (column: ColumnProfile) => column.type === 'integer' || column.type === 'decimal';
export const isTemporal = (column: ColumnProfile) => column.type === 'datetime';
/** Text and booleans, and integers with few values (cylinders, ratings), can group rows. */
export const isCategorical = (column: ColumnProfile) =>
  column.type === 'string' ||
  column.type === 'boolean' ||
  (column.type === 'integer' && column.uniqueValues <= 24);

/** An integer column naming a part of a date (`year`, `month`, `budgetYear`): never summed or averaged by default. */
export const isTimePart = (column: ColumnProfile) =>
  column.type === 'integer' && TIME_PART_WORDS.has(nameParts(column.name).words.at(-1) ?? '');

/**
 * How a measure adds up when a question does not say: averaged when its name's words or units
 * say it is a level, a ratio or a physical measurement (price, rate, age, mm, g, ppm), or when
 * every value is a fraction between 0 and 1; otherwise summed. Money is summed.
 */
export function defaultAggregate(column: ColumnProfile): 'sum' | 'avg' {
  const { words, units } = nameParts(column.name);
  if (words.some((w) => NON_ADDITIVE_WORDS.has(w))) return 'avg';
  if (units.some((u) => UNITS[u] !== undefined && UNITS[u] !== 'money')) return 'avg';
  if (column.type === 'decimal' && column.min !== undefined && column.max !== undefined) {
    if (column.min >= 0 && column.max <= 1) return 'avg';
  }
  return 'sum';
}
