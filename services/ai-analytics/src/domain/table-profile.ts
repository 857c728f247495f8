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
