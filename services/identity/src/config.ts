import { env, parseConfig, z } from '@sightline/config';
import { commonServiceConfig, infrastructureConfig } from '@sightline/service-runtime';

/** Everything identity reads from the environment (see the README's configuration table). */
export const configSchema = z.object({
  ...commonServiceConfig({ http: 8081, grpc: 50051 }),
  ...infrastructureConfig('identity'),
  ACCESS_TOKEN_TTL_SECONDS: env.positiveInt(3600),
  REFRESH_TOKEN_TTL_DAYS: env.positiveInt(30),
  /** How long one signing key signs before the next takes over (published until its tokens expire). */
  SIGNING_KEY_LIFETIME_SECONDS: env.positiveInt(30 * 86_400),
  /** Encrypts signing keys' private halves in the database; unset: derived from INTERNAL_AUTH_SECRET. */
  SIGNING_KEY_PASSPHRASE: z.string().min(16, 'must be at least 16 characters').optional(),
  SIGHTLINE_ADMIN_EMAIL: z.string().trim().email().default('admin@sightline.local'),
  /** Unset: a password is generated at first start and printed once. */
  SIGHTLINE_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  SIGHTLINE_ADMIN_ORGANIZATION: z.string().trim().min(1).max(200).default('Sightline'),
  /** Ingestion's gRPC address: organizations' data storage usage is asked of it. */
  INGESTION_GRPC_ADDR: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'must be host:port')
    .default('127.0.0.1:50053'),
});

export type IdentityConfig = z.infer<typeof configSchema>;

/** Parses identity's configuration; throws ConfigError naming each bad variable. */
export function parseIdentityConfig(env: Record<string, string | undefined>): IdentityConfig {
  return parseConfig(configSchema, env);
}
