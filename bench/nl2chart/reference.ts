// Expected answers, computed from plain JavaScript rows with no SQL and nothing of the engine:
// grouping, aggregation, ordering and binning written out directly, following the conventions
// the engine documents (categories by value, largest first; time and numbers in order).
import type { Row } from './datasets.js';

/** A chart as the question set expects it. */
export interface ExpectedChart {
  type: string;
  labels: Array<string | number>;
  datasets: Array<{ label?: string; data: Array<number | null> }>;
  /** A single value whose label wording is the engine's to choose ("Average Body Mass (g)"). */
  anyLabels?: boolean;
  /** A share chart: raw values, percentages or fractions of the total are all right. */
  share?: boolean;
}

export type Aggregate = (rows: Row[]) => number | null;
export type Key = (row: Row) => string | number | null;

const values = (rows: Row[], column: string) =>
  rows.map((r) => r[column]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));

export const agg = {
  // A group with no values has no total (null), as in SQL, rather than a total of zero.
  sum:
    (column: string): Aggregate =>
    (rows) => {
      const v = values(rows, column);
      return v.length === 0 ? null : v.reduce((s, x) => s + x, 0);
    },
  avg:
    (column: string): Aggregate =>
    (rows) => {
      const v = values(rows, column);
      return v.length === 0 ? null : v.reduce((s, x) => s + x, 0) / v.length;
    },
  median:
    (column: string): Aggregate =>
    (rows) => {
      const v = values(rows, column).sort((a, b) => a - b);
      if (v.length === 0) return null;
      const mid = Math.floor(v.length / 2);
      return v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
    },
  min:
    (column: string): Aggregate =>
    (rows) => {
      const v = values(rows, column);
      return v.length === 0 ? null : Math.min(...v);
    },
  max:
    (column: string): Aggregate =>
    (rows) => {
      const v = values(rows, column);
      return v.length === 0 ? null : Math.max(...v);
    },
  count: (): Aggregate => (rows) => rows.length,
  distinct:
    (column: string): Aggregate =>
    (rows) =>
      new Set(rows.map((r) => r[column]).filter((v) => v !== null && v !== undefined)).size,
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const date = (row: Row, column: string) => row[column] as Date;
const pad = (n: number) => String(n).padStart(2, '0');

/** Grouping keys; time keys sort as their text does, except month of year and weekday (see ORDER). */
export const key = {
  column:
    (column: string): Key =>
    (r) =>
      r[column] === null || r[column] === undefined ? null : (r[column] as string | number),
  year:
    (column: string): Key =>
    (r) =>
      String(date(r, column).getUTCFullYear()),
  quarter:
    (column: string): Key =>
    (r) =>
      `${date(r, column).getUTCFullYear()}-Q${Math.floor(date(r, column).getUTCMonth() / 3) + 1}`,
  month:
    (column: string): Key =>
    (r) =>
      `${date(r, column).getUTCFullYear()}-${pad(date(r, column).getUTCMonth() + 1)}`,
  day:
    (column: string): Key =>
    (r) =>
      `${date(r, column).getUTCFullYear()}-${pad(date(r, column).getUTCMonth() + 1)}-${pad(date(r, column).getUTCDate())}`,
  monthOfYear:
    (column: string): Key =>
    (r) =>
      MONTHS[date(r, column).getUTCMonth()] as string,
  weekday:
    (column: string): Key =>
    (r) =>
      DAYS[(date(r, column).getUTCDay() + 6) % 7] as string,
};

export type Order = 'value-desc' | 'value-asc' | 'label-asc' | 'label-desc' | 'months' | 'weekdays';

function orderLabels(
  labels: Array<string | number>,
  order: Order,
  value: (l: string | number) => number | null,
) {
  const byLabel = (a: string | number, b: string | number) =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a) < String(b)
        ? -1
        : String(a) > String(b)
          ? 1
          : 0;
  const sorted = [...labels];
  if (order === 'label-asc') sorted.sort(byLabel);
  else if (order === 'label-desc') sorted.sort((a, b) => byLabel(b, a));
  else if (order === 'months') sorted.sort((a, b) => MONTHS.indexOf(String(a)) - MONTHS.indexOf(String(b)));
  else if (order === 'weekdays') sorted.sort((a, b) => DAYS.indexOf(String(a)) - DAYS.indexOf(String(b)));
  else {
    const sign = order === 'value-desc' ? -1 : 1;
    sorted.sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null) return 1;
      if (vb === null) return -1;
      return sign * (va - vb) || byLabel(a, b);
    });
  }
  return sorted;
}

