import { AppError, isoTimestamp } from '@sightline/errors';
import { newEvent } from '@sightline/events';
import type { Logger } from '@sightline/logging';
import { newId } from '@sightline/mongo';
import type { Principal } from '@sightline/principal';
import { requireRole } from '@sightline/principal';
import type { ChartPlan, Filter } from '../domain/chart-plan.js';
import { compilePlan } from '../domain/plan-sql.js';
import { defaultAggregate, isNumeric, isTemporal } from '../domain/table-profile.js';
import { resolveTimePhrase } from '../domain/time-phrases.js';
import {
  analyzeTrend,
  fillMissing,
  forecastSeries,
  removeOutliers,
  type Series,
  type WorkflowStep,
} from '../domain/workflow.js';
import type { QueryEngine } from '../engine/query-engine.js';
import type { WorkflowRun, WorkflowStore } from '../store/workflow-store.js';
import type { Charts } from './charts.js';

const SOURCE = '/sightline/ai-analytics';
/** How long a run is its replica's without a renewal; renewed every third of it while running. */
export const WORKFLOW_LEASE_MS = 30_000;
/** Measures a workflow builds a series of when none is named. */
const LIKELY_MEASURE = /revenue|sales|amount|total|value|price|quantity|count|volume/i;

export interface WorkflowRequest {
  name: string;
  steps: WorkflowStep[];
  parallel: boolean;
  saveIntermediate: boolean;
}

/** Which earlier steps each step reads: its `depends_on`, or the latest data preparation before it. */
export function dependencies(steps: WorkflowStep[]): Map<number, number[]> {
  const result = new Map<number, number[]>();
  const numbers = new Set(steps.map((s) => s.step));
  if (numbers.size !== steps.length)
    throw new AppError('validation', 'Step numbers must be unique', { field: 'steps' });
  const ordered = [...steps].sort((a, b) => a.step - b.step);
  for (const step of ordered) {
    if (step.type === 'data_preparation') {
      result.set(step.step, []);
      continue;
    }
    const explicit = step.depends_on;
    if (explicit) {
      for (const d of explicit) {
        if (d >= step.step || !numbers.has(d))
          throw new AppError(
            'validation',
            `Step ${step.step} depends on step ${d}, which is not an earlier step`,
            {
              field: 'steps',
            },
          );
      }
    }
    const prep = [...ordered].reverse().find((s) => s.type === 'data_preparation' && s.step < step.step);
    const deps = explicit ?? (prep ? [prep.step] : []);
    if (!deps.some((d) => ordered.find((s) => s.step === d)?.type === 'data_preparation')) {
      throw new AppError(
        'validation',
        `Step ${step.step} (${step.type}) needs a data_preparation step before it`,
        {
          field: 'steps',
        },
      );
    }
    result.set(step.step, deps);
  }
  return result;
}

/** Runs workflows of data preparation, trend analysis and forecasting steps, and keeps their results. */
export class Workflows {
  constructor(
    private readonly store: WorkflowStore,
    private readonly charts: Charts,
    private readonly engine: QueryEngine,
    private readonly onEvents: () => void,
    private readonly logger: Logger,
    /** Runs longer than this answer 202 and finish in the background. */
    private readonly syncMs: number,
    private readonly leaseMs = WORKFLOW_LEASE_MS,
  ) {}

  /**
   * Fails, with a `workflow.failed` event, every run whose replica stopped renewing its lease
   * (it crashed or was killed mid-run), so no run stays `running` forever. Every replica sweeps;
   * one wins each run. Returns how many it failed.
   */
  async sweepAbandoned(now = new Date()): Promise<number> {
    let failed = 0;
    for (const run of await this.store.abandoned(now)) {
      const error =
        'The replica running this workflow stopped before it finished; nothing was lost, run it again';
      const after: WorkflowRun = {
        ...run,
        status: 'failed',
        error,
        steps: run.steps.map((s) => (s.status === 'running' ? { ...s, status: 'failed', error } : s)),
        completedAt: now,
      };
      const event = newEvent({
        source: SOURCE,
        type: 'workflow.failed',
        subject: run.id,
        orgid: run.organizationId,
        data: {
          workflow_id: run.id,
          workflow_name: run.name,
          status: 'failed',
          error,
          completed_at: isoTimestamp(now),
        },
      });
      if (await this.store.failAbandoned(after, now, [event])) failed += 1;
    }
    if (failed > 0) {
      this.onEvents();
      this.logger.warn({ failed }, 'failed workflow runs abandoned by a stopped replica');
    }
    return failed;
  }

