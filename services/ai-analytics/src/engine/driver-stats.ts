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
  for (const column of profile.columns) {
    if (column.name === target) continue;
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
