import { AppError, isoTimestamp } from '@sightline/errors';
import { newEvent } from '@sightline/events';
import type { Logger } from '@sightline/logging';
import { newId } from '@sightline/mongo';
import type { Principal } from '@sightline/principal';
import { type Chart, checkCanCreate, checkCanWrite } from '../domain/chart.js';
import type { ChartType } from '../domain/chart-plan.js';
import type { ColumnType, TableProfile } from '../domain/table-profile.js';
import { BUILTIN_MODEL_ID } from '../domain/models.js';
import { readQuestion } from '../domain/question-reader.js';
import { type Answer, type PreparedDataset, runPlan } from '../engine/chart-answer.js';
import { englishLexicon } from '../engine/english.js';
import type { DatasetCache } from '../engine/dataset-cache.js';
import type { QueryEngine } from '../engine/query-engine.js';
import { proposePlan } from '../engine/remote-planner.js';
import type { ChartQuery, ChartStore } from '../store/chart-store.js';
import type { ModelRegistry } from './models.js';

const SOURCE = '/sightline/ai-analytics';
const PROFILES_KEPT = 64;
/** How long a data source's description is reused; a new version or a deletion shows within it. */
const LOOKUP_TTL_MS = 1_000;

/** A data source as ingestion describes it. */
export interface DataSourceInfo {
  id: string;
  organizationId: string;
  name: string;
  status: string;
  rows: number;
  version: string;
  columnarSize: number;
  columns: Array<{ name: string; type: string; uniqueValues: number }>;
}

/** Looks a data source up (by id, or by name when the reference is not an id) in an organization. */
export type DataSourceLookup = (organizationId: string, reference: string) => Promise<DataSourceInfo>;

export interface ChartRequest {
  query: string;
  dataSource: string;
  chartType: ChartType | 'auto';
  options: Record<string, unknown>;
  title?: string;
  /** The model to answer with (`options.model`); the built-in engine by default. */
  model?: string;
}

/** What generating a chart gives: the saved chart, or a question back. */
export type ChartOutcome =
  | { kind: 'chart'; chart: Chart }
  | { kind: 'clarification'; reason: string; candidates: string[]; dataSourceId: string };

function eventData(chart: Chart) {
  return {
    chart_id: chart.id,
    query: chart.query,
    chart_type: chart.chartData.type,
    data_source_id: chart.dataSourceId,
    owner_id: chart.ownerId,
    organization_id: chart.organizationId,
    created_at: isoTimestamp(chart.createdAt),
    updated_at: isoTimestamp(chart.updatedAt),
  };
}

/** Generating, reading, listing, re-running and deleting charts, with roles and tenancy. */
export class Charts {
  private readonly profiles = new Map<string, TableProfile>();
  private readonly lookups = new Map<string, { at: number; info: Promise<DataSourceInfo> }>();

