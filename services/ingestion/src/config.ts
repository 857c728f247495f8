import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, parseConfig, z } from '@sightline/config';
import { commonServiceConfig, infrastructureConfig } from '@sightline/service-runtime';

/** Everything ingestion reads from the environment (see the README's configuration table). */
export const configSchema = z.object({
  ...commonServiceConfig({ http: 8083, grpc: 50053 }),
  ...infrastructureConfig('ingestion'),
  /** Largest accepted upload (default 1 GiB). */
  MAX_UPLOAD_BYTES: env.positiveInt(1024 * 1024 * 1024),
  /** Files up to this size are processed inside the upload request and answer `ready`. */
  INLINE_PROCESSING_MAX_BYTES: env.positiveInt(16 * 1024 * 1024),
  MAX_COLUMNS: env.positiveInt(1_000),
  /** Local disk for uploads being processed and DuckDB's spill files. */
  SPOOL_DIR: z.string().min(1).default(join(tmpdir(), 'sightline-ingestion')),
  DUCKDB_MEMORY_LIMIT: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, 'must be a size such as 256MB')
    .default('160MB'),
  DUCKDB_THREADS: env.positiveInt(2),
  /** Processing jobs one replica works on at once. */
  WORKER_CONCURRENCY: env.positiveInt(1),
  /** How soon a crashed worker's job goes to another replica (Kafka session timeout, 6 s or more). */
  JOB_SESSION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(6_000, 'must be at least 6000 (the broker minimum)')
    .default(10_000),
  CATALOG_GRPC_ADDR: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'must be host:port')
    .default('127.0.0.1:50052'),
});

export type IngestionConfig = z.infer<typeof configSchema>;

/** Parses ingestion's configuration; throws ConfigError naming each bad variable. */
export function parseIngestionConfig(env: Record<string, string | undefined>): IngestionConfig {
  return parseConfig(configSchema, env);
}