function groups(rows: Row[], k: Key): Map<string | number, Row[]> {
  const map = new Map<string | number, Row[]>();
  for (const row of rows) {
    const label = k(row);
    if (label === null) continue;
    map.set(label, [...(map.get(label) ?? []), row]);
  }
  return map;
}

/** One measure (or several) per group. */
export function grouped(
  type: string,
  rows: Row[],
  k: Key,
  measures: Aggregate[],
  order: Order,
  limit?: number,
): ExpectedChart {
  const map = groups(rows, k);
  const first = measures[0] as Aggregate;
  let labels = orderLabels([...map.keys()], order, (l) => first(map.get(l) as Row[]));
  if (limit !== undefined) labels = labels.slice(0, limit);
  return {
    type,
    labels,
    datasets: measures.map((m) => ({ data: labels.map((l) => m(map.get(l) as Row[])) })),
  };
}

/** One dataset per series value (sorted by name), x in the given order, null where a pair has no rows. */
export function bySeries(
  type: string,
  rows: Row[],
  x: Key,
  series: Key,
  measure: Aggregate,
  order: Order,
): ExpectedChart {
  const xs = groups(rows, x);
  const labels = orderLabels([...xs.keys()], order, () => 0);
  const names = [...groups(rows, series).keys()]
    .map(String)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return {
    type,
    labels,
    datasets: names.map((name) => ({
      label: name,
      data: labels.map((l) => {
        const inGroup = (xs.get(l) as Row[]).filter((r) => String(series(r)) === name);
        return inGroup.length === 0 ? null : measure(inGroup);
      }),
    })),
  };
}

/** One value for the whole (filtered) table, whatever the engine calls it. */
export function one(rows: Row[], measure: Aggregate): ExpectedChart {
  return { type: 'bar', labels: ['value'], datasets: [{ data: [measure(rows)] }], anyLabels: true };
}

/** Parts of a whole, as a pie. */
export function share(rows: Row[], k: Key, measure: Aggregate): ExpectedChart {
  return { ...grouped('pie', rows, k, [measure], 'value-desc'), share: true };
}

/** A single number, shown as one bar. */
export function single(rows: Row[], measures: Aggregate[], labels: string[]): ExpectedChart {
  return { type: 'bar', labels, datasets: [{ data: measures.map((m) => m(rows)) }] };
}

/** A histogram with about `bins` bins of a "nice" width (1, 2, 2.5 or 5 times a power of ten). */
export function histogram(rows: Row[], column: string, bins = 10): ExpectedChart {
  const v = values(rows, column);
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const raw = (hi - lo || Math.abs(hi) || 1) / bins;
  const power = 10 ** Math.floor(Math.log10(raw));
  const width = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const start = Math.floor(lo / width) * width;
  const end = Math.floor(hi / width) * width;
  const labels: string[] = [];
  const data: number[] = [];
  const clean = (n: number) => Number(n.toPrecision(12));
  for (let b = start; b <= end + width / 2; b += width) {
    const from = clean(b);
    labels.push(`${from}–${clean(from + width)}`);
    data.push(v.filter((x) => clean(Math.floor(x / width) * width) === from).length);
  }
  return { type: 'bar', labels, datasets: [{ data }] };
}

/** Rows whose date column falls in [from, to). */
export function between(rows: Row[], column: string, from: string, to: string): Row[] {
  const lo = Date.parse(`${from}T00:00:00Z`);
  const hi = Date.parse(`${to}T00:00:00Z`);
  return rows.filter((r) => {
    const t = (r[column] as Date).getTime();
    return t >= lo && t < hi;
  });
}
