import {
  aggregateChart,
  type ChartData,
  histogramChart,
  measureLabel,
  scatterChart,
  vegaLiteSpec,
} from '../domain/chart-data.js';
import type { ChartPlan, ChartType } from '../domain/chart-plan.js';
import { computeInsights, type Insight } from '../domain/insights.js';
import { compileMatchCount, compilePlan, compileRange, niceBinWidth } from '../domain/plan-sql.js';
import { type Reading, readQuestion } from '../domain/question-reader.js';
import type { Interpretation } from '../domain/interpretation.js';
import type { TableProfile } from '../domain/table-profile.js';
import { englishLexicon } from './english.js';
import type { QueryEngine } from './query-engine.js';

/** A data source ready to query: its local Parquet copy and what the engine knows of it. */
export interface PreparedDataset {
  dataSourceId: string;
  version: string;
  path: string;
  profile: TableProfile;
  /** The data source's name: questions may call its rows by it. */
  name?: string;
}

export type { Interpretation };

export type Answer =
  | { kind: 'chart'; plan: ChartPlan; chart: ChartData; insights: Insight[]; interpretation: Interpretation }
  | Exclude<Reading, { kind: 'plan' }>;

function describeFilters(plan: ChartPlan): Array<Record<string, unknown>> {
  return plan.filters.map((f) => {
    switch (f.op) {
      case 'in':
      case 'not_in':
        return { column: f.column, operator: f.op, values: f.values, rule: f.rule };
      case 'months':
        return { column: f.column, operator: 'month_in', months: f.months, rule: f.rule };
      case 'date_range':
        return {
          column: f.column,
          operator: 'between',
          from: f.from ?? null,
          to: f.to ?? null,
          rule: f.rule,
        };
      default:
        return { column: f.column, operator: f.op, value: f.value, rule: f.rule };
    }
  });
}

/** Runs a plan over a prepared dataset and builds the chart, its insights and its receipt. */
export async function runPlan(
  engine: QueryEngine,
  dataset: PreparedDataset,
  plan: ChartPlan,
  title: string,
  notUnderstood: string[] = [],
) {
  const started = performance.now();
  let binWidth: number | undefined;
  if (plan.kind === 'histogram') {
    const range = compileRange(plan);
    const [bounds] = await engine.query(dataset.path, range.sql, range.params);
    const lo = Number(bounds?.lo ?? 0);
    const hi = Number(bounds?.hi ?? 0);
    binWidth = niceBinWidth(lo, hi, plan.bins ?? 10);
  }
  const compiled = compilePlan(plan, dataset.profile, binWidth);
  const matchQuery = compileMatchCount(plan);
  const [rows, matched] = await Promise.all([
    engine.query(dataset.path, compiled.sql, compiled.params),
    plan.filters.length > 0
      ? engine.query(dataset.path, matchQuery.sql, matchQuery.params)
      : Promise.resolve([{ n: dataset.profile.rows }]),
  ]);
  const chart =
    plan.kind === 'scatter'
      ? scatterChart(plan, rows)
      : plan.kind === 'histogram'
        ? histogramChart(plan, rows, binWidth as number)
        : aggregateChart(plan, rows);
  chart.vega_lite = vegaLiteSpec(plan, chart, title);
  const coverage = rows.some((r) => r.days !== undefined) ? rows.map((r) => Number(r.days ?? 0)) : undefined;
  const insights = computeInsights(plan, chart, coverage);
  const interpretation: Interpretation = {
    engine: 'sightline-builtin',
    measures: plan.measures.map((m) => ({
      column: m.column,
      aggregation: m.aggregate,
      label: measureLabel(m),
    })),
    dimension: plan.dimension
      ? { column: plan.dimension.column, time_grain: plan.dimension.grain ?? null }
      : null,
    series: plan.series ? { column: plan.series.column, time_grain: plan.series.grain ?? null } : null,
    filters: describeFilters(plan),
    sort: plan.sort ?? null,
    limit: plan.limit ?? null,
    bins: binWidth !== undefined ? { count: chart.data.labels.length, width: binWidth } : null,
    chart_type: chart.type,
    chart_type_rule: plan.chartTypeRule,
    rows_scanned: dataset.profile.rows,
    rows_matched: Number(matched[0]?.n ?? 0),
    rows_returned: rows.length,
    data_source_id: dataset.dataSourceId,
    data_source_version: dataset.version,
    sql: compiled.sql,
    parameters: compiled.params,
    elapsed_ms: Number((performance.now() - started).toFixed(2)),
    not_understood: notUnderstood,
  };
  return { chart, insights, interpretation };
}

/**
 * Answers a question over a dataset: a chart with insights and its receipt, or a question
 * back when the reading is ambiguous, or what the table lacks.
 */
export async function answerQuestion(
  engine: QueryEngine,
  dataset: PreparedDataset,
  question: string,
  options: { chartType?: ChartType | 'auto'; now: Date },
): Promise<Answer> {
  const reading = readQuestion(question, dataset.profile, {
    ...options,
    lexicon: englishLexicon(),
    ...(dataset.name ? { tableName: dataset.name } : {}),
  });
  if (reading.kind !== 'plan') return reading;
  const { chart, insights, interpretation } = await runPlan(
    engine,
    dataset,
    reading.plan,
    question,
    reading.ignored,
  );
  return { kind: 'chart', plan: reading.plan, chart, insights, interpretation };
}