  constructor(
    private readonly store: ChartStore,
    private readonly engine: QueryEngine,
    private readonly cache: DatasetCache,
    private readonly lookup: DataSourceLookup,
    private readonly onEvents: () => void,
    private readonly logger: Logger,
    private readonly models: ModelRegistry,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A data source ready to query: ready, copied locally, profiled (once per version). */
  async prepare(actor: Principal, reference: string): Promise<{ dataset: PreparedDataset; name: string }> {
    const key = `${actor.org}\u0000${reference}`;
    let cached = this.lookups.get(key);
    if (!cached || Date.now() - cached.at > LOOKUP_TTL_MS) {
      cached = { at: Date.now(), info: this.lookup(actor.org, reference) };
      this.lookups.set(key, cached);
      if (this.lookups.size > 1_000) this.lookups.delete(this.lookups.keys().next().value as string);
      cached.info.catch(() => this.lookups.delete(key));
    }
    const info = await cached.info;
    if (info.status === 'processing')
      throw new AppError(
        'conflict',
        `Data source ${info.id} is still processing; ask again when it is ready`,
        {
          field: 'data_source',
          retryAfter: 5,
        },
      );
    if (info.status !== 'ready')
      throw new AppError(
        'validation',
        `Data source ${info.id} could not be processed, so it cannot be charted`,
        {
          field: 'data_source',
        },
      );
    const path = await this.cache.path({
      id: info.id,
      organizationId: info.organizationId,
      version: info.version,
      size: info.columnarSize,
    });
    let profile = this.profiles.get(info.version);
    if (!profile) {
      const known = new Map(
        info.columns.map((c) => [c.name, { type: c.type as ColumnType, uniqueValues: c.uniqueValues }]),
      );
      profile = await this.engine.profile(path, known);
      if (this.profiles.size >= PROFILES_KEPT)
        this.profiles.delete(this.profiles.keys().next().value as string);
      this.profiles.set(info.version, profile);
    }
    return {
      dataset: { dataSourceId: info.id, version: info.version, path, profile, name: info.name },
      name: info.name,
    };
  }

  /**
   * Answers with the requested model: a remote model only proposes a plan, which must validate
   * and run here; if it fails in any way the built-in engine answers, and the receipt says why.
   */
  private async respond(actor: Principal, request: ChartRequest, dataset: PreparedDataset): Promise<Answer> {
    const modelId = request.model ?? BUILTIN_MODEL_ID;
    await this.models.check(actor, modelId);
    const started = performance.now();
    let fallback: string | undefined;
    const remote = this.models.remote;
    if (modelId !== BUILTIN_MODEL_ID && remote) {
      try {
        const plan = await proposePlan(remote, request.query, dataset.profile);
        const result = await runPlan(this.engine, dataset, plan, request.query);
        result.interpretation.engine = modelId;
        this.models.record(modelId, performance.now() - started);
        return { kind: 'chart', plan, ...result };
      } catch (error) {
        fallback = `${modelId} failed (${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}); the built-in engine answered`;
        this.logger.warn(
          { model: modelId, err: String(error) },
          'remote model failed; built-in engine answers',
        );
      }
    }
    const reading = readQuestion(request.query, dataset.profile, {
      chartType: request.chartType,
      now: this.now(),
      lexicon: englishLexicon(),
      ...(dataset.name ? { tableName: dataset.name } : {}),
    });
    if (reading.kind !== 'plan') return reading;
    const result = await runPlan(this.engine, dataset, reading.plan, request.query, reading.ignored);
    if (fallback) result.interpretation.fallback = fallback;
    this.models.record(BUILTIN_MODEL_ID, performance.now() - started);
    return { kind: 'chart', plan: reading.plan, ...result };
  }

  private async answer(actor: Principal, request: ChartRequest) {
    const { dataset, name } = await this.prepare(actor, request.dataSource);
    const answer = await this.respond(actor, request, dataset);
    if (answer.kind === 'unanswerable') {
      throw new AppError('validation', answer.message, {
        field: 'query',
        details: { missing: answer.missing, available_columns: answer.available },
      });
    }
    return { answer, dataset, name };
  }

  async generate(actor: Principal, request: ChartRequest): Promise<ChartOutcome> {
    checkCanCreate(actor);
    const { answer, dataset, name } = await this.answer(actor, request);
    if (answer.kind === 'clarification') {
      return {
        kind: 'clarification',
        reason: answer.reason,
        candidates: answer.candidates,
        dataSourceId: dataset.dataSourceId,
      };
    }
    const now = new Date();
    const chart: Chart = {
      id: newId('chart'),
      organizationId: actor.org,
      ownerId: actor.sub,
      query: request.query,
      title: request.title ?? request.query,
      dataSourceId: dataset.dataSourceId,
      dataSourceName: name,
      requestedType: request.chartType,
      options: request.options,
      plan: answer.plan,
      chartData: answer.chart,
      insights: answer.insights,
      interpretation: answer.interpretation,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.insert(chart, [
      newEvent({
        source: SOURCE,
        type: 'chart.created',
        subject: chart.id,
        orgid: chart.organizationId,
        data: eventData(chart),
      }),
    ]);
    this.onEvents();
    this.logger.debug({ chart_id: chart.id, elapsed_ms: chart.interpretation.elapsed_ms }, 'chart generated');
    return { kind: 'chart', chart };
  }

  async get(actor: Principal, id: string): Promise<Chart> {
    const chart = await this.store.byId(actor.org, id);
    if (!chart) throw new AppError('not_found', `Chart ${id} not found`);
    return chart;
  }

  list(actor: Principal, query: Omit<ChartQuery, 'organizationId'>) {
    return this.store.list({ organizationId: actor.org, ...query });
  }

  /** Changes options or title, or re-runs the chart with a new query or chart type. */
  async update(
    actor: Principal,
    id: string,
    change: {
      options?: Record<string, unknown>;
      title?: string;
      query?: string;
      chartType?: ChartType | 'auto';
    },
  ): Promise<Chart> {
    const before = await this.get(actor, id);
    checkCanWrite(actor, before);
    let after: Chart = {
      ...before,
      ...(change.options ? { options: { ...before.options, ...change.options } } : {}),
      ...(change.title !== undefined ? { title: change.title } : {}),
      updatedAt: new Date(Math.max(Date.now(), before.updatedAt.getTime() + 1)),
    };
    const rerun =
      (change.query !== undefined && change.query !== before.query) ||
      (change.chartType !== undefined && change.chartType !== before.requestedType);
    if (rerun) {
      const query = change.query ?? before.query;
      const chartType = change.chartType ?? before.requestedType;
      const gone = () =>
        new AppError(
          'conflict',
          `Data source ${before.dataSourceId} was deleted: chart ${id} keeps its saved result, but a new query or chart type needs the data`,
          { field: change.query !== undefined ? 'query' : 'chart_type' },
        );
      if (before.dataSourceDeletedAt) throw gone();
      const { answer } = await this.answer(actor, {
        query,
        dataSource: before.dataSourceId,
        chartType,
        options: after.options,
        ...(typeof after.options.model === 'string' ? { model: after.options.model } : {}),
      }).catch((error: unknown) => {
        // Deleted moments ago, before its event arrived: the same answer.
        if (error instanceof AppError && error.kind === 'not_found') throw gone();
        throw error;
      });
      if (answer.kind === 'clarification') {
        throw new AppError(
          'validation',
          `The new query is ambiguous: ${answer.reason}. Ask one of: ${answer.candidates.join(' | ')}`,
          {
            field: 'query',
            details: { candidates: answer.candidates },
          },
        );
      }
      after = {
        ...after,
        query,
        requestedType: chartType,
        title: change.title ?? (before.title === before.query ? query : before.title),
        plan: answer.plan,
        chartData: answer.chart,
        insights: answer.insights,
        interpretation: answer.interpretation,
      };
    }
    const event = newEvent({
      source: SOURCE,
      type: 'chart.updated',
      subject: id,
      orgid: actor.org,
      data: { ...eventData(after), rerun },
    });
    if (!(await this.store.update(before, after, [event]))) {
      throw new AppError(
        'conflict',
        `Chart ${id} was changed by someone else meanwhile; reload and try again`,
      );
    }
    this.onEvents();
    return after;
  }

  /** Ingestion deleted a data source: its charts say so from now on. */
  async dataSourceDeleted(organizationId: string, dataSourceId: string, at: Date): Promise<number> {
    return this.store.markDataSourceDeleted(organizationId, dataSourceId, at);
  }

  async remove(actor: Principal, id: string): Promise<void> {
    const chart = await this.get(actor, id);
    checkCanWrite(actor, chart);
    const event = newEvent({
      source: SOURCE,
      type: 'chart.deleted',
      subject: id,
      orgid: actor.org,
      data: eventData(chart),
    });
    if (!(await this.store.remove(chart, [event]))) throw new AppError('not_found', `Chart ${id} not found`);
    this.onEvents();
  }
}
