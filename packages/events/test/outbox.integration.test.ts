import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { isolate, testLogger, eventually } from '@sightline/testing';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CloudEvent,
  createEventConsumer,
  createKafka,
  createKafkaPublisher,
  deadLetterTopic,
  deletionWithEvents,
  ensureOutboxIndexes,
  ensureTopics,
  type EventPublisher,
  eventsTopic,
  newEvent,
  notDeleted,
  OutboxRelay,
  outboxFields,
  withEvents,
} from '../src/index.js';

const run = promisify(execFile);
const logger = testLogger('events');
const iso = isolate('events_outbox');
const topic = eventsTopic('widgets', iso.topicPrefix);
const kafka = createKafka({
  brokers: iso.serviceEnv().KAFKA_BROKERS!.split(','),
  clientId: 'events-test',
  logger,
});
let connection: mongoose.Connection;
let publisher: EventPublisher;

type Widgets = mongoose.mongo.Collection;
const widgets = (): Widgets => connection.collection('widgets') as unknown as Widgets;

/** Starts a consumer group that counts how often each event id reaches the handler. */
async function countingConsumer(group: string, fail?: (event: CloudEvent) => boolean) {
  const handled = new Map<string, number>();
  const consumer = createEventConsumer({
    kafka,
    groupId: `${iso.topicPrefix}${group}`,
    topics: [topic],
    processed: connection.collection('processed_events') as unknown as Widgets,
    deadLetters: publisher,
    logger,
    maxAttempts: 3,
    retryBaseMs: 20,
    handler: async (event) => {
      if (fail?.(event)) throw new Error(`cannot handle ${event.subject}`);
      handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
    },
  });
  await consumer.start();
  return { handled, consumer };
}

function widgetEvent(id: string, type = 'widget.created') {
  return newEvent({ source: '/test', type, subject: id, orgid: 'org_t', data: { id } });
}

beforeAll(async () => {
  connection = await mongoose
    .createConnection(iso.serviceEnv().MONGO_URL!, { dbName: iso.database })
    .asPromise();
  await ensureTopics(kafka, [topic, deadLetterTopic(topic)]);
  await ensureOutboxIndexes(widgets());
  publisher = createKafkaPublisher(kafka);
});

afterAll(async () => {
  await publisher.close();
  await connection.close();
  await iso.cleanup();
});

