import { parseConfig, z } from '@sightline/config';
import { commonServiceConfig, infrastructureConfig } from '@sightline/service-runtime';

/** Everything notifications reads from the environment (see the README's configuration table). */
export const configSchema = z.object({
  ...commonServiceConfig({ http: 8086, grpc: 50056 }),
  ...infrastructureConfig('notifications'),
});

export type NotificationsConfig = z.infer<typeof configSchema>;

/** Parses notifications's configuration; throws ConfigError naming each bad variable. */
export function parseNotificationsConfig(env: Record<string, string | undefined>): NotificationsConfig {
  return parseConfig(configSchema, env);
}
