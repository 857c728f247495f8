import { resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

/** Everything local infrastructure keeps (binaries, data, logs) lives here, git-ignored. */
export const INFRA_DIR = resolve(process.env.SIGHTLINE_INFRA_DIR ?? resolve(ROOT, '.sightline', 'infra'));

export const PORTS = {
  redis: Number(process.env.SIGHTLINE_REDIS_PORT ?? 6379),
  kafka: Number(process.env.SIGHTLINE_KAFKA_PORT ?? 9092),
  kafkaController: Number(process.env.SIGHTLINE_KAFKA_CONTROLLER_PORT ?? 9093),
  // mongo-java-server's launcher binds this port.
  mongo: 27017,
} as const;
