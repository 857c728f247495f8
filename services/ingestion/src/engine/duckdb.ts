import { rmSync } from 'node:fs';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openDuckDB } from '@sightline/duckdb';

/** Where DuckDB works and how much it may use. */
export interface EngineSettings {
  /** Spill directory for work that exceeds the memory limit. */
  tempDirectory: string;
  memoryLimit: string;
  threads: number;
  /** Where uploads and work files live: the only files DuckDB may touch. */
  dataDirectory: string;
}

/** One embedded DuckDB per process; each job gets its own connection. */
export class Engine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly tempDirectory: string,
  ) {}

  static async open(settings: EngineSettings): Promise<Engine> {
    // Nothing a file says may make DuckDB fetch extensions or reach other files.
    const instance = await openDuckDB({
      threads: settings.threads,
      memoryLimit: settings.memoryLimit,
      tempDirectory: settings.tempDirectory,
      allowedDirectories: [settings.dataDirectory, settings.tempDirectory],
    });
    return new Engine(instance, settings.tempDirectory);
  }

  /** Runs `work` on a fresh connection in UTC, closing it afterwards. */
  async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      // Columnar copies are tables, not files: row order is not kept, which makes copies faster and leaner.
      await connection.run('SET preserve_insertion_order = false');
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  }

  /** Closes DuckDB and removes this process's spill folder. */
  close(): void {
    this.instance.closeSync();
    rmSync(this.tempDirectory, { recursive: true, force: true });
  }
}

/** Runs a query and returns its rows as JSON-safe objects (64-bit integers as strings). */
export async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}
