import { type CloudEvent, deletionWithEvents, notDeleted, outboxFields, withEvents } from '@sightline/events';
import { toPlain } from '@sightline/mongo';
import type { Connection, mongo } from 'mongoose';
import type { Chart, ChartSortField } from '../domain/chart.js';

type ChartDoc = Omit<Chart, 'id'> & { _id: string; queryKey: string };

const SORT_KEYS: Record<ChartSortField, string> = {
  created_at: 'createdAt',
  updated_at: 'updatedAt',
  query: 'queryKey',
};

function fromDoc(doc: ChartDoc | null): Chart | undefined {
  if (!doc) return undefined;
  const { queryKey: _key, ...chart } = toPlain(doc);
  return chart;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface ChartQuery {
  organizationId: string;
  text?: string;
  chartType?: string;
  createdAfter?: Date;
  dataSourceId?: string;
  sort: ChartSortField;
  order: 'asc' | 'desc';
  skip: number;
  limit: number;
}

/** Charts in ai-analytics's own database; every change carries its events. */
export class ChartStore {
  readonly charts: mongo.Collection<ChartDoc>;

  constructor(connection: Connection) {
    this.charts = connection.collection('charts') as unknown as mongo.Collection<ChartDoc>;
  }

  async ensureIndexes(): Promise<void> {
    for (const key of ['createdAt', 'updatedAt', 'queryKey']) {
      await this.charts.createIndex({ organizationId: 1, [key]: 1, _id: 1 });
    }
    await this.charts.createIndex({ organizationId: 1, dataSourceId: 1 });
  }

  async insert(chart: Chart, events: CloudEvent[]): Promise<void> {
    const { id, ...rest } = chart;
    await this.charts.insertOne({
      ...rest,
      _id: id,
      queryKey: chart.query.toLowerCase(),
      ...outboxFields(events),
    } as ChartDoc);
  }

  async byId(organizationId: string, id: string): Promise<Chart | undefined> {
    return fromDoc(
      await this.charts.findOne({ _id: id, organizationId, ...notDeleted } as mongo.Filter<ChartDoc>),
    );
  }

  async byIds(organizationId: string, ids: string[]): Promise<Chart[]> {
    const docs = await this.charts
      .find({ _id: { $in: ids }, organizationId, ...notDeleted } as mongo.Filter<ChartDoc>)
      .toArray();
    return docs.map((d) => fromDoc(d as ChartDoc) as Chart);
  }

  async list(query: ChartQuery): Promise<{ items: Chart[]; total: number }> {
    const filter: Record<string, unknown> = { organizationId: query.organizationId, ...notDeleted };
    if (query.text) filter.queryKey = { $regex: escapeRegExp(query.text.toLowerCase()) };
    if (query.chartType) filter['chartData.type'] = query.chartType;
    if (query.createdAfter) filter.createdAt = { $gt: query.createdAfter };
    if (query.dataSourceId) filter.dataSourceId = query.dataSourceId;
    const direction = query.order === 'asc' ? 1 : -1;
    const [docs, total] = await Promise.all([
      this.charts
        .find(filter as mongo.Filter<ChartDoc>, {
          projection: { 'chartData.data': 0, 'chartData.vega_lite': 0, interpretation: 0, plan: 0 },
        })
        .sort({ [SORT_KEYS[query.sort]]: direction, _id: direction })
        .skip(query.skip)
        .limit(query.limit)
        .toArray(),
      this.charts.countDocuments(filter as mongo.Filter<ChartDoc>),
    ]);
    return { items: docs.map((d) => fromDoc(d as ChartDoc) as Chart), total };
  }

  /** Writes the new state with its events unless the chart changed or vanished meanwhile. */
  async update(before: Chart, after: Chart, events: CloudEvent[]): Promise<boolean> {
    const { id: _id, createdAt: _c, ...fields } = after;
    const result = await this.charts.updateOne(
      {
        _id: before.id,
        organizationId: before.organizationId,
        updatedAt: before.updatedAt,
        ...notDeleted,
      } as mongo.Filter<ChartDoc>,
      withEvents(
        { $set: { ...fields, queryKey: after.query.toLowerCase() } },
        events,
      ) as mongo.UpdateFilter<ChartDoc>,
    );
    return result.modifiedCount === 1;
  }

  /** Marks every chart of a deleted data source; their saved results stay. Returns how many. */
  async markDataSourceDeleted(organizationId: string, dataSourceId: string, at: Date): Promise<number> {
    const result = await this.charts.updateMany(
      {
        organizationId,
        dataSourceId,
        dataSourceDeletedAt: { $exists: false },
        ...notDeleted,
      } as mongo.Filter<ChartDoc>,
      { $set: { dataSourceDeletedAt: at } } as mongo.UpdateFilter<ChartDoc>,
    );
    return result.modifiedCount;
  }

  async remove(chart: Chart, events: CloudEvent[]): Promise<boolean> {
    const result = await this.charts.updateOne(
      { _id: chart.id, organizationId: chart.organizationId, ...notDeleted } as mongo.Filter<ChartDoc>,
      deletionWithEvents(events) as mongo.UpdateFilter<ChartDoc>,
    );
    return result.modifiedCount === 1;
  }
}
