import { mkdir } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Where an embedded DuckDB may work and how much it may use. */
export interface DuckDBSettings {
  memoryLimit: string;
  threads: number;
  /** Where work that exceeds the memory limit spills (created if missing). */
  tempDirectory: string;
  /** The only directories queries may read or write (the data a service owns). */
  allowedDirectories: string[];
}

/** A directory as DuckDB's prefix check needs it: absolute, with a trailing separator. */
function directoryPrefix(path: string): string {
  const absolute = resolve(path);
  return absolute.endsWith(sep) ? absolute : `${absolute}${sep}`;
}

/**
 * Opens an in-memory DuckDB that can reach no file outside `allowedDirectories` and fetches no
 * extensions: whatever SQL runs on it (a query plan from a model, a file's contents), the
 * server's other files stay out of reach. The confinement cannot be lifted afterwards.
 */
export async function openDuckDB(settings: DuckDBSettings): Promise<DuckDBInstance> {
  await mkdir(settings.tempDirectory, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(settings.threads),
    memory_limit: settings.memoryLimit,
    temp_directory: settings.tempDirectory,
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const directories = settings.allowedDirectories
    .map((d) => `'${directoryPrefix(d).replaceAll("'", "''")}'`)
    .join(', ');
  const connection = await instance.connect();
  try {
    await connection.run(`SET allowed_directories = [${directories}]`);
    await connection.run('SET enable_external_access = false');
  } finally {
    connection.closeSync();
  }
  return instance;
}
