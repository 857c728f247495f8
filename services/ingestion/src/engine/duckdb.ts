import { rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** Where DuckDB works and how much it may use. */
export interface EngineSettings {
  /** Spill directory for work that exceeds the memory limit. */
  tempDirectory: string;
  memoryLimit: string;
  threads: number;
}

/** One embedded DuckDB per process; each job gets its own connection. */
export class Engine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly tempDirectory: string,
  ) {}

  static async open(settings: EngineSettings): Promise<Engine> {
    await mkdir(settings.tempDirectory, { recursive: true });
    const instance = await DuckDBInstance.create(':memory:', {
      threads: String(settings.threads),
      memory_limit: settings.memoryLimit,
      temp_directory: settings.tempDirectory,
      // Nothing a file says may make DuckDB fetch extensions or touch other files' settings.
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
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