describe('outbox relay', () => {
  it('publishes an event committed with its document, then clears the outbox', async () => {
    const relay = new OutboxRelay({ publisher, sources: [{ collection: widgets(), topic }], logger });
    const { handled, consumer } = await countingConsumer('plain');
    const event = widgetEvent('w_plain');
    await widgets().insertOne({ _id: 'w_plain' as never, name: 'a', ...outboxFields([event]) });
    expect(await relay.publishPending()).toBe(1);
    await eventually(() => (handled.get(event.id) === 1 ? true : undefined), 20_000, 'the event');
    const stored = await widgets().findOne({ _id: 'w_plain' as never });
    expect(stored).toMatchObject({ name: 'a', _outbox: [] });
    expect(stored).not.toHaveProperty('_outbox_pending');
    expect(await relay.publishPending()).toBe(0);
    await consumer.stop();
  });

  it('keeps tombstones invisible and removes them once the deletion event is out', async () => {
    const relay = new OutboxRelay({ publisher, sources: [{ collection: widgets(), topic }], logger });
    await widgets().insertOne({ _id: 'w_del' as never, name: 'doomed' });
    await widgets().updateOne(
      { _id: 'w_del' as never },
      withEvents({ $set: { name: 'renamed' } }, [widgetEvent('w_del', 'widget.updated')]) as never,
    );
    await widgets().updateOne(
      { _id: 'w_del' as never },
      deletionWithEvents([widgetEvent('w_del', 'widget.deleted')]) as never,
    );
    expect(await widgets().findOne({ _id: 'w_del' as never, ...notDeleted })).toBeNull();
    expect(await relay.publishPending()).toBe(2);
    expect(await widgets().findOne({ _id: 'w_del' as never })).toBeNull();
  });

  it('survives a writer killed between the database write and the send: the event arrives once', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        resolve(import.meta.dirname, 'fixtures/crashing-writer.ts'),
        iso.serviceEnv().MONGO_URL!,
        iso.database,
        'w_crash',
      ],
      { cwd: resolve(import.meta.dirname, '..') },
    ).catch((error: { stdout: string; signal?: string }) => {
      expect(error.signal).toBe('SIGKILL');
      return { stdout: error.stdout };
    });
    const eventId = stdout.trim();
    expect(eventId).toMatch(/^evt_/);
    expect(await widgets().findOne({ _id: 'w_crash' as never })).toMatchObject({ _outbox_pending: true });

    // The writer restarts: its relay finds the pending event and sends it.
    const { handled, consumer } = await countingConsumer('crash');
    const relay = new OutboxRelay({
      publisher,
      sources: [{ collection: widgets(), topic }],
      logger,
      pollIntervalMs: 100,
    });
    relay.start();
    await eventually(
      () => (handled.get(eventId) === 1 ? true : undefined),
      20_000,
      'the crashed writer’s event',
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(handled.get(eventId)).toBe(1);
    await relay.stop();
    await consumer.stop();
  });

  it('hands a re-sent event to the handler once (relay died after the send, before clearing)', async () => {
    const { handled, consumer } = await countingConsumer('dupes');
    let calls = 0;
    // Acknowledged by Kafka, but the relay "crashes" before recording it: it will send again.
    const flaky: EventPublisher = {
      publish: async (t, records) => {
        await publisher.publish(t, records);
        calls += 1;
        if (calls === 1) throw new Error('crashed after send');
      },
      close: async () => undefined,
    };
    const relay = new OutboxRelay({
      publisher: flaky,
      sources: [{ collection: widgets(), topic }],
      logger,
      maxBackoffMs: 10,
    });
    const event = widgetEvent('w_dupe');
    await widgets().insertOne({ _id: 'w_dupe' as never, ...outboxFields([event]) });
    expect(await relay.publishPending()).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(await relay.publishPending()).toBe(1);
    expect(calls).toBe(2);
    await eventually(() => (handled.get(event.id) === 1 ? true : undefined), 20_000, 'the event');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(handled.get(event.id)).toBe(1);
    await consumer.stop();
  });
});

describe('event consumer', () => {
  it('retries a failing event a bounded number of times, then dead-letters it and moves on', async () => {
    const dlqConsumer = kafka.consumer({ groupId: `${iso.topicPrefix}dlq-reader` });
    const dead: Array<{ key: string; reason: string }> = [];
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: deadLetterTopic(topic), fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) => {
        dead.push({
          key: message.key?.toString() ?? '',
          reason: message.headers?.dlq_reason?.toString() ?? '',
        });
      },
    });
    const poison = widgetEvent('w_poison');
    const fine = widgetEvent('w_fine');
    const { handled, consumer } = await countingConsumer('poison', (event) => event.subject === 'w_poison');
    const relay = new OutboxRelay({ publisher, sources: [{ collection: widgets(), topic }], logger });
    await widgets().insertOne({ _id: 'w_poison' as never, ...outboxFields([poison]) });
    await widgets().insertOne({ _id: 'w_fine' as never, ...outboxFields([fine]) });
    await relay.publishPending();
    await eventually(() => (handled.get(fine.id) === 1 ? true : undefined), 20_000, 'the good event');
    const letters = await eventually(
      () => (dead.some((d) => d.key === 'w_poison') ? dead : undefined),
      20_000,
      'a dead letter',
    );
    expect(letters.find((d) => d.key === 'w_poison')?.reason).toContain('cannot handle w_poison');
    expect(handled.has(poison.id)).toBe(false);
    await consumer.stop();
    await dlqConsumer.disconnect();
  });
});