  /** Starts a run; resolves with its finished state, or its running state if it takes longer than `syncMs`. */
  async start(actor: Principal, request: WorkflowRequest): Promise<WorkflowRun> {
    requireRole(actor, 'user');
    const graph = dependencies(request.steps);
    const run: WorkflowRun = {
      id: newId('wf'),
      organizationId: actor.org,
      ownerId: actor.sub,
      name: request.name,
      status: 'running',
      steps: request.steps.map((s) => ({ step: s.step, type: s.type, status: 'pending' })),
      options: { parallel_execution: request.parallel, save_intermediate_results: request.saveIntermediate },
      createdAt: new Date(),
    };
    await this.store.insert(run, new Date(Date.now() + this.leaseMs));
    // The lease says this replica is alive and working on the run; if it dies, another fails it.
    const renewal = setInterval(() => {
      this.store.renew(run.id, new Date(Date.now() + this.leaseMs)).catch((error: unknown) => {
        this.logger.warn({ err: String(error), workflow_id: run.id }, 'could not renew a workflow lease');
      });
    }, this.leaseMs / 3).unref();
    const finished = this.execute(actor, run, request, graph)
      .catch((error: unknown) => {
        this.logger.error({ err: error, workflow_id: run.id }, 'workflow run failed unexpectedly');
        return run;
      })
      .finally(() => clearInterval(renewal));
    const timer = new Promise<undefined>((resolve) =>
      setTimeout(() => resolve(undefined), this.syncMs).unref(),
    );
    return (await Promise.race([finished, timer])) ?? run;
  }

  private async execute(
    actor: Principal,
    run: WorkflowRun,
    request: WorkflowRequest,
    graph: Map<number, number[]>,
  ) {
    const outputs = new Map<number, unknown>();
    const series = new Map<number, Series>();
    const runStep = async (step: WorkflowStep) => {
      const record = run.steps.find((s) => s.step === step.step) as WorkflowRun['steps'][number];
      const started = performance.now();
      record.status = 'running';
      try {
        const input = (graph.get(step.step) ?? []).map((d) => series.get(d)).find((s) => s !== undefined);
        if (step.type === 'data_preparation') {
          const prepared = await this.prepare(actor, step);
          series.set(step.step, prepared.series);
          outputs.set(step.step, prepared.output);
        } else if (step.type === 'trend_analysis') {
          const s = input as Series;
          outputs.set(step.step, analyzeTrend(s, step.parameters.method, step.parameters.window_size));
        } else {
          try {
            outputs.set(step.step, forecastSeries(input as Series, step.parameters));
          } catch (error) {
            throw new AppError('validation', (error as Error).message, { field: `steps.${step.step}` });
          }
        }
        record.status = 'completed';
      } catch (error) {
        record.status = 'failed';
        record.error = error instanceof AppError ? error.message : 'internal error';
        throw error;
      } finally {
        record.elapsed_ms = Number((performance.now() - started).toFixed(2));
      }
    };
    try {
      const ordered = [...request.steps].sort((a, b) => a.step - b.step);
      if (request.parallel) {
        // Steps whose inputs are ready run together, level by level.
        const done = new Set<number>();
        while (done.size < ordered.length) {
          const ready = ordered.filter(
            (s) => !done.has(s.step) && (graph.get(s.step) ?? []).every((d) => done.has(d)),
          );
          await Promise.all(ready.map(runStep));
          for (const s of ready) done.add(s.step);
        }
      } else {
        for (const step of ordered) await runStep(step);
      }
      const consumed = new Set([...graph.values()].flat());
      run.results = Object.fromEntries(
        ordered
          .filter((s) => request.saveIntermediate || !consumed.has(s.step))
          .map((s) => [`step_${s.step}_${s.type}`, outputs.get(s.step)]),
      );
      for (const s of run.steps) if (request.saveIntermediate) s.output = outputs.get(s.step);
      run.status = 'completed';
    } catch (error) {
      run.status = 'failed';
      run.error = error instanceof AppError ? error.message : 'The workflow failed on an internal error';
      if (!(error instanceof AppError))
        this.logger.error({ err: error, workflow_id: run.id }, 'workflow step failed');
    }
    run.completedAt = new Date();
    const kept = await this.store.finish(run, [
      newEvent({
        source: SOURCE,
        type: run.status === 'completed' ? 'workflow.completed' : 'workflow.failed',
        subject: run.id,
        orgid: run.organizationId,
        data: {
          workflow_id: run.id,
          workflow_name: run.name,
          status: run.status,
          ...(run.error ? { error: run.error } : {}),
          completed_at: isoTimestamp(run.completedAt),
        },
      }),
    ]);
    if (!kept) {
      // Another replica judged this run abandoned (this one stalled past its lease): its verdict stands.
      this.logger.warn(
        { workflow_id: run.id },
        'workflow finished after its lease expired; its failure stands',
      );
      return (await this.store.byId(run.organizationId, run.id)) ?? run;
    }
    this.onEvents();
    return run;
  }

