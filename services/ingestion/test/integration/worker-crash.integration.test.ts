import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { signPrincipal } from '@sightline/principal';
import {
  eventually,
  integrationEnv,
  isolate,
  recordEvents,
  TEST_INTERNAL_AUTH_SECRET,
} from '@sightline/testing';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;
const iso = isolate('ingestion_crash');
const env = iso.serviceEnv({
  HTTP_PORT: '0',
  GRPC_PORT: '0',
  LOG_LEVEL: 'info',
  INLINE_PROCESSING_MAX_BYTES: String(1024 * 1024),
  JOB_SESSION_TIMEOUT_MS: '6000',
});
const principal = signPrincipal(
  { sub: 'user_crash', org: 'org_crash', role: 'admin', pa: false, plan: 'enterprise', via: 'token' },
  TEST_INTERNAL_AUTH_SECRET,
  600,
);

/** Starts ingestion as its own process and resolves with its HTTP port once it is ready. */
function startProcess(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const port = /"http_port":(\d+)/.exec(line)?.[1];
      if (port && line.includes('ingestion ready')) resolve({ child, port: Number(port) });
    });
    child.once('exit', (code) => reject(new Error(`ingestion exited with ${code} before it was ready`)));
  });
}

function bigCsv(rows: number): Buffer {
  const parts: string[] = ['order_id,day,region,amount,quantity\n'];
  for (let i = 0; i < rows; i += 1) {
    parts.push(
      `ORD-${i},2024-${String((i % 12) + 1).padStart(2, '0')}-15,R${i % 9},${(i % 1000) * 1.25},${i % 17}\n`,
    );
  }
  return Buffer.from(parts.join(''));
}

let db: mongoose.Connection;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await mongoose.createConnection(`${integrationEnv().MONGO_URL}/${iso.database}`).asPromise();
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await db?.close();
  await iso.cleanup();
});

describe('a worker killed while it processes a large file', () => {
  it('leaves the job to be finished after a restart, ready once with one event', async () => {
    const events = await recordEvents([`${iso.topicPrefix}sightline.ingestion.events`]);
    try {
      const first = await startProcess();
      children.push(first.child);
      const form = new FormData();
      form.append('file', new Blob([bigCsv(1_200_000)]), 'large.csv');
      const res = await fetch(`http://127.0.0.1:${first.port}/api/v1/data/upload`, {
        method: 'POST',
        headers: { 'x-sightline-principal': principal, 'x-api-dialect': 'platform' },
        body: form,
      });
      expect(res.status).toBe(202);
      const id = ((await res.json()) as { data: { data_source_id: string } }).data.data_source_id;
      const sources = db.collection('data_sources');

      // Kill the worker the moment it has claimed the job, well before the file is converted.
      await eventually(
        async () => ((await sources.findOne({ _id: id as never, attempts: 1 })) ? true : undefined),
        30_000,
      );
      await new Promise((r) => setTimeout(r, 150));
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      expect((await sources.findOne({ _id: id as never }))?.status).toBe('processing');

      const second = await startProcess();
      children.push(second.child);
      await eventually(
        async () => ((await sources.findOne({ _id: id as never, status: 'ready' })) ? true : undefined),
        60_000,
        'the data source to become ready',
      );
      const ready = await sources.findOne({ _id: id as never });
      expect(ready).toMatchObject({ status: 'ready', rows: 1_200_000, attempts: 2, version: 1 });
      expect(await db.collection('columnar.files').countDocuments({ 'metadata.dataSourceId': id })).toBe(1);

      await events.waitFor((e) => e.subject === id && e.type === 'data.processed');
      // Give a duplicate every chance to show up before counting.
      await new Promise((r) => setTimeout(r, 2_000));
      const processed = events.events.filter((e) => e.subject === id && e.type === 'data.processed');
      expect(processed).toHaveLength(1);
      expect(events.events.filter((e) => e.subject === id && e.type === 'data.uploaded')).toHaveLength(1);
      second.child.kill('SIGTERM');
    } finally {
      await events.stop();
    }
    // Two process starts, a consumer-group rebalance and two conversions of 1.2M rows: up to the
    // waits above on a busy two-core machine, more than the suite's default minute.
  }, 150_000);
});
