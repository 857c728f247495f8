import type { Logger } from '@sightline/logging';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { mongo } from 'mongoose';
import { deadLetterTopic, parseCloudEvent, type CloudEvent } from './cloudevent.js';
import type { EventPublisher } from './publisher.js';

/** Handles one event; throwing means "try again", up to the consumer's attempt limit. */
export type EventHandler = (
  event: CloudEvent,
  meta: { topic: string; partition: number; offset: string },
) => Promise<void>;

export interface EventConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  handler: EventHandler;
  /** Where handled event ids are remembered, so a redelivered event is handled once. */
  processed: mongo.Collection;
  /** Sends poison events to `<topic>.dlq`. */
  deadLetters: EventPublisher;
  logger: Logger;
  maxAttempts?: number;
  retryBaseMs?: number;
  fromBeginning?: boolean;
  /** How soon the group gives a silent member's partitions to another (default kafkajs' 30 s). */
  sessionTimeoutMs?: number;
}

/** A running consumer. */
export interface EventConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function headerText(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  if (value === undefined) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/**
 * A Kafka consumer that hands each CloudEvent to `handler` once per consumer group: event ids
 * already handled are skipped, failures are retried with backoff a bounded number of times,
 * and what still fails (or is not a CloudEvent) goes to the dead-letter topic.
 */
export function createEventConsumer(options: EventConsumerOptions): EventConsumer {
  const maxAttempts = options.maxAttempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 200;
  const log = options.logger.child({ component: 'consumer', group: options.groupId });
  let consumer: Consumer | undefined;

  const markHandled = async (id: string) => {
    await options.processed
      .insertOne({ _id: `${options.groupId}:${id}` as never, handled_at: new Date() })
      .catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== 11000) throw error;
      });
  };

  const sendToDeadLetters = async (
    topic: string,
    message: KafkaMessage,
    reason: string,
    attempts: number,
  ) => {
    await options.deadLetters.publish(deadLetterTopic(topic), [
      {
        key: message.key?.toString('utf8') ?? '',
        value: message.value?.toString('utf8') ?? '',
        headers: {
          ...Object.fromEntries(
            Object.keys(message.headers ?? {}).map((name) => [name, headerText(message, name) ?? '']),
          ),
          dlq_reason: reason.slice(0, 1_000),
          dlq_attempts: String(attempts),
          dlq_group: options.groupId,
          dlq_original_offset: message.offset,
        },
      },
    ]);
  };

  return {
    async start() {
      consumer = options.kafka.consumer({
        groupId: options.groupId,
        allowAutoTopicCreation: false,
        ...(options.sessionTimeoutMs
          ? {
              sessionTimeout: options.sessionTimeoutMs,
              // A dead member holds up a rebalance only this long, so its work moves on soon.
              rebalanceTimeout: options.sessionTimeoutMs + 5_000,
              heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 4)),
            }
          : {}),
      });
      await consumer.connect();
      for (const topic of options.topics) {
        await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
      }
      await consumer.run({
        eachMessage: async ({ topic, partition, message, heartbeat }) => {
          let event: CloudEvent;
          try {
            event = parseCloudEvent(JSON.parse(message.value?.toString('utf8') ?? ''));
          } catch (error) {
            log.warn({ topic, offset: message.offset }, 'not a CloudEvent, dead-lettered');
            await sendToDeadLetters(topic, message, `invalid event: ${String(error)}`, 0);
            return;
          }
          const key = `${options.groupId}:${event.id}`;
          if (await options.processed.findOne({ _id: key as never }, { projection: { _id: 1 } })) {
            log.debug({ event_id: event.id }, 'duplicate event skipped');
            return;
          }
          for (let attempt = 1; ; attempt += 1) {
            try {
              // Long handlers (a large file) keep the group from thinking this member died.
              const beating = setInterval(() => {
                heartbeat().catch(() => undefined);
              }, 1_000);
              try {
                await options.handler(event, { topic, partition, offset: message.offset });
              } finally {
                clearInterval(beating);
              }
              await markHandled(event.id);
              return;
            } catch (error) {
              if (attempt >= maxAttempts) {
                log.error(
                  { event_id: event.id, type: event.type, attempts: attempt, err: error },
                  'event dead-lettered',
                );
                await sendToDeadLetters(topic, message, String(error), attempt);
                await markHandled(event.id);
                return;
              }
              await delay(retryBaseMs * 2 ** (attempt - 1));
            }
          }
        },
      });
    },
    async stop() {
      await consumer?.disconnect();
      consumer = undefined;
    },
  };
}
