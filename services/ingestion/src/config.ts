import { parseConfig, z } from '@sightline/config';
import { commonServiceConfig, infrastructureConfig } from '@sightline/service-runtime';

/** Everything ingestion reads from the environment (see the README's configuration table). */
export const configSchema = z.object({
  ...commonServiceConfig({ http: 8083, grpc: 50053 }),
  ...infrastructureConfig('ingestion'),
});

export type IngestionConfig = z.infer<typeof configSchema>;

/** Parses ingestion's configuration; throws ConfigError naming each bad variable. */
export function parseIngestionConfig(env: Record<string, string | undefined>): IngestionConfig {
  return parseConfig(configSchema, env);
}
