import type { ChartPlan, Filter, Measure, TimeGrain } from './chart-plan.js';
import { type ColumnProfile, isTemporal, type TableProfile } from './table-profile.js';

/** SQL with its bound values: the question's text never becomes SQL, only these typed values. */
export interface CompiledQuery {
  sql: string;
  params: Array<string | number | boolean>;
}

/** The name the columnar copy is read under in every query. */
export const TABLE = 'dataset';
/** Scatter plots draw at most this many points (a deterministic sample beyond). */
export const SCATTER_POINTS = 5_000;

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL string literal, for the engine's own paths (never for question text, which is bound). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The expression a time grain groups by, as a sortable key and a label. */
export function grainExpressions(column: string, grain: TimeGrain): { key: string; label: string } {
  const c = quoteIdentifier(column);
  switch (grain) {
    case 'year':
      return { key: `year(${c})`, label: `strftime(${c}, '%Y')` };
    case 'quarter':
      return {
        key: `year(${c}) * 10 + quarter(${c})`,
        label: `strftime(${c}, '%Y') || '-Q' || quarter(${c})`,
      };
    case 'month':
      return { key: `date_trunc('month', ${c})`, label: `strftime(${c}, '%Y-%m')` };
    case 'month_of_year':
      return { key: `month(${c})`, label: `strftime(${c}, '%b')` };
    case 'week':
      return { key: `date_trunc('week', ${c})`, label: `strftime(date_trunc('week', ${c}), '%Y-%m-%d')` };
    case 'weekday':
      return { key: `isodow(${c})`, label: `strftime(${c}, '%a')` };
    case 'day':
      return { key: `date_trunc('day', ${c})`, label: `strftime(${c}, '%Y-%m-%d')` };
    case 'hour':
      return { key: `hour(${c})`, label: `lpad(CAST(hour(${c}) AS VARCHAR), 2, '0') || ':00'` };
  }
}

function aggregateExpression(measure: Measure): string {
  if (measure.column === null) return 'count(*)';
  const c = quoteIdentifier(measure.column);
  switch (measure.aggregate) {
    case 'count':
      return `count(${c})`;
    case 'count_distinct':
      return `count(DISTINCT ${c})`;
    case 'avg':
      return `avg(${c})`;
    case 'median':
      return `median(${c})`;
    default:
      return `${measure.aggregate}(${c})`;
  }
}

function compileFilters(filters: Filter[], params: CompiledQuery['params']): string[] {
  const bind = (value: string | number | boolean) => {
    params.push(value);
    return `$${params.length}`;
  };
  return filters.map((filter) => {
    const c = quoteIdentifier(filter.column);
    switch (filter.op) {
      case 'in':
        return `${c} IN (${filter.values.map(bind).join(', ')})`;
      case 'not_in':
        return `(${c} IS NULL OR ${c} NOT IN (${filter.values.map(bind).join(', ')}))`;
      case 'months':
        return `month(${c}) IN (${filter.months.map(bind).join(', ')})`;
      case 'date_range': {
        const parts: string[] = [];
        if (filter.from) parts.push(`${c} >= CAST(${bind(filter.from)} AS TIMESTAMP)`);
        if (filter.to) parts.push(`${c} < CAST(${bind(filter.to)} AS TIMESTAMP)`);
        return parts.length > 0 ? parts.join(' AND ') : 'TRUE';
      }
      default: {
        const op = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '=', ne: '<>' }[filter.op];
        return `${c} ${op} ${bind(filter.value)}`;
      }
    }
  });
}

function where(conditions: string[]): string {
  return conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
}

/** Bin width with 1, 2 or 5 times a power of ten, giving about `bins` bins over [min, max]. */
export function niceBinWidth(min: number, max: number, bins: number): number {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / bins;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10;
  return step * power;
}

/**
 * Compiles a plan to SQL over the columnar copy. Every identifier is quoted and every value
 * bound; the result has columns `label` (and `series`), `m0…` per measure, and `sort_key`.
 */
