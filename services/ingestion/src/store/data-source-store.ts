import { AppError } from '@sightline/errors';
import { type CloudEvent, deletionWithEvents, notDeleted, outboxFields, withEvents } from '@sightline/events';
import { toPlain } from '@sightline/mongo';
import type { Connection, mongo } from 'mongoose';
import type { DataSource, ProcessedTable } from '../domain/data-source.js';
import type { FileFormat } from '../domain/file-format.js';

/**
 * `nameKey` makes names unique per organization under a plain unique index: a live data source
 * holds its name, a deleted one `deleted:<id>` (so its name is free again), one stored before
 * names were unique `legacy:<id>`.
 */
type DataSourceDoc = Omit<DataSource, 'id'> & { _id: string; attempts?: number; nameKey?: string };

function fromDoc(doc: DataSourceDoc | null): DataSource | undefined {
  if (!doc) return undefined;
  const { attempts: _attempts, nameKey: _nameKey, ...source } = toPlain(doc);
  return source;
}

/** MongoDB's duplicate-key error. */
function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** A page of data sources, newest first. */
export interface DataSourceQuery {
  organizationId: string;
  tags?: string[];
  createdAfter?: Date;
  fileType?: FileFormat;
  projectId?: string;
  skip: number;
  limit: number;
}

/** Data sources in ingestion's own database; every change carries its events. */
export class DataSourceStore {
  readonly sources: mongo.Collection<DataSourceDoc>;

  constructor(connection: Connection) {
    this.sources = connection.collection('data_sources') as unknown as mongo.Collection<DataSourceDoc>;
  }

  async ensureIndexes(): Promise<void> {
    await this.sources.createIndex({ organizationId: 1, createdAt: -1, _id: -1 });
    await this.sources.createIndex({ organizationId: 1, projectId: 1 });
    await this.sources.createIndex({ organizationId: 1, name: 1, createdAt: -1 });
    // Data sources stored before names were unique get a key of their own first.
    const legacy = await this.sources
      .find({ nameKey: { $exists: false } } as mongo.Filter<DataSourceDoc>, { projection: { _id: 1 } })
      .toArray();
    for (const doc of legacy) {
      await this.sources.updateOne(
        { _id: doc._id, nameKey: { $exists: false } } as mongo.Filter<DataSourceDoc>,
        { $set: { nameKey: `legacy:${doc._id}` } } as mongo.UpdateFilter<DataSourceDoc>,
      );
    }
    await this.sources.createIndex({ organizationId: 1, nameKey: 1 }, { unique: true, name: 'unique_name' });
  }

  /** Stores a new data source; a name another live one took meanwhile is a 409. */
  async insert(source: DataSource, events: CloudEvent[]): Promise<void> {
    const { id, ...rest } = source;
    try {
      await this.sources.insertOne({
        ...rest,
        _id: id,
        nameKey: source.name,
        ...outboxFields(events),
      } as DataSourceDoc);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      throw new AppError(
        'conflict',
        `A data source named "${source.name}" already exists; choose another name`,
        {
          field: 'data_source_name',
        },
      );
    }
  }

  async byId(organizationId: string, id: string): Promise<DataSource | undefined> {
    return fromDoc(
      await this.sources.findOne({ _id: id, organizationId, ...notDeleted } as mongo.Filter<DataSourceDoc>),
    );
  }

  /** The live data source of an organization with this name (unique; the newest if an old race left two). */
  async byName(organizationId: string, name: string): Promise<DataSource | undefined> {
    const [doc] = await this.sources
      .find({ organizationId, name, ...notDeleted } as mongo.Filter<DataSourceDoc>)
      .sort({ createdAt: -1, _id: -1 })
      .limit(1)
      .toArray();
    return fromDoc((doc as DataSourceDoc | undefined) ?? null);
  }

  async list(query: DataSourceQuery): Promise<{ items: DataSource[]; total: number }> {
    const filter: Record<string, unknown> = { organizationId: query.organizationId, ...notDeleted };
    if (query.tags && query.tags.length > 0) filter.tags = { $all: query.tags };
    if (query.createdAfter) filter.createdAt = { $gt: query.createdAfter };
    if (query.fileType) filter.fileType = query.fileType;
    if (query.projectId) filter.projectId = query.projectId;
    const [docs, total] = await Promise.all([
      this.sources
        .find(filter as mongo.Filter<DataSourceDoc>, { projection: { 'columns.sampleValues': 0 } })
        .sort({ createdAt: -1, _id: -1 })
        .skip(query.skip)
        .limit(query.limit)
        .toArray(),
      this.sources.countDocuments(filter as mongo.Filter<DataSourceDoc>),
    ]);
    return { items: docs.map((d) => fromDoc(d as DataSourceDoc) as DataSource), total };
  }

