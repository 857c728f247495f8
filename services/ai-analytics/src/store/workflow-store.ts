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

type RunDoc = Omit<WorkflowRun, 'id'> & { _id: string };

/** Workflow runs in ai-analytics's own database; finishing one publishes its event. */
export class WorkflowStore {
  readonly runs: mongo.Collection<RunDoc>;

  constructor(connection: Connection) {
    this.runs = connection.collection('workflow_runs') as unknown as mongo.Collection<RunDoc>;
  }

  async ensureIndexes(): Promise<void> {
    await this.runs.createIndex({ organizationId: 1, createdAt: -1 });
  }

  async insert(run: WorkflowRun): Promise<void> {
    const { id, ...rest } = run;
    await this.runs.insertOne({ ...rest, _id: id } as RunDoc);
  }

  async finish(run: WorkflowRun, events: CloudEvent[]): Promise<void> {
    const { id, ...rest } = run;
    await this.runs.updateOne(
      { _id: id } as mongo.Filter<RunDoc>,
      withEvents({ $set: { ...rest } }, events) as mongo.UpdateFilter<RunDoc>,
    );
  }

  async byId(organizationId: string, id: string): Promise<WorkflowRun | undefined> {
    const doc = await this.runs.findOne({ _id: id, organizationId, ...notDeleted } as mongo.Filter<RunDoc>);
    return doc ? toPlain(doc as RunDoc) : undefined;
  }
}
