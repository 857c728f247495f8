// A workflow run outlives the replica that started it only as a clean failure: when its lease
// stops being renewed, whichever replica sweeps first fails it, once, with its event.
import { isolate, testLogger } from '@sightline/testing';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WorkflowRun, WorkflowStore } from '../../src/store/workflow-store.js';
import { Workflows } from '../../src/use-cases/workflows.js';

const iso = isolate('ai_workflow_leases');
let connection: Connection;
let store: WorkflowStore;

/** A replica's workflow runner; sweeping needs only the store. */
function replica(leaseMs: number): Workflows {
  return new Workflows(
    store,
    undefined as never,
    undefined as never,
    () => undefined,
    testLogger(),
    1_000,
    leaseMs,
  );
}

function running(id: string): WorkflowRun {
  return {
    id,
    organizationId: 'org_leases',
    ownerId: 'user_a',
    name: 'long forecast',
    status: 'running',
    steps: [
      { step: 1, type: 'data_preparation', status: 'completed' },
      { step: 2, type: 'forecasting', status: 'running' },
    ],
    options: { parallel_execution: false, save_intermediate_results: false },
    createdAt: new Date(),
  };
}

beforeAll(async () => {
  connection = await mongoose
    .createConnection(iso.serviceEnv().MONGO_URL as string, { dbName: iso.database })
    .asPromise();
  store = new WorkflowStore(connection);
  await store.ensureIndexes();
});

afterAll(async () => {
  await connection?.close();
  await iso.cleanup();
});

describe('workflow runs of a replica that died', () => {
  it('are failed once, with their event, after the lease expires; a late finish does not overwrite that', async () => {
    const run = running('wf_abandoned1');
    await store.insert(run, new Date(Date.now() + 300));
    const [a, b] = [replica(300), replica(300)];
    expect(await b.sweepAbandoned()).toBe(0);
    await new Promise((r) => setTimeout(r, 400));
    // Two replicas sweep at once: one of them fails the run.
    const swept = await Promise.all([a.sweepAbandoned(), b.sweepAbandoned()]);
    expect(swept.reduce((s, n) => s + n, 0)).toBe(1);
    const failed = await store.byId('org_leases', run.id);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed?.error).toContain('stopped before it finished');
    expect(failed?.steps.map((s) => s.status)).toEqual(['completed', 'failed']);
    expect(failed).not.toHaveProperty('leaseUntil');
    const doc = (await store.runs.findOne({ _id: run.id })) as Record<string, unknown>;
    expect(JSON.stringify(doc)).toContain('workflow.failed');
    // The stalled replica wakes up and tries to record success: the failure stands.
    expect(await store.finish({ ...run, status: 'completed', completedAt: new Date() }, [])).toBe(false);
    expect((await store.byId('org_leases', run.id))?.status).toBe('failed');
  });

  it('leave a run alone while its replica keeps renewing the lease', async () => {
    const run = running('wf_alive1');
    await store.insert(run, new Date(Date.now() + 300));
    await new Promise((r) => setTimeout(r, 200));
    expect(await store.renew(run.id, new Date(Date.now() + 300))).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(await replica(300).sweepAbandoned()).toBe(0);
    expect((await store.byId('org_leases', run.id))?.status).toBe('running');
  });
});