  /**
   * Claims a processing data source for one more attempt and returns it with the attempt
   * number; undefined when it is no longer processing (done, failed or deleted).
   */
  async claimForProcessing(id: string): Promise<{ source: DataSource; attempt: number } | undefined> {
    const doc = await this.sources.findOneAndUpdate(
      { _id: id, status: 'processing', ...notDeleted } as mongo.Filter<DataSourceDoc>,
      { $inc: { attempts: 1 } },
      { returnDocument: 'after' },
    );
    if (!doc) return undefined;
    return {
      source: fromDoc(doc as DataSourceDoc) as DataSource,
      attempt: (doc as DataSourceDoc).attempts ?? 1,
    };
  }

  /** processing → ready, once: false when another attempt finished first or the source was deleted. */
  async markReady(
    id: string,
    result: ProcessedTable & { columnarFileId: string; columnarSize: number; fileType: FileFormat },
    events: CloudEvent[],
  ): Promise<boolean> {
    const outcome = await this.sources.updateOne(
      { _id: id, status: 'processing', ...notDeleted } as mongo.Filter<DataSourceDoc>,
      withEvents(
        {
          $set: {
            status: 'ready',
            fileType: result.fileType,
            rows: result.rows,
            columns: result.columns,
            statistics: result.statistics,
            columnarFileId: result.columnarFileId,
            columnarSize: result.columnarSize,
            updatedAt: new Date(),
          },
          $inc: { version: 1 },
        },
        events,
      ) as mongo.UpdateFilter<DataSourceDoc>,
    );
    return outcome.modifiedCount === 1;
  }

  /** processing → failed with the reason, once. */
  async markFailed(id: string, reason: string, events: CloudEvent[]): Promise<boolean> {
    const outcome = await this.sources.updateOne(
      { _id: id, status: 'processing', ...notDeleted } as mongo.Filter<DataSourceDoc>,
      withEvents(
        { $set: { status: 'failed', failure: reason, updatedAt: new Date() } },
        events,
      ) as mongo.UpdateFilter<DataSourceDoc>,
    );
    return outcome.modifiedCount === 1;
  }

  /** Hides the data source at once; the document goes when its deletion event is published. */
  async remove(source: DataSource, events: CloudEvent[]): Promise<boolean> {
    // The deleted data source gives its name back.
    const deletion = deletionWithEvents(events);
    const outcome = await this.sources.updateOne(
      { _id: source.id, organizationId: source.organizationId, ...notDeleted } as mongo.Filter<DataSourceDoc>,
      {
        ...deletion,
        $set: { ...deletion.$set, nameKey: `deleted:${source.id}` },
      } as mongo.UpdateFilter<DataSourceDoc>,
    );
    return outcome.modifiedCount === 1;
  }

  /** What an organization's data sources occupy: raw uploads plus columnar copies, in bytes. */
  async storageOf(organizationId: string): Promise<{ bytes: number; dataSources: number }> {
    const [totals] = await this.sources
      .aggregate<{ bytes: number; count: number }>([
        { $match: { organizationId, ...notDeleted } },
        {
          $group: {
            _id: null,
            bytes: { $sum: { $add: [{ $ifNull: ['$fileSize', 0] }, { $ifNull: ['$columnarSize', 0] }] } },
            count: { $sum: 1 },
          },
        },
      ])
      .toArray();
    return { bytes: Number(totals?.bytes ?? 0), dataSources: Number(totals?.count ?? 0) };
  }

  /** The ids of a project's data sources (for deleting them with the project). */
  async idsOfProject(organizationId: string, projectId: string): Promise<string[]> {
    const docs = await this.sources
      .find({ organizationId, projectId, ...notDeleted } as mongo.Filter<DataSourceDoc>, {
        projection: { _id: 1 },
      })
      .toArray();
    return docs.map((d) => d._id);
  }
}
