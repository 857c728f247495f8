import type { FactorStats } from '../domain/driver-analysis.js';
import { quoteIdentifier } from '../domain/plan-sql.js';
import { isCategorical, isNumeric, isTemporal, type TableProfile } from '../domain/table-profile.js';
import type { QueryEngine } from './query-engine.js';

/** Categorical factors with more groups than this (names, ids) are not tested. */
const MAX_GROUPS = 50;

/** Measures every other column against the target in DuckDB: correlations, group means, time trend. */
export async function measureFactors(
  engine: QueryEngine,
  path: string,
  profile: TableProfile,
  target: string,
): Promise<FactorStats[]> {
  const y = quoteIdentifier(target);
  const stats: FactorStats[] = [];
  const components = await findComponents(engine, path, profile, target);
  for (const column of profile.columns) {
    if (column.name === target) continue;
    const component = components.get(column.name);
    if (component) {
      // A part of the target is never scored, whatever its type looks like.
      stats.push({
        kind: 'numeric',
        factor: column.name,
        n: 0,
        pearson: Number.NaN,
        spearman: Number.NaN,
        component,
      });
      continue;
    }
    const x = quoteIdentifier(column.name);
    const both = `${x} IS NOT NULL AND ${y} IS NOT NULL`;
    if (isNumeric(column) && !(column.type === 'integer' && column.uniqueValues <= 12)) {
      // Average ranks for ties make the rank correlation Spearman's.
      const [row] = await engine.query(
        path,
        `SELECT count(*) AS n, corr(x, y) AS pearson, corr(rx, ry) AS spearman FROM (
           SELECT ${x} AS x, ${y} AS y,
             rank() OVER (ORDER BY ${x}) + (count(*) OVER (PARTITION BY ${x}) - 1) / 2.0 AS rx,
             rank() OVER (ORDER BY ${y}) + (count(*) OVER (PARTITION BY ${y}) - 1) / 2.0 AS ry
           FROM dataset WHERE ${both})`,
      );
      stats.push({
        kind: 'numeric',
        factor: column.name,
        n: Number(row?.n ?? 0),
        pearson: Number(row?.pearson ?? Number.NaN),
        spearman: Number(row?.spearman ?? Number.NaN),
      });
    } else if (isTemporal(column)) {
      const [row] = await engine.query(
        path,
        `SELECT count(*) AS n, corr(epoch(${x}), ${y}) AS r, regr_slope(${y}, epoch(${x})) * 31557600 AS per_year FROM dataset WHERE ${both}`,
      );
      stats.push({
        kind: 'time',
        factor: column.name,
        n: Number(row?.n ?? 0),
        r: Number(row?.r ?? Number.NaN),
        slopePerYear: Number(row?.per_year ?? 0),
      });
    } else if (
      isCategorical(column) &&
      column.uniqueValues <= MAX_GROUPS &&
      column.uniqueValues < profile.rows / 2
    ) {
      const groups = await engine.query(
        path,
        `SELECT CAST(${x} AS VARCHAR) AS g, count(*) AS n, avg(${y}) AS mean, coalesce(var_pop(${y}), 0) * count(*) AS ss FROM dataset WHERE ${both} GROUP BY 1`,
      );
      stats.push({
        kind: 'categorical',
        factor: column.name,
        groups: groups.map((g) => ({
          value: String(g.g),
          n: Number(g.n),
          mean: Number(g.mean),
          withinSS: Number(g.ss),
        })),
      });
    }
  }
  return stats;
}

/** Rows on which a relation must hold for a column to count as a part of the target. */
const COMPONENT_SHARE = 0.99;
/** Numeric columns compared pairwise for sums and differences (the most distinct first). */
const MAX_COMPONENT_COLUMNS = 16;

/**
 * Columns the target is computed from, in one pass: equal to it, or adding up (or differencing)
 * to it with one other column, within a relative tolerance of 1e-6, on 99% of the rows where all
 * are present. "Repair cost explains total cost" is arithmetic, not a finding.
 */
async function findComponents(
  engine: QueryEngine,
  path: string,
  profile: TableProfile,
  target: string,
): Promise<Map<string, NonNullable<Extract<FactorStats, { kind: 'numeric' }>['component']>>> {
  const numeric = profile.columns
    .filter((c) => c.name !== target && isNumeric(c))
    .sort((a, b) => b.uniqueValues - a.uniqueValues)
    .slice(0, MAX_COMPONENT_COLUMNS);
  const found = new Map<string, NonNullable<Extract<FactorStats, { kind: 'numeric' }>['component']>>();
  if (numeric.length === 0) return found;
  const y = quoteIdentifier(target);
  const near = (expression: string) => `abs(${y} - (${expression})) <= 1e-6 * greatest(abs(${y}), 1)`;
  const checks: Array<{
    alias: string;
    factor: string;
    relation: 'identity' | 'sum' | 'difference';
    with?: string;
    sql: string;
  }> = [];
  for (const [i, a] of numeric.entries()) {
    const x = quoteIdentifier(a.name);
    checks.push({ alias: `i${i}`, factor: a.name, relation: 'identity', sql: near(x) });
    for (const [j, b] of numeric.entries()) {
      if (j === i) continue;
      const z = quoteIdentifier(b.name);
      if (j > i)
        checks.push({
          alias: `s${i}_${j}`,
          factor: a.name,
          relation: 'sum',
          with: b.name,
          sql: near(`${x} + ${z}`),
        });
      checks.push({
        alias: `d${i}_${j}`,
        factor: a.name,
        relation: 'difference',
        with: b.name,
        sql: near(`${x} - ${z}`),
      });
    }
  }
  const [row] = await engine.query(
    path,
    `SELECT ${checks.map((c) => `avg(CASE WHEN ${c.sql} THEN 1.0 ELSE 0.0 END) FILTER (WHERE ${y} IS NOT NULL) AS ${c.alias}`).join(', ')} FROM dataset`,
  );
  for (const check of checks) {
    const share = Number(row?.[check.alias] ?? 0);
    if (share < COMPONENT_SHARE) continue;
    const part = {
      relation: check.relation,
      ...(check.with ? { with: check.with } : {}),
      share: Number(share.toFixed(4)),
    };
    if (!found.has(check.factor)) found.set(check.factor, part);
    // In a sum both terms are parts of the target.
    if (check.relation === 'sum' && check.with && !found.has(check.with)) {
      found.set(check.with, { relation: 'sum', with: check.factor, share: part.share });
    }
  }
  return found;
}
