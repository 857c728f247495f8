import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, parseConfig, z } from '@sightline/config';
import { commonServiceConfig, infrastructureConfig } from '@sightline/service-runtime';

/** Everything ai-analytics reads from the environment (see the README's configuration table). */
export const configSchema = z.object({
  ...commonServiceConfig({ http: 8084, grpc: 50054 }),
  ...infrastructureConfig('ai-analytics'),
  /** Ingestion's gRPC address: data source metadata and the Parquet copies. */
  INGESTION_GRPC_ADDR: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'must be host:port')
    .default('127.0.0.1:50053'),
  /** Local copies of data sources, kept by version and evicted least-recently-used beyond the size. */
  DATASET_CACHE_DIR: z.string().min(1).default(join(tmpdir(), 'sightline-ai-analytics')),
  DATASET_CACHE_MAX_BYTES: env.positiveInt(2 * 1024 * 1024 * 1024),
  DUCKDB_MEMORY_LIMIT: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, 'must be a size such as 512MB')
    .default('512MB'),
  DUCKDB_THREADS: env.positiveInt(2),
  /** A question's queries are stopped after this long (504). */
  QUERY_TIMEOUT_MS: env.positiveInt(10_000),
  /** Workflow runs longer than this answer 202 and finish in the background. */
  WORKFLOW_SYNC_MS: env.positiveInt(5_000),
  /** Identity's gRPC address: an organization's `ai_model_access`. */
  IDENTITY_GRPC_ADDR: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'must be host:port')
    .default('127.0.0.1:50051'),
  /** An optional OpenAI-compatible endpoint whose model may propose chart plans (validated, then run here). */
  LLM_BASE_URL: z.string().url().optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_MODEL: z.string().min(1).max(200).optional(),
  LLM_TIMEOUT_MS: env.positiveInt(15_000),
});

export type AiAnalyticsConfig = z.infer<typeof configSchema>;

/** Parses ai-analytics's configuration; throws ConfigError naming each bad variable. */
export function parseAiAnalyticsConfig(env: Record<string, string | undefined>): AiAnalyticsConfig {
  return parseConfig(configSchema, env);
}
