import type { Logger } from '@sightline/logging';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { EventRecord } from './cloudevent.js';

/** Sends records to a topic and resolves only once the broker acknowledged all of them. */
export interface EventPublisher {
  publish(topic: string, records: EventRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

/** A kafkajs client whose own logs go through our logger at warn and above. */
export function createKafka(options: KafkaOptions): Kafka {
  const child = options.logger.child({ component: 'kafka' });
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }) => {
        const { message, ...extra } = log;
        if (level <= logLevel.ERROR) child.error(extra, message);
        else child.warn(extra, message);
      },
  });
}

/** Creates topics that do not exist yet (single partition set is fine for a dev broker). */
export async function ensureTopics(kafka: Kafka, topics: string[], partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

/** An idempotent, acks=all producer behind our EventPublisher interface. */
export function createKafkaPublisher(kafka: Kafka): EventPublisher {
  let producer: Producer | undefined;
  let connecting: Promise<Producer> | undefined;
  const connected = async (): Promise<Producer> => {
    if (producer) return producer;
    connecting ??= (async () => {
      const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      p.on(p.events.DISCONNECT, () => {
        if (producer === p) producer = undefined;
      });
      await p.connect();
      producer = p;
      return p;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };
  return {
    async publish(topic, records) {
      if (records.length === 0) return;
      const p = await connected();
      try {
        await p.send({ topic, acks: -1, messages: records });
      } catch (error) {
        // A producer that failed may hold a dead connection; start afresh next time.
        producer = undefined;
        await p.disconnect().catch(() => undefined);
        throw error;
      }
    },
    async close() {
      const p = producer;
      producer = undefined;
      await p?.disconnect();
    },
  };
}
