import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openDuckDB } from '@sightline/duckdb';
import { AppError } from '@sightline/errors';
import { quoteIdentifier as identifier, quoteLiteral as literal } from '../domain/plan-sql.js';
import type { ColumnProfile, ColumnType, TableProfile } from '../domain/table-profile.js';

/** How much DuckDB may use, and for how long one question may run. */
export interface QueryEngineSettings {
  memoryLimit: string;
  threads: number;
  tempDirectory: string;
  timeoutMs: number;
  /** Where the datasets' Parquet copies are kept: the only files a query may read. */
  datasetDirectory: string;
}

/** Text columns with at most this many values have them listed, so questions can name them. */
const MAX_LISTED_VALUES = 1_000;

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    // DuckDB decimals convert to numbers; timestamps and the like are shown as their text.
    const decimal = value as { toDouble?: () => number };
    return typeof decimal.toDouble === 'function' ? decimal.toDouble() : String(value);
  }
  return value;
}

/** DuckDB's timestamp text ("2012-01-01 00:00:00" or a date) as ISO 8601 in UTC. */
function isoInstant(text: string): string {
  const [day, time = '00:00:00'] = text.split(' ');
  return `${day}T${time.slice(0, 8)}Z`;
}

function columnTypeOf(duckType: string): ColumnType {
  const type = duckType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(type))
    return 'integer';
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL)/.test(type)) return 'decimal';
  if (type === 'BOOLEAN') return 'boolean';
  if (/^(DATE|TIMESTAMP)/.test(type)) return 'datetime';
  return 'string';
}

/** An embedded DuckDB that answers plans over Parquet files, with a timeout per query. */
export class QueryEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly settings: QueryEngineSettings,
  ) {}

  static async open(settings: QueryEngineSettings): Promise<QueryEngine> {
    // Plans come from a model too: whatever SQL they become, no other file is reachable.
    const instance = await openDuckDB({
      threads: settings.threads,
      memoryLimit: settings.memoryLimit,
      tempDirectory: settings.tempDirectory,
      allowedDirectories: [settings.datasetDirectory, settings.tempDirectory],
    });
    return new QueryEngine(instance, settings);
  }

  /** Runs SQL over `dataset` (the Parquet file at `path`), with bound values, under the timeout. */
  async query(
    path: string,
    sql: string,
    params: Array<string | number | boolean> = [],
  ): Promise<Record<string, unknown>[]> {
    const connection = await this.instance.connect();
    const timer = setTimeout(() => connection.interrupt(), this.settings.timeoutMs);
    try {
      await connection.run("SET TimeZone = 'UTC'");
      const full = `WITH dataset AS (SELECT * FROM read_parquet(${literal(path)})) ${sql}`;
      const reader =
        params.length > 0
          ? await connection.runAndReadAll(full, params)
          : await connection.runAndReadAll(full);
      return reader
        .getRowObjects()
        .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
    } catch (error) {
      if (error instanceof Error && /interrupt/i.test(error.message)) {
        throw new AppError(
          'timeout',
          `The query took longer than ${this.settings.timeoutMs} ms and was stopped`,
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
      connection.closeSync();
    }
  }

  /** What a question can refer to: columns and types, listed values of text columns, numeric and date ranges. */
  async profile(
    path: string,
    known?: Map<string, { type: ColumnType; uniqueValues: number }>,
  ): Promise<TableProfile> {
    const connection: DuckDBConnection = await this.instance.connect();
    try {
      const described = (
        await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal(path)})`)
      ).getRowObjectsJson() as Array<{ column_name: string; column_type: string }>;
      const columns: ColumnProfile[] = described.map((d) => ({
        name: d.column_name,
        type: known?.get(d.column_name)?.type ?? columnTypeOf(d.column_type),
        uniqueValues: known?.get(d.column_name)?.uniqueValues ?? 0,
      }));
      const stats = columns.flatMap((c) => {
        const col = identifier(c.name);
        const parts = [`count(*) AS n`];
        if (!known) parts.push(`count(DISTINCT ${col}) AS "u:${c.name}"`);
        if (c.type === 'integer' || c.type === 'decimal' || c.type === 'datetime') {
          parts.push(
            `CAST(min(${col}) AS VARCHAR) AS "lo:${c.name}"`,
            `CAST(max(${col}) AS VARCHAR) AS "hi:${c.name}"`,
          );
        }
        if (c.type === 'datetime') {
          // How finely the dates are spread, so a series already one row per month reads as months.
          parts.push(
            `bool_and(month(${col}) = 1 AND day(${col}) = 1) AS "py:${c.name}"`,
            `bool_and(day(${col}) = 1) AS "pm:${c.name}"`,
            `bool_and(CAST(${col} AS TIMESTAMP) = date_trunc('day', CAST(${col} AS TIMESTAMP))) AS "pd:${c.name}"`,
          );
        }
        return parts;
      });
      const [row = {}] = (
        await connection.runAndReadAll(
          `SELECT ${[...new Set(stats)].join(', ')} FROM read_parquet(${literal(path)})`,
        )
      ).getRowObjectsJson() as Array<Record<string, unknown>>;
      let dateRange: TableProfile['dateRange'];
      for (const column of columns) {
        if (!known) column.uniqueValues = Number(row[`u:${column.name}`] ?? 0);
        const lo = row[`lo:${column.name}`];
        const hi = row[`hi:${column.name}`];
        if (column.type === 'integer' || column.type === 'decimal') {
          if (lo !== null && lo !== undefined) column.min = Number(lo);
          if (hi !== null && hi !== undefined) column.max = Number(hi);
        }
        if (column.type === 'datetime') {
          column.precision = row[`py:${column.name}`]
            ? 'year'
            : row[`pm:${column.name}`]
              ? 'month'
              : row[`pd:${column.name}`]
                ? 'day'
                : 'time';
        }
        if (column.type === 'datetime' && !dateRange && typeof lo === 'string' && typeof hi === 'string') {
          dateRange = { column: column.name, min: isoInstant(lo), max: isoInstant(hi) };
        }
        if (
          (column.type === 'string' || column.type === 'boolean') &&
          column.uniqueValues <= MAX_LISTED_VALUES
        ) {
          const values = (
            await connection.runAndReadAll(
              `SELECT DISTINCT CAST(${identifier(column.name)} AS VARCHAR) AS v FROM read_parquet(${literal(path)}) WHERE ${identifier(column.name)} IS NOT NULL ORDER BY v LIMIT ${MAX_LISTED_VALUES}`,
            )
          ).getRowObjectsJson() as Array<{ v: string }>;
          column.values = values.map((v) => v.v);
        }
      }
      return { columns, rows: Number(row.n ?? 0), ...(dateRange ? { dateRange } : {}) };
    } finally {
      connection.closeSync();
    }
  }

  close(): void {
    this.instance.closeSync();
  }
}
