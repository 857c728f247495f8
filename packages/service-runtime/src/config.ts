import { env, z } from '@sightline/config';

/** Settings every backend service reads. Defaults suit one machine. */
export function commonServiceConfig(ports: { http: number; grpc: number }) {
  return {
    HOST: z.string().default('127.0.0.1'),
    HTTP_PORT: env.port(ports.http),
    GRPC_PORT: env.port(ports.grpc),
    LOG_LEVEL: env.logLevel(),
    SHUTDOWN_GRACE_MS: env.positiveInt(10_000),
    /** Shared with the gateway: verifies the principal it forwards with each request. */
    INTERNAL_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  };
}

/** Settings of a service that keeps state in its own database and talks to Kafka. */
export function infrastructureConfig(service: string) {
  return {
    MONGO_URL: env.mongoUrl().default('mongodb://127.0.0.1:27017'),
    MONGO_DATABASE: z
      .string()
      .regex(/^[\w-]{1,63}$/, 'must be a database name')
      .default(`sightline_${service.replace(/-/g, '_')}`),
    KAFKA_BROKERS: env.brokers().default(['127.0.0.1:9092']),
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[\w.-]*$/, 'may hold letters, digits, ".", "_" and "-"')
      .default(''),
  };
}

/** The parsed common settings. */
export interface CommonServiceConfig {
  HOST: string;
  HTTP_PORT: number;
  GRPC_PORT: number;
  LOG_LEVEL: string;
  SHUTDOWN_GRACE_MS: number;
  INTERNAL_AUTH_SECRET: string;
}

/** The parsed infrastructure settings. */
export interface InfrastructureConfig {
  MONGO_URL: string;
  MONGO_DATABASE: string;
  KAFKA_BROKERS: string[];
  KAFKA_TOPIC_PREFIX: string;
}