  /** Builds the series a data_preparation step describes, then applies its cleaning rules in order. */
  private async prepare(actor: Principal, step: Extract<WorkflowStep, { type: 'data_preparation' }>) {
    const params = step.parameters;
    const { dataset } = await this.charts.prepare(actor, params.data_source);
    const { profile } = dataset;
    const field = (name: string) => `steps.${step.step}.parameters.${name}`;
    const numeric = profile.columns.filter(isNumeric);
    const measure = params.measure
      ? profile.columns.find((c) => c.name.toLowerCase() === params.measure?.toLowerCase())
      : (numeric.find((c) => LIKELY_MEASURE.test(c.name)) ?? numeric[0]);
    if (!measure || !isNumeric(measure)) {
      throw new AppError(
        'validation',
        `No numeric column ${params.measure ? `named "${params.measure}"` : 'to build a series of'}; numeric columns: ${numeric.map((c) => c.name).join(', ') || 'none'}`,
        {
          field: field('measure'),
        },
      );
    }
    const dateColumn = params.date_column
      ? profile.columns.find((c) => c.name.toLowerCase() === params.date_column?.toLowerCase())
      : profile.columns.find(isTemporal);
    if (!dateColumn || !isTemporal(dateColumn)) {
      throw new AppError('validation', 'The data source has no datetime column to build a series over', {
        field: field('date_column'),
      });
    }
    const filters: Filter[] = [];
    for (const [name, wanted] of Object.entries(params.filters ?? {})) {
      const column = profile.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (!column) {
        throw new AppError(
          'validation',
          `filters names "${name}", which is not a column; columns: ${profile.columns.map((c) => c.name).join(', ')}`,
          { field: field('filters') },
        );
      }
      filters.push({
        op: 'in',
        column: column.name,
        values: Array.isArray(wanted) ? wanted : [wanted],
        rule: 'workflow filter',
      });
    }
    let timeRule: string | undefined;
    if (params.time_range) {
      const words = params.time_range.toLowerCase().replace(/[_-]+/g, ' ').split(/\s+/);
      const [phrase] = resolveTimePhrase(words, profile, dateColumn, new Date());
      if (!phrase) {
        throw new AppError(
          'validation',
          `time_range "${params.time_range}" is not understood; try last_24_months, since_2020 or 2019`,
          {
            field: field('time_range'),
          },
        );
      }
      const { months, ...range } = phrase.filter;
      filters.push(
        months
          ? { op: 'months', column: dateColumn.name, months, rule: range.rule }
          : { op: 'date_range', column: dateColumn.name, ...range },
      );
      timeRule = phrase.filter.rule;
    }
    const aggregate = params.aggregation ?? defaultAggregate(measure);
    const plan: ChartPlan = {
      kind: 'aggregate',
      measures: [{ column: measure.name, aggregate }],
      dimension: { column: dateColumn.name, grain: params.grain },
      filters,
      chartType: 'line',
      chartTypeRule: 'a workflow series',
    };
    const compiled = compilePlan(plan, profile);
    const rows = await this.engine.query(dataset.path, compiled.sql, compiled.params);
    let series: Series = {
      measure: measure.name,
      aggregation: aggregate,
      dateColumn: dateColumn.name,
      grain: params.grain,
      labels: rows.map((r) => String(r.label)),
      values: rows.map((r) => Number(r.m0)),
    };
    const cleaning: Record<string, string[]> = {};
    for (const rule of params.cleaning_rules) {
      if (rule === 'fill_missing') {
        const result = fillMissing(series);
        series = result.series;
        cleaning.fill_missing = result.filled;
      } else {
        const result = removeOutliers(series);
        series = result.series;
        cleaning.remove_outliers = result.replaced;
      }
    }
    return {
      series,
      output: {
        data_source_id: dataset.dataSourceId,
        measure: series.measure,
        aggregation: series.aggregation,
        date_column: series.dateColumn,
        grain: series.grain,
        ...(timeRule ? { time_range: timeRule } : {}),
        ...(params.filters ? { filters: params.filters } : {}),
        periods: series.labels.length,
        cleaning,
        labels: series.labels,
        values: series.values,
        sql: compiled.sql,
        parameters: compiled.params,
      },
    };
  }

  async get(actor: Principal, id: string): Promise<WorkflowRun> {
    const run = await this.store.byId(actor.org, id);
    if (!run) throw new AppError('not_found', `Workflow run ${id} not found`);
    return run;
  }
}
