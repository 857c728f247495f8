import { parseConfig, z } from '@sightline/config';
import { commonServiceConfig, infrastructureConfig } from '@sightline/service-runtime';

/** Everything ai-analytics reads from the environment (see the README's configuration table). */
export const configSchema = z.object({
  ...commonServiceConfig({ http: 8084, grpc: 50054 }),
  ...infrastructureConfig('ai-analytics'),
});

export type AiAnalyticsConfig = z.infer<typeof configSchema>;

/** Parses ai-analytics's configuration; throws ConfigError naming each bad variable. */
export function parseAiAnalyticsConfig(env: Record<string, string | undefined>): AiAnalyticsConfig {
  return parseConfig(configSchema, env);
}
