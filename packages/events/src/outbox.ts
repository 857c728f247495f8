import type { Logger } from '@sightline/logging';
import type { mongo } from 'mongoose';
import { toRecord, type CloudEvent } from './cloudevent.js';
import type { EventPublisher } from './publisher.js';

type Collection = mongo.Collection;
type Filter = mongo.Filter<mongo.Document>;
/** An update document; the outbox adds its own operators to it. */
export type OutboxUpdate = Record<string, Record<string, unknown>>;

/**
 * The outbox lives inside each aggregate's own document: a state change and the events it
 * causes are one single-document write, atomic on every MongoDB-wire server, with no
 * multi-document transaction. The relay publishes pending events, then removes them.
 */
export const OUTBOX_FIELD = '_outbox';
const PENDING_FIELD = '_outbox_pending';
const LOCK_FIELD = '_outbox_lock';
const ATTEMPTS_FIELD = '_outbox_attempts';
const ERROR_FIELD = '_outbox_error';
/** Deleted aggregates stay as tombstones until their last event is published. */
export const DELETED_FIELD = '_deleted';

/** Fields a new document carries so its creation events commit with it. */
export function outboxFields(events: CloudEvent[]): Record<string, unknown> {
  return { [OUTBOX_FIELD]: events, [PENDING_FIELD]: true };
}

/** Extends an update so the events commit atomically with it. */
export function withEvents(update: OutboxUpdate, events: CloudEvent[]): OutboxUpdate {
  return {
    ...update,
    $set: { ...update.$set, [PENDING_FIELD]: true },
    $push: { ...update.$push, [OUTBOX_FIELD]: { $each: events } },
  };
}

/** An update that deletes the aggregate for readers and queues its deletion events. */
export function deletionWithEvents(events: CloudEvent[]): OutboxUpdate {
  return withEvents({ $set: { [DELETED_FIELD]: true } }, events);
}

/** The filter every read adds so tombstones stay invisible. */
export const notDeleted = { [DELETED_FIELD]: { $ne: true } } as const;

/** Indexes the relay relies on; create once per outbox collection. */
export async function ensureOutboxIndexes(collection: Collection): Promise<void> {
  await collection.createIndex({ [PENDING_FIELD]: 1 }, { sparse: true, name: 'outbox_pending' });
}

export interface OutboxSource {
  collection: Collection;
  topic: string;
  /** Event types published to another topic than `topic` (work queues such as a job topic). */
  routes?: Record<string, string>;
}

export interface OutboxRelayOptions {
  publisher: EventPublisher;
  sources: OutboxSource[];
  logger: Logger;
  pollIntervalMs?: number;
  /** How long a relay owns a document it is publishing; another replica takes over after that. */
  lockMs?: number;
  /** Longest wait between attempts while Kafka refuses (default 10 s). */
  maxBackoffMs?: number;
}

interface OutboxDocument {
  _id: unknown;
  [OUTBOX_FIELD]?: CloudEvent[];
  [DELETED_FIELD]?: boolean;
  [ATTEMPTS_FIELD]?: number;
}

/** Publishes outbox events until Kafka acknowledges them; safe to run in every replica. */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly pollIntervalMs: number;
  private readonly lockMs: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.lockMs = options.lockMs ?? 30_000;
  }

  /** Starts polling; `nudge()` after a write publishes without waiting for the next poll. */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Publishes soon: call after committing a write that queued events. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Stops polling and waits for the round in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over every source; returns how many events were published. */
  async publishPending(): Promise<number> {
    let published = 0;
    for (const source of this.options.sources) {
      for (;;) {
        const doc = await this.claim(source.collection);
        if (!doc) break;
        const sent = await this.publishDocument(source, doc);
        if (sent < 0) return published; // Kafka is failing: back off until the next poll.
        published += sent;
      }
    }
    return published;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref();
  }

  private tick(): void {
    if (this.stopped || this.running) return;
    this.running = this.publishPending()
      .then(() => undefined)
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'outbox relay round failed');
      })
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        const again = this.again;
        this.again = false;
        this.schedule(again ? 0 : this.pollIntervalMs);
      });
  }

  private async claim(collection: Collection): Promise<OutboxDocument | null> {
    const now = new Date();
    const filter: Filter = {
      [PENDING_FIELD]: true,
      $or: [{ [LOCK_FIELD]: { $exists: false } }, { [LOCK_FIELD]: { $lt: now } }],
    };
    return (await collection.findOneAndUpdate(
      filter,
      { $set: { [LOCK_FIELD]: new Date(now.getTime() + this.lockMs) } },
      {
        returnDocument: 'after',
        projection: { [OUTBOX_FIELD]: 1, [DELETED_FIELD]: 1, [ATTEMPTS_FIELD]: 1 },
      },
    )) as OutboxDocument | null;
  }

  /** Returns the number of events sent, or -1 when publishing failed. */
  private async publishDocument(source: OutboxSource, doc: OutboxDocument): Promise<number> {
    const events = doc[OUTBOX_FIELD] ?? [];
    const { collection } = source;
    try {
      const byTopic = new Map<string, CloudEvent[]>();
      for (const event of events) {
        const topic = source.routes?.[event.type] ?? source.topic;
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
      }
      for (const [topic, batch] of byTopic) {
        await this.options.publisher.publish(
          topic,
          batch.map((event) => toRecord(event)),
        );
      }
    } catch (error) {
      const attempts = (doc[ATTEMPTS_FIELD] ?? 0) + 1;
      const backoff = Math.min(this.options.maxBackoffMs ?? 10_000, 250 * 2 ** Math.min(attempts, 8));
      this.options.logger.warn(
        { err: String(error), subject: String(doc._id), attempts, retry_in_ms: backoff },
        'outbox publish failed, will retry',
      );
      await collection.updateOne({ _id: doc._id } as Filter, {
        $set: {
          [ATTEMPTS_FIELD]: attempts,
          [ERROR_FIELD]: String(error),
          [LOCK_FIELD]: new Date(Date.now() + backoff),
        },
      });
      return -1;
    }
    const ids = events.map((event) => event.id);
    await collection.updateOne(
      { _id: doc._id } as Filter,
      {
        $pull: { [OUTBOX_FIELD]: { id: { $in: ids } } },
        $unset: { [LOCK_FIELD]: '', [ATTEMPTS_FIELD]: '', [ERROR_FIELD]: '' },
      } as unknown as mongo.UpdateFilter<mongo.Document>,
    );
    // Events queued while we were sending stay pending; only an empty outbox clears the flag.
    await collection.updateOne({ _id: doc._id, [OUTBOX_FIELD]: { $size: 0 } } as Filter, {
      $unset: { [PENDING_FIELD]: '' },
    });
    if (doc[DELETED_FIELD]) {
      await collection.deleteOne({
        _id: doc._id,
        [DELETED_FIELD]: true,
        [OUTBOX_FIELD]: { $size: 0 },
      } as Filter);
    }
    return events.length;
  }
}
