import { createLogger } from '@sightline/logging';
import { afterAll, describe, expect, it } from 'vitest';
import { connectMongo, isDuplicateKeyError, toPlain } from '../src/index.js';

const url = process.env.MONGO_URL;
if (!url) throw new Error('MONGO_URL is not set: run integration tests through `npm test`');
const logger = createLogger({ service: 'mongo-test', level: 'silent' });
const database = `sl_mongo_test_${process.pid}_${Date.now()}`;

describe('connectMongo against the real server', async () => {
  const handle = await connectMongo({ url, database, logger });
  afterAll(async () => {
    await handle.connection.dropDatabase();
    await handle.close();
  });

  it('answers ping once connected', async () => {
    await expect(handle.ping()).resolves.toBeUndefined();
  });

  it('reports duplicate keys so repositories can answer a conflict', async () => {
    const things = handle.connection.collection('things');
    await things.createIndex({ name: 1 }, { unique: true });
    await things.insertOne({ _id: 'thing_1' as never, name: 'a' });
    const second = things.insertOne({ _id: 'thing_2' as never, name: 'a' });
    await expect(second).rejects.toSatisfy(isDuplicateKeyError);
    const stored = await things.findOne({ _id: 'thing_1' as never });
    expect(toPlain(stored as unknown as { _id: string; name: string })).toEqual({ id: 'thing_1', name: 'a' });
  });

  it('gives up with an error when the server never answers', async () => {
    await expect(
      connectMongo({ url: 'mongodb://127.0.0.1:1', database, logger, connectTimeoutMs: 200 }),
    ).rejects.toThrow();
  }, 20_000);
});
