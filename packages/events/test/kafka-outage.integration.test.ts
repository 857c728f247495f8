import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, isolate, testLogger } from '@sightline/testing';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INFRA_DIR, kafkaBroker } from '../../../scripts/infra/index.js';
import {
  createEventConsumer,
  createKafka,
  createKafkaPublisher,
  ensureOutboxIndexes,
  ensureTopics,
  eventsTopic,
  newEvent,
  OutboxRelay,
  outboxFields,
} from '../src/index.js';

// This fault test stops and restarts a broker, so it runs one of its own (the same recipe as
// the shared one, on other ports) and leaves the broker every other test uses alone.
const broker = kafkaBroker({
  port: 19_092,
  controllerPort: 19_093,
  dir: join(INFRA_DIR, 'kafka-outage-test'),
});
const logger = testLogger('outage');
const iso = isolate('events_outage');
const topic = eventsTopic('widgets', iso.topicPrefix);

describe('a Kafka outage in the middle of a stream of writes', () => {
  const kafka = createKafka({ brokers: [broker.localValue], clientId: 'outage-test', logger });
  const publisher = createKafkaPublisher(kafka);
  let connection: mongoose.Connection | undefined;

  beforeAll(async () => {
    await broker.down();
    rmSync(broker.dir, { recursive: true, force: true });
    expect(await broker.up()).toBe('started');
  }, 120_000);

  afterAll(async () => {
    await publisher.close();
    await connection?.close();
    await broker.down();
    rmSync(broker.dir, { recursive: true, force: true });
    await iso.cleanup();
  });

  it('loses nothing: every event written while the broker was down arrives once it is back', async () => {
    connection = await mongoose
      .createConnection(iso.serviceEnv().MONGO_URL!, { dbName: iso.database })
      .asPromise();
    const widgets = connection.collection('widgets') as unknown as mongoose.mongo.Collection;
    await ensureOutboxIndexes(widgets);
    await ensureTopics(kafka, [topic]);
    const handled = new Map<string, number>();
    const consumer = createEventConsumer({
      kafka,
      groupId: `${iso.topicPrefix}outage`,
      topics: [topic],
      processed: connection.collection('processed_events') as unknown as mongoose.mongo.Collection,
      deadLetters: publisher,
      logger,
      handler: async (event) => {
        handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
      },
    });
    await consumer.start();
    const relay = new OutboxRelay({
      publisher,
      sources: [{ collection: widgets, topic }],
      logger,
      pollIntervalMs: 100,
      maxBackoffMs: 1_000,
    });
    relay.start();

    const written: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i += 1) {
        const event = newEvent({
          source: '/test',
          type: 'widget.created',
          subject: `w_${i}`,
          orgid: 'org_t',
          data: { i },
        });
        await widgets.insertOne({ _id: `w_${i}` as never, ...outboxFields([event]) });
        written.push(event.id);
        relay.nudge();
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    await eventually(() => (handled.size >= 5 ? true : undefined), 30_000, 'events before the outage');
    expect(await broker.down()).toBe(true);
    const writtenBeforeRestart = written.length;
    await new Promise((r) => setTimeout(r, 3_000));
    expect(written.length).toBeGreaterThan(writtenBeforeRestart); // writes go on while Kafka is down
    expect(await widgets.countDocuments({ _outbox_pending: true })).toBeGreaterThan(0);
    expect(await broker.up()).toBe('started');
    await new Promise((r) => setTimeout(r, 2_000));
    writing = false;
    await writer;

    await eventually(
      () => (written.every((id) => handled.has(id)) ? true : undefined),
      90_000,
      'every written event',
    );
    expect([...handled.values()].every((count) => count === 1)).toBe(true);
    expect(await widgets.countDocuments({ _outbox_pending: true })).toBe(0);
    await relay.stop();
    await consumer.stop();
  }, 180_000);
});
