/**
 * How Sightline decides a column's type from its text, the way a careful analyst would: a type
 * is chosen only when every non-missing value fits it, leading zeros keep identifiers as text,
 * and anything mixed falls back to string. The patterns are RE2 syntax (DuckDB runs them over
 * the whole column); the decision over their counts is pure and unit-tested.
 */

export const COLUMN_TYPES = ['datetime', 'integer', 'decimal', 'boolean', 'string'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/**
 * Text that means "no value" in a typed column (compared lower-cased). In string columns these
 * stay as text: "NA" may be a country code there.
 */
export const NULL_TOKENS = ['na', 'n/a', '#n/a', 'null', 'none', 'nan', '-', '?'] as const;

/** Whole numbers without leading zeros ("007" is an identifier) that fit a 64-bit integer. */
export const INTEGER_PATTERN = '[+-]?(0|[1-9][0-9]{0,17})';
/** Decimal notation, optionally with an exponent; the integer part follows the integer rule. */
export const DECIMAL_PATTERN = '[+-]?((0|[1-9][0-9]{0,17})(\\.[0-9]+)?|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?';
/** true/false and yes/no in any case; 0/1 stay integers. */
export const BOOLEAN_PATTERN = '(?i)(true|false|yes|no)';
export const TRUE_WORDS = ['true', 'yes'] as const;

/** A way dates are written, and how DuckDB reads it. */
export interface DateFormat {
  id: string;
  pattern: string;
  /** strptime format; undefined for ISO 8601, which is read by cast (time zones become UTC). */
  strptime?: string;
}

const MONTH = '(0?[1-9]|1[0-2])';
const DAY = '(0?[1-9]|[12][0-9]|3[01])';
const MONTH_NAME = '(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const CLOCK = '([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?)';

/**
 * Date formats in order of preference. When day and month both fit every value (all days
 * are 12 or less), month-first wins because it is listed first; the receipt names the format.
 */
export const DATE_FORMATS: readonly DateFormat[] = [
  // Plain ISO dates first: reading them with a fixed format is several times faster than the general parse.
  { id: 'yyyy-mm-dd', pattern: '[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])', strptime: '%Y-%m-%d' },
  {
    id: 'iso8601',
    pattern: `[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])${CLOCK}?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?`,
  },
  { id: 'yyyy/mm/dd', pattern: `[0-9]{4}/${MONTH}/${DAY}`, strptime: '%Y/%m/%d' },
  {
    id: 'yyyy/mm/dd hh:mm',
    pattern: `[0-9]{4}/${MONTH}/${DAY} [0-9]{1,2}:[0-9]{2}`,
    strptime: '%Y/%m/%d %H:%M',
  },
  {
    id: 'yyyy/mm/dd hh:mm:ss',
    pattern: `[0-9]{4}/${MONTH}/${DAY} [0-9]{1,2}:[0-9]{2}:[0-9]{2}`,
    strptime: '%Y/%m/%d %H:%M:%S',
  },
  { id: 'mm/dd/yyyy', pattern: `${MONTH}/${DAY}/[0-9]{4}`, strptime: '%m/%d/%Y' },
  {
    id: 'mm/dd/yyyy hh:mm',
    pattern: `${MONTH}/${DAY}/[0-9]{4} [0-9]{1,2}:[0-9]{2}`,
    strptime: '%m/%d/%Y %H:%M',
  },
  { id: 'dd/mm/yyyy', pattern: `${DAY}/${MONTH}/[0-9]{4}`, strptime: '%d/%m/%Y' },
  { id: 'dd.mm.yyyy', pattern: `${DAY}\\.${MONTH}\\.[0-9]{4}`, strptime: '%d.%m.%Y' },
  { id: 'mon dd, yyyy', pattern: `${MONTH_NAME} ${DAY}, [0-9]{4}`, strptime: '%b %d, %Y' },
  { id: 'dd mon yyyy', pattern: `${DAY} ${MONTH_NAME} [0-9]{4}`, strptime: '%d %b %Y' },
  { id: 'mon dd yyyy', pattern: `${MONTH_NAME} ${DAY} [0-9]{4}`, strptime: '%b %d %Y' },
];

/** How many of a column's values fit each candidate type (over a sample or the whole column). */
export interface PatternCounts {
  /** Values that are present: not blank, not a null token. */
  present: number;
  integer: number;
  decimal: number;
  boolean: number;
  /** Per DATE_FORMATS id. */
  dates: Record<string, number>;
}

/** A column's decided type, with the date format when it is a datetime. */
export interface TypeDecision {
  type: ColumnType;
  dateFormat?: string;
  /** Share of present values that fit the best non-string type, when the column fell back to string. */
  conformity: number;
}

/** The narrowest type every present value fits; a column with no values is a string. */
export function decideColumnType(counts: PatternCounts): TypeDecision {
  const { present } = counts;
  if (present === 0) return { type: 'string', conformity: 1 };
  if (counts.integer === present) return { type: 'integer', conformity: 1 };
  if (counts.decimal === present) return { type: 'decimal', conformity: 1 };
  if (counts.boolean === present) return { type: 'boolean', conformity: 1 };
  for (const format of DATE_FORMATS) {
    if ((counts.dates[format.id] ?? 0) === present)
      return { type: 'datetime', dateFormat: format.id, conformity: 1 };
  }
  // A mostly typed column with a few stray values is a data-quality problem worth scoring.
  const best = Math.max(counts.decimal, counts.boolean, ...Object.values(counts.dates));
  const share = best / present;
  return { type: 'string', conformity: share >= 0.8 ? share : 1 };
}

/**
 * The decision for a column whose whole-file values contradicted the sample's: the whole
 * file's own decision, or, when that is the same (values that look right but do not parse,
 * such as 2024-02-30), the next wider type.
 */
export function reviseDecision(previous: TypeDecision, whole: TypeDecision): TypeDecision {
  if (whole.type !== previous.type || whole.dateFormat !== previous.dateFormat) return whole;
  return { type: widerType(whole.type) ?? 'string', conformity: whole.conformity };
}

/** The type to try next when a value of the whole column does not fit the sample's decision. */
export function widerType(type: ColumnType): ColumnType | undefined {
  return type === 'integer' ? 'decimal' : type === 'string' ? undefined : 'string';
}

/** Per-column facts the quality score is computed from. */
export interface ColumnQualityInput {
  present: number;
  conformity: number;
}

/**
 * The table's quality in [0, 1]: the mean over columns of completeness × conformity, where
 * completeness is the share of rows with a value and conformity the share of values that fit
 * the column's evident type (1 for typed columns, below 1 for a mostly numeric or date column
 * spoiled by stray text). Rounded to three decimals.
 */
export function dataQualityScore(columns: readonly ColumnQualityInput[], rows: number): number {
  if (columns.length === 0 || rows === 0) return 0;
  const total = columns.reduce((sum, c) => sum + (c.present / rows) * c.conformity, 0);
  return round3(total / columns.length);
}

/** Share of all cells that hold a value, rounded to three decimals. */
export function completeness(columns: readonly { present: number }[], rows: number): number {
  if (columns.length === 0 || rows === 0) return 0;
  const present = columns.reduce((sum, c) => sum + c.present, 0);
  return round3(present / (rows * columns.length));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
