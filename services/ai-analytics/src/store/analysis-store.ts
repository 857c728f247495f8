import { type CloudEvent, notDeleted, outboxFields } from '@sightline/events';
import { toPlain } from '@sightline/mongo';
import type { Connection, mongo } from 'mongoose';
import type { Analysis } from '../domain/analysis.js';

type AnalysisDoc = Omit<Analysis, 'id'> & { _id: string };

/** Driver analyses in ai-analytics's own database. */
export class AnalysisStore {
  readonly analyses: mongo.Collection<AnalysisDoc>;

  constructor(connection: Connection) {
    this.analyses = connection.collection('analyses') as unknown as mongo.Collection<AnalysisDoc>;
  }

  async ensureIndexes(): Promise<void> {
    await this.analyses.createIndex({ organizationId: 1, createdAt: -1 });
  }

  async insert(analysis: Analysis, events: CloudEvent[]): Promise<void> {
    const { id, ...rest } = analysis;
    await this.analyses.insertOne({ ...rest, _id: id, ...outboxFields(events) } as AnalysisDoc);
  }

  async byId(organizationId: string, id: string): Promise<Analysis | undefined> {
    const doc = await this.analyses.findOne({
      _id: id,
      organizationId,
      ...notDeleted,
    } as mongo.Filter<AnalysisDoc>);
    return doc ? toPlain(doc as AnalysisDoc) : undefined;
  }
}
