import type { Logger } from '@sightline/logging';
import mongoose, { type Connection } from 'mongoose';

export interface MongoConnectionOptions {
  url: string;
  database: string;
  logger: Logger;
  /** How long to keep retrying the first connection before giving up. */
  connectTimeoutMs?: number;
}

/** A live database connection with a readiness probe. */
export interface MongoHandle {
  connection: Connection;
  /** Resolves when the server answers a ping within the time limit. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Redacts credentials from a connection string before it reaches a log line. */
export function redactMongoUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//[redacted]@');
}

/**
 * Connects to a database of its own (one per service), retrying with backoff until the server
 * answers, so services can start before the database does.
 */
export async function connectMongo(options: MongoConnectionOptions): Promise<MongoHandle> {
  const deadline = Date.now() + (options.connectTimeoutMs ?? 60_000);
  let attempt = 0;
  for (;;) {
    attempt += 1;
    const connection = mongoose.createConnection(options.url, {
      dbName: options.database,
      serverSelectionTimeoutMS: 5_000,
      autoIndex: true,
    });
    try {
      await connection.asPromise();
      options.logger.info(
        { database: options.database, url: redactMongoUrl(options.url) },
        'mongo connected',
      );
      return handleFor(connection);
    } catch (error) {
      await connection.close().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      const wait = Math.min(5_000, 200 * 2 ** Math.min(attempt, 5));
      options.logger.warn(
        { attempt, wait_ms: wait, err: String(error) },
        'mongo not reachable yet, retrying',
      );
      await delay(wait);
    }
  }
}

function handleFor(connection: Connection): MongoHandle {
  return {
    connection,
    async ping(timeoutMs = 2_000) {
      const db = connection.db;
      if (!db || connection.readyState !== 1) throw new Error('not connected');
      await Promise.race([
        db.command({ ping: 1 }),
        delay(timeoutMs).then(() => {
          throw new Error(`no answer within ${timeoutMs} ms`);
        }),
      ]);
    },
    close: () => connection.close(),
  };
}
