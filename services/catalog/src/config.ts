import { parseConfig, z } from '@sightline/config';
import { commonServiceConfig, infrastructureConfig } from '@sightline/service-runtime';

/** Everything catalog reads from the environment (see the README's configuration table). */
export const configSchema = z.object({
  ...commonServiceConfig({ http: 8082, grpc: 50052 }),
  ...infrastructureConfig('catalog'),
});

export type CatalogConfig = z.infer<typeof configSchema>;

/** Parses catalog's configuration; throws ConfigError naming each bad variable. */
export function parseCatalogConfig(env: Record<string, string | undefined>): CatalogConfig {
  return parseConfig(configSchema, env);
}
