import { parseConfig, z } from '@sightline/config';
import { commonServiceConfig, infrastructureConfig } from '@sightline/service-runtime';

/** Everything identity reads from the environment (see the README's configuration table). */
export const configSchema = z.object({
  ...commonServiceConfig({ http: 8081, grpc: 50051 }),
  ...infrastructureConfig('identity'),
});

export type IdentityConfig = z.infer<typeof configSchema>;

/** Parses identity's configuration; throws ConfigError naming each bad variable. */
export function parseIdentityConfig(env: Record<string, string | undefined>): IdentityConfig {
  return parseConfig(configSchema, env);
}