export function compilePlan(plan: ChartPlan, table: TableProfile, binWidth?: number): CompiledQuery {
  const params: CompiledQuery['params'] = [];
  const conditions = compileFilters(plan.filters, params);
  const columnOf = (name: string) => table.columns.find((c) => c.name === name) as ColumnProfile;

  if (plan.kind === 'scatter') {
    const [x, y] = plan.measures.map((m) => quoteIdentifier(m.column as string));
    const color = plan.series ? `, CAST(${quoteIdentifier(plan.series.column)} AS VARCHAR) AS series` : '';
    conditions.push(`${x} IS NOT NULL`, `${y} IS NOT NULL`);
    return {
      // The sample is drawn from the rows that pass the filters, not before them.
      sql: `SELECT * FROM (SELECT ${x} AS x, ${y} AS y${color} FROM ${TABLE}${where(conditions)}) USING SAMPLE reservoir(${SCATTER_POINTS} ROWS) REPEATABLE (42)`,
      params,
    };
  }

  if (plan.kind === 'histogram') {
    const c = quoteIdentifier(plan.measures[0]?.column as string);
    const width = binWidth ?? 1;
    conditions.push(`${c} IS NOT NULL`);
    return {
      sql: `SELECT floor(${c} / ${width}) * ${width} AS bin_start, count(*) AS m0 FROM ${TABLE}${where(conditions)} GROUP BY bin_start ORDER BY bin_start`,
      params,
    };
  }

  const select: string[] = [];
  const group: string[] = [];
  let sortKey = 'label';
  let labelIsTime = false;
  for (const [alias, part] of [
    ['label', plan.dimension],
    ['series', plan.series],
  ] as const) {
    if (!part) continue;
    const column = columnOf(part.column);
    if (isTemporal(column) && part.grain) {
      const { key, label } = grainExpressions(part.column, part.grain);
      select.push(`${label} AS ${alias}`);
      if (alias === 'label') {
        select.push(`min(${key}) AS sort_key`);
        sortKey = 'sort_key';
        labelIsTime = true;
        // Days each period's data spans (first to last date), so a period the data only partly
        // covers is never compared as whole; min and max cost far less than counting distinct days.
        if (['year', 'quarter', 'month', 'week'].includes(part.grain) && !plan.series) {
          const c = quoteIdentifier(part.column);
          select.push(`date_diff('day', CAST(min(${c}) AS DATE), CAST(max(${c}) AS DATE)) + 1 AS days`);
        }
      }
      group.push(label);
    } else {
      select.push(`${quoteIdentifier(part.column)} AS ${alias}`);
      group.push(quoteIdentifier(part.column));
    }
  }
  for (const [i, measure] of plan.measures.entries()) select.push(`${aggregateExpression(measure)} AS m${i}`);
  if (plan.series && plan.limit !== undefined && plan.dimension && plan.measures[0]) {
    // "top 3 islands by total mass, broken down by species": the 3 islands with the largest
    // totals over all species, each then split by species.
    const part = plan.dimension;
    const column = columnOf(part.column);
    const expression =
      isTemporal(column) && part.grain
        ? grainExpressions(part.column, part.grain).label
        : quoteIdentifier(part.column);
    const inner = compileFilters(plan.filters, params);
    inner.push(`${quoteIdentifier(part.column)} IS NOT NULL`);
    const direction = plan.sort?.by === 'measure' && plan.sort.direction === 'asc' ? 'ASC' : 'DESC';
    conditions.push(
      `${expression} IN (SELECT ${expression} FROM ${TABLE}${where(inner)} GROUP BY 1 ORDER BY ${aggregateExpression(plan.measures[0])} ${direction} NULLS LAST, 1 LIMIT ${plan.limit})`,
    );
  }
  const grouped = group.length > 0 ? ` GROUP BY ${group.join(', ')}` : '';
  // Groups with no value to group by are left out, as an analyst would.
  if (plan.dimension) conditions.push(`${quoteIdentifier(plan.dimension.column)} IS NOT NULL`);
  if (plan.series) conditions.push(`${quoteIdentifier(plan.series.column)} IS NOT NULL`);

  let order = '';
  if (plan.dimension) {
    const labelOrder = `${sortKey} ${plan.sort?.by === 'label' ? plan.sort.direction.toUpperCase() : 'ASC'}`;
    if (plan.series) order = ` ORDER BY ${labelOrder}, series ASC`;
    else if (plan.sort?.by === 'measure')
      order = ` ORDER BY m0 ${plan.sort.direction.toUpperCase()} NULLS LAST, ${labelOrder}`;
    else if (plan.sort?.by === 'label' || labelIsTime || isOrderedDimension(plan, table))
      order = ` ORDER BY ${labelOrder}`;
    else order = ' ORDER BY m0 DESC NULLS LAST, label ASC';
  }
  const limit = plan.limit !== undefined && !plan.series ? ` LIMIT ${plan.limit}` : '';
  if (limit && plan.sort?.by === 'label') {
    // "top 5 distributors, alphabetically": the five largest, then shown in label order.
    const top = `SELECT ${select.join(', ')} FROM ${TABLE}${where(conditions)}${grouped} ORDER BY m0 DESC NULLS LAST, label ASC${limit}`;
    return { sql: `SELECT * FROM (${top})${order}`, params };
  }
  return {
    sql: `SELECT ${select.join(', ')} FROM ${TABLE}${where(conditions)}${grouped}${order}${limit}`,
    params,
  };
}

/** Numbers and years read in their own order; categories by value. */
function isOrderedDimension(plan: ChartPlan, table: TableProfile): boolean {
  const column = table.columns.find((c) => c.name === plan.dimension?.column);
  return column !== undefined && (column.type === 'integer' || column.type === 'decimal');
}

/** SQL counting the rows the plan's filters keep, for the receipt. */
export function compileMatchCount(plan: ChartPlan): CompiledQuery {
  const params: CompiledQuery['params'] = [];
  const conditions = compileFilters(plan.filters, params);
  return { sql: `SELECT count(*) AS n FROM ${TABLE}${where(conditions)}`, params };
}

/** SQL for the range of a histogram's column under the plan's filters. */
export function compileRange(plan: ChartPlan): CompiledQuery {
  const params: CompiledQuery['params'] = [];
  const conditions = compileFilters(plan.filters, params);
  const c = quoteIdentifier(plan.measures[0]?.column as string);
  return { sql: `SELECT min(${c}) AS lo, max(${c}) AS hi FROM ${TABLE}${where(conditions)}`, params };
}
