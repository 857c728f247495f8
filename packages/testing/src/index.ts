import { randomBytes } from 'node:crypto';
import { createLogger, type Logger } from '@sightline/logging';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';

/** The real infrastructure an integration test talks to. */
export interface IntegrationEnv {
  MONGO_URL: string;
  KAFKA_BROKERS: string;
  REDIS_URL: string;
}

/**
 * Reads the addresses `npm test` provisioned. Integration tests run against real servers
 * only: without them this fails with instructions rather than passing vacuously.
 */
export function integrationEnv(): IntegrationEnv {
  const missing = ['MONGO_URL', 'KAFKA_BROKERS', 'REDIS_URL'].filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} not set: run integration tests through \`npm test\` (it provisions them)`,
    );
  }
  return {
    MONGO_URL: process.env.MONGO_URL as string,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS as string,
    REDIS_URL: process.env.REDIS_URL as string,
  };
}

/** The secret gateway and services share in tests (the real one comes from configuration). */
export const TEST_INTERNAL_AUTH_SECRET = 'test-internal-auth-secret-0123456789abcdef';

/** A database name and topic prefix no other test file uses. */
export interface Isolation {
  database: string;
  topicPrefix: string;
  /** The environment a service under test reads: real infrastructure, isolated names, free ports. */
  serviceEnv(extra?: Record<string, string>): Record<string, string>;
  /** Drops the test's database. */
  cleanup(): Promise<void>;
}

/** Fresh names for one test file, so files can run in any order against shared servers. */
export function isolate(label: string): Isolation {
  const env = integrationEnv();
  const suffix = randomBytes(4).toString('hex');
  const database = `t_${label.replace(/[^\w]/g, '_').slice(0, 30)}_${suffix}`;
  const topicPrefix = `t${suffix}.`;
  return {
    database,
    topicPrefix,
    serviceEnv: (extra = {}) => ({
      MONGO_URL: env.MONGO_URL,
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      REDIS_URL: env.REDIS_URL,
      MONGO_DATABASE: database,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      HTTP_PORT: '0',
      GRPC_PORT: '0',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      SHUTDOWN_GRACE_MS: '2000',
      INTERNAL_AUTH_SECRET: TEST_INTERNAL_AUTH_SECRET,
      ...extra,
    }),
    async cleanup() {
      const connection = await mongoose.createConnection(env.MONGO_URL, { dbName: database }).asPromise();
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}

/** A silent logger unless TEST_LOG_LEVEL asks otherwise. */
export function testLogger(service = 'test'): Logger {
  return createLogger({ service, level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}

/** Polls until `probe` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`,
  );
}

/** An event as a test sees it on the wire: the JSON value, plus the record's key and headers. */
export interface RecordedEvent {
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  specversion: string;
  orgid: string;
  data: unknown;
  /** The Kafka record key. */
  key: string;
  headers: Record<string, string>;
}

/** Records every event that arrives on some topics, for assertions. */
export interface EventRecorder {
  events: RecordedEvent[];
  /** Waits until `count` events match, then returns them. */
  waitFor(
    match: (event: RecordedEvent) => boolean,
    count?: number,
    timeoutMs?: number,
  ): Promise<RecordedEvent[]>;
  stop(): Promise<void>;
}

/** Subscribes a throwaway consumer group to topics from their beginning (creating missing topics). */
export async function recordEvents(
  topics: string[],
  brokers = integrationEnv().KAFKA_BROKERS,
): Promise<EventRecorder> {
  const kafka = new Kafka({
    brokers: brokers.split(','),
    clientId: 'test-recorder',
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0)
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: 3 })),
    });
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `test-recorder-${randomBytes(6).toString('hex')}` });
  const events: RecordedEvent[] = [];
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const value = JSON.parse(message.value?.toString('utf8') ?? 'null') as Omit<
        RecordedEvent,
        'key' | 'headers'
      >;
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([name, header]) => [name, String(header ?? '')]),
      );
      events.push({ ...value, key: message.key?.toString('utf8') ?? '', headers });
    },
  });
  return {
    events,
    waitFor: (match, count = 1, timeoutMs = 20_000) =>
      eventually(
        () => {
          const found = events.filter(match);
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
        `${count} matching event(s)`,
      ),
    stop: () => consumer.disconnect(),
  };
}
