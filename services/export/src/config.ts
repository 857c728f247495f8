import { parseConfig, z } from '@sightline/config';
import { commonServiceConfig } from '@sightline/service-runtime';

/** Everything export reads from the environment (see the README's configuration table). */
export const configSchema = z.object({
  ...commonServiceConfig({ http: 8085, grpc: 50055 }),
});

export type ExportConfig = z.infer<typeof configSchema>;

/** Parses export's configuration; throws ConfigError naming each bad variable. */
export function parseExportConfig(env: Record<string, string | undefined>): ExportConfig {
  return parseConfig(configSchema, env);
}
