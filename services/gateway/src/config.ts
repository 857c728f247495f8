import { env, parseConfig, z } from '@sightline/config';
import type { LimitSettings } from './domain/rate-limits.js';
import { trustedProxiesProblem } from './http/client-address.js';
import { UPSTREAMS, type UpstreamName } from './domain/route-table.js';

const DEFAULT_PORTS: Record<UpstreamName, { http: number; grpc: number }> = {
  identity: { http: 8081, grpc: 50051 },
  catalog: { http: 8082, grpc: 50052 },
  ingestion: { http: 8083, grpc: 50053 },
  'ai-analytics': { http: 8084, grpc: 50054 },
  export: { http: 8085, grpc: 50055 },
  notifications: { http: 8086, grpc: 50056 },
};

/** The environment variable prefix of an upstream, e.g. `AI_ANALYTICS`. */
export function envPrefix(upstream: UpstreamName): string {
  return upstream.toUpperCase().replace(/-/g, '_');
}

const upstreamFields = Object.fromEntries(
  UPSTREAMS.flatMap((name) => [
    [`${envPrefix(name)}_HTTP_URL`, z.string().url().default(`http://127.0.0.1:${DEFAULT_PORTS[name].http}`)],
    [
      `${envPrefix(name)}_GRPC_ADDR`,
      z
        .string()
        .regex(/^[^\s:]+:\d+$/, 'must be host:port')
        .default(`127.0.0.1:${DEFAULT_PORTS[name].grpc}`),
    ],
  ]),
) as Record<string, z.ZodDefault<z.ZodString>>;

/** Everything the gateway reads from the environment (see the README's configuration table). */
export const configSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: env.port(8080),
  LOG_LEVEL: env.logLevel(),
  SHUTDOWN_GRACE_MS: env.positiveInt(10_000),
  /** An upstream silent for this long answers 504; one that refuses answers 503 at once. */
  UPSTREAM_TIMEOUT_MS: env.positiveInt(10_000),
  /** How long `/v1/status` waits for each service's gRPC health. */
  HEALTH_TIMEOUT_MS: env.positiveInt(1_000),
  /** Shared with every service: signs the principal forwarded with each request. */
  INTERNAL_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key the gateway writes (lets deployments share one Redis). */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{0,64}$/, 'may hold letters, digits and : . _ -')
    .default('sl:'),
  /**
   * Proxies in front of the gateway (ingress, load balancer) whose X-Forwarded-For names the
   * client that rate limits count: addresses, CIDR ranges, `loopback`, `private`. Empty: the
   * socket's peer is the client.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .superRefine((value, ctx) => {
      const problem = trustedProxiesProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** Comma-separated origins allowed to call the API from a browser; empty allows none. */
  CORS_ORIGINS: z.string().default(''),
  /** How long a validated API key is trusted before identity is asked again (revocation delay). */
  API_KEY_CACHE_MS: env.positiveInt(2_000),
  RATE_LIMIT_FREE_PER_HOUR: env.positiveInt(1_000),
  RATE_LIMIT_PROFESSIONAL_PER_HOUR: env.positiveInt(10_000),
  /** Enterprise organizations may set their own in settings.hourly_quota. */
  RATE_LIMIT_ENTERPRISE_PER_HOUR: env.positiveInt(100_000),
  RATE_LIMIT_ANONYMOUS_PER_HOUR: env.positiveInt(1_000),
  RATE_LIMIT_AUTH_PER_MINUTE: env.positiveInt(5),
  RATE_LIMIT_ANALYTICS_PER_MINUTE: env.positiveInt(100),
  RATE_LIMIT_AI_PER_MINUTE: env.positiveInt(50),
  RATE_LIMIT_DATA_PER_MINUTE: env.positiveInt(20),
  RATE_LIMIT_USERS_PER_MINUTE: env.positiveInt(10),
  ...upstreamFields,
});

/** Where one upstream service listens. */
export interface UpstreamAddress {
  httpUrl: string;
  grpcAddress: string;
}

export interface GatewayConfig {
  HOST: string;
  PORT: number;
  LOG_LEVEL: string;
  SHUTDOWN_GRACE_MS: number;
  UPSTREAM_TIMEOUT_MS: number;
  HEALTH_TIMEOUT_MS: number;
  INTERNAL_AUTH_SECRET: string;
  REDIS_URL: string;
  REDIS_KEY_PREFIX: string;
  corsOrigins: string[];
  TRUSTED_PROXIES: string;
  API_KEY_CACHE_MS: number;
  limits: LimitSettings;
  upstreams: Record<UpstreamName, UpstreamAddress>;
}

/** Parses the gateway's configuration; throws ConfigError naming each bad variable. */
export function parseGatewayConfig(source: Record<string, string | undefined>): GatewayConfig {
  const raw = parseConfig(configSchema, source) as Record<string, string | number>;
  const upstreams = Object.fromEntries(
    UPSTREAMS.map((name) => [
      name,
      {
        httpUrl: String(raw[`${envPrefix(name)}_HTTP_URL`]),
        grpcAddress: String(raw[`${envPrefix(name)}_GRPC_ADDR`]),
      },
    ]),
  ) as Record<UpstreamName, UpstreamAddress>;
  return {
    HOST: String(raw.HOST),
    PORT: Number(raw.PORT),
    LOG_LEVEL: String(raw.LOG_LEVEL),
    SHUTDOWN_GRACE_MS: Number(raw.SHUTDOWN_GRACE_MS),
    UPSTREAM_TIMEOUT_MS: Number(raw.UPSTREAM_TIMEOUT_MS),
    HEALTH_TIMEOUT_MS: Number(raw.HEALTH_TIMEOUT_MS),
    INTERNAL_AUTH_SECRET: String(raw.INTERNAL_AUTH_SECRET),
    REDIS_URL: String(raw.REDIS_URL),
    REDIS_KEY_PREFIX: String(raw.REDIS_KEY_PREFIX),
    corsOrigins: String(raw.CORS_ORIGINS)
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    TRUSTED_PROXIES: String(raw.TRUSTED_PROXIES),
    API_KEY_CACHE_MS: Number(raw.API_KEY_CACHE_MS),
    limits: {
      hourly: {
        free: Number(raw.RATE_LIMIT_FREE_PER_HOUR),
        professional: Number(raw.RATE_LIMIT_PROFESSIONAL_PER_HOUR),
        enterprise: Number(raw.RATE_LIMIT_ENTERPRISE_PER_HOUR),
      },
      anonymousHourly: Number(raw.RATE_LIMIT_ANONYMOUS_PER_HOUR),
      perMinute: {
        auth: Number(raw.RATE_LIMIT_AUTH_PER_MINUTE),
        analytics: Number(raw.RATE_LIMIT_ANALYTICS_PER_MINUTE),
        ai: Number(raw.RATE_LIMIT_AI_PER_MINUTE),
        data: Number(raw.RATE_LIMIT_DATA_PER_MINUTE),
        users: Number(raw.RATE_LIMIT_USERS_PER_MINUTE),
      },
    },
    upstreams,
  };
}
