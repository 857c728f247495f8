import { env, parseConfig, z } from '@sightline/config';
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
    upstreams,
  };
}
