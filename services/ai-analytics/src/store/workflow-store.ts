import { type CloudEvent, notDeleted, withEvents } from '@sightline/events';
import { toPlain } from '@sightline/mongo';
import type { Connection, mongo } from 'mongoose';

/** A workflow run: its steps' states and outputs, and the results once it finished. */
export interface WorkflowRun {
  id: string;
  organizationId: string;
  ownerId: string;
  name: string;
  status: 'running' | 'completed' | 'failed';
  steps: Array<{
    step: number;
    type: string;
    status: 'pending' | 'running' | 'completed' | 'failed';
    elapsed_ms?: number;
    error?: string;
    output?: unknown;
  }>;
  options: { parallel_execution: boolean; save_intermediate_results: boolean };
  results?: Record<string, unknown>;
  error?: string;
  createdAt: Date;
  completedAt?: Date;
}

/** A running run belongs to the replica that keeps renewing its lease; an expired lease means that replica died. */
type RunDoc = Omit<WorkflowRun, 'id'> & { _id: string; leaseUntil?: Date };

/** Workflow runs in ai-analytics's own database; finishing one publishes its event. */
export class WorkflowStore {
  readonly runs: mongo.Collection<RunDoc>;

  constructor(connection: Connection) {
    this.runs = connection.collection('workflow_runs') as unknown as mongo.Collection<RunDoc>;
  }

  async ensureIndexes(): Promise<void> {
    await this.runs.createIndex({ organizationId: 1, createdAt: -1 });
    await this.runs.createIndex({ status: 1, leaseUntil: 1 });
  }

  async insert(run: WorkflowRun, leaseUntil: Date): Promise<void> {
    const { id, ...rest } = run;
    await this.runs.insertOne({ ...rest, _id: id, leaseUntil } as RunDoc);
  }

  /** Extends a running run's lease; false when the run is no longer this replica's to finish. */
  async renew(id: string, leaseUntil: Date): Promise<boolean> {
    const result = await this.runs.updateOne(
      { _id: id, status: 'running' } as mongo.Filter<RunDoc>,
      { $set: { leaseUntil } } as mongo.UpdateFilter<RunDoc>,
    );
    return result.matchedCount === 1;
  }

  /** Writes a finished run with its event, unless another replica already failed it as abandoned. */
  async finish(run: WorkflowRun, events: CloudEvent[]): Promise<boolean> {
    const { id, ...rest } = run;
    const result = await this.runs.updateOne(
      { _id: id, status: 'running' } as mongo.Filter<RunDoc>,
      withEvents({ $set: { ...rest }, $unset: { leaseUntil: '' } }, events) as mongo.UpdateFilter<RunDoc>,
    );
    return result.matchedCount === 1;
  }

  /** Running runs whose replica stopped renewing their lease before `now`. */
  async abandoned(now: Date, limit = 50): Promise<WorkflowRun[]> {
    const docs = await this.runs
      .find({ status: 'running', leaseUntil: { $lt: now } } as mongo.Filter<RunDoc>)
      .limit(limit)
      .toArray();
    return docs.map((d) => {
      const { leaseUntil: _lease, ...run } = toPlain(d as RunDoc) as WorkflowRun & { leaseUntil?: Date };
      return run;
    });
  }

  /** Fails an abandoned run with its event, if its lease is still expired (one replica wins). */
  async failAbandoned(run: WorkflowRun, now: Date, events: CloudEvent[]): Promise<boolean> {
    const { id, ...rest } = run;
    const result = await this.runs.updateOne(
      { _id: id, status: 'running', leaseUntil: { $lt: now } } as mongo.Filter<RunDoc>,
      withEvents({ $set: { ...rest }, $unset: { leaseUntil: '' } }, events) as mongo.UpdateFilter<RunDoc>,
    );
    return result.modifiedCount === 1;
  }

  async byId(organizationId: string, id: string): Promise<WorkflowRun | undefined> {
    const doc = await this.runs.findOne({ _id: id, organizationId, ...notDeleted } as mongo.Filter<RunDoc>);
    if (!doc) return undefined;
    const { leaseUntil: _lease, ...run } = toPlain(doc as RunDoc) as WorkflowRun & { leaseUntil?: Date };
    return run;
  }
}
