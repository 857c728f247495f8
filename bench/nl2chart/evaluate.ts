// Runs both question sets through the engine and scores every answer against its expected chart:
// the tuned set (bench/nl2chart/questions.ts, written while the engine was tuned on it) and the
// held-out set (held-out/, written before any tuning on it and never tuned on).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Answer,
  answerQuestion,
  type PreparedDataset,
  QueryEngine,
} from '@sightline/ai-analytics/engine';
import { type Dataset, loadDatasets } from './datasets.js';
import { HELD_OUT_QUESTIONS, type HeldOutCase, type HeldOutExpectation } from './held-out/questions.js';
import { SECOND_BATCH } from './held-out/questions-2.js';
import { THIRD_BATCH } from './held-out/questions-3.js';
import { DEVELOPMENT } from './development.js';
import { loadHeldOutTables } from './held-out/tables.js';
import { type Expectation, QUESTIONS } from './questions.js';

/** `held-out`: the first batch (its first contact is in held-out/first-contact.txt); `held-out-2`, `-3`: the next ones. */
export type QuestionSet = 'tuned' | 'held-out' | 'held-out-2' | 'held-out-3';

/** The batches no one has read the misses of: the figure GET /api/v1/ai/models publishes. */
export const UNTOUCHED: readonly QuestionSet[] = ['held-out-2', 'held-out-3'];

export interface Outcome {
  set: QuestionSet;
  table: string;
  form: string;
  question: string;
  /** Whether the right answer is a chart, or declining (a clarification or a 422). */
  answerable: boolean;
  /** Exactly right: the chart's type, labels and values, or a decline where one is due. */
  ok: boolean;
  /** For answerable questions: a chart of the expected type came back. */
  typeOk: boolean;
  /** A chart came back and it is wrong: the failure users never forgive. */
  confidentWrong: boolean;
  why?: string;
}

/** The engine's clock for relative phrases; every table here ends long before it. */
const NOW = new Date('2026-11-23T00:00:00Z');

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 + 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

type Judged =
  | Exclude<Expectation, 'clarification' | 'unanswerable'>
  | Exclude<HeldOutExpectation, 'declined'>;

/** Why a chart answer is not the expected chart, or undefined when it is. */
function judgeChart(
  answer: Extract<Answer, { kind: 'chart' }>,
  expected: Judged,
  dataset: Dataset,
): string | undefined {
  const chart = answer.chart;
  if ('scatter' in expected) {
    if (chart.type !== 'scatter') return `expected scatter, got ${chart.type}`;
    const [x, y] = answer.plan.measures.map((m) => m.column);
    if (x !== expected.scatter.x || y !== expected.scatter.y)
      return `expected x=${expected.scatter.x} y=${expected.scatter.y}, got x=${x} y=${y}`;
    const points = dataset.rows.filter(
      (r) => typeof r[x as string] === 'number' && typeof r[y as string] === 'number',
    ).length;
    const drawn = chart.data.datasets.reduce((n, d) => n + d.data.length, 0);
    return drawn === Math.min(points, 5_000) ? undefined : `expected ${points} points, got ${drawn}`;
  }
  if (chart.type !== expected.type) return `type: expected ${expected.type}, got ${chart.type}`;
  const labels = chart.data.labels.map(String);
  const wantLabels = expected.labels.map(String);
  if (expected.anyLabels ? labels.length !== wantLabels.length : labels.join('|') !== wantLabels.join('|')) {
    return `labels: expected ${wantLabels.slice(0, 8).join(', ')}… (${wantLabels.length}), got ${labels.slice(0, 8).join(', ')}… (${labels.length})`;
  }
  if (chart.data.datasets.length !== expected.datasets.length) {
    return `datasets: expected ${expected.datasets.length}, got ${chart.data.datasets.length}`;
  }
  for (const [i, want] of expected.datasets.entries()) {
    const got = chart.data.datasets[i] as { label: string; data: Array<number | null> };
    if (want.label !== undefined && want.label !== got.label)
      return `dataset ${i}: expected ${want.label}, got ${got.label}`;
    const total = want.data.reduce<number>((s, v) => s + (v ?? 0), 0);
    // A share chart may show the parts as they are, as percentages, or as fractions of the whole.
    const scales = expected.share && total !== 0 ? [1, 100 / total, 1 / total] : [1];
    const fits = scales.some((scale) =>
      want.data.every((value, k) => close(value === null ? null : value * scale, got.data[k] ?? null)),
    );
    if (!fits) {
      const k = want.data.findIndex((value, j) => !close(value, got.data[j] ?? null));
      return `dataset ${i} at ${wantLabels[k]}: expected ${want.data[k]}, got ${got.data[k]}`;
    }
  }
  return undefined;
}

function expectedType(expected: Judged): string {
  return 'scatter' in expected ? 'scatter' : expected.type;
}

function score(
  set: QuestionSet,
  table: string,
  form: string,
  question: string,
  answer: Answer,
  expected: Expectation | HeldOutExpectation,
  dataset: Dataset,
): Outcome {
  const base = { set, table, form, question };
  if (expected === 'clarification' || expected === 'unanswerable' || expected === 'declined') {
    // The tuned set names the kind of decline it wants; the held-out set accepts either.
    const ok = expected === 'declined' ? answer.kind !== 'chart' : answer.kind === expected;
    return {
      ...base,
      answerable: false,
      ok,
      typeOk: false,
      confidentWrong: answer.kind === 'chart',
      ...(ok ? {} : { why: `expected ${expected}, got ${answer.kind}` }),
    };
  }
  if (answer.kind !== 'chart') {
    return {
      ...base,
      answerable: true,
      ok: false,
      typeOk: false,
      confidentWrong: false,
      why: `expected a chart, got ${answer.kind}: ${JSON.stringify(answer).slice(0, 200)}`,
    };
  }
  const why = judgeChart(answer, expected, dataset);
  return {
    ...base,
    answerable: true,
    ok: why === undefined,
    typeOk: answer.chart.type === expectedType(expected),
    confidentWrong: why !== undefined,
    ...(why ? { why } : {}),
  };
}

async function prepare(engine: QueryEngine, datasets: Dataset[]): Promise<Map<string, PreparedDataset>> {
  const prepared = new Map<string, PreparedDataset>();
  for (const dataset of datasets) {
    prepared.set(dataset.name, {
      dataSourceId: `ds_${dataset.name}`,
      version: 'v1',
      path: dataset.parquet,
      profile: await engine.profile(dataset.parquet),
      name: dataset.name,
    });
  }
  return prepared;
}

/** The engine over the folder where datasets.ts and held-out/tables.ts write the Parquet files. */
export function openBenchEngine(threads = 2): Promise<QueryEngine> {
  return QueryEngine.open({
    memoryLimit: '256MB',
    threads,
    tempDirectory: join(tmpdir(), 'sightline-nl2chart', 'duckdb'),
    timeoutMs: 10_000,
    datasetDirectory: join(tmpdir(), 'sightline-nl2chart'),
  });
}

/** Answers every question of the chosen sets and judges each answer. */
export async function evaluate(
  sets: QuestionSet[] = ['tuned', 'held-out', 'held-out-2', 'held-out-3'],
): Promise<Outcome[]> {
  const engine = await openBenchEngine();
  try {
    const outcomes: Outcome[] = [];
    if (sets.includes('tuned')) {
      const datasets = await loadDatasets();
      const prepared = await prepare(engine, Object.values(datasets));
      for (const c of QUESTIONS) {
        const dataset = datasets[c.dataset];
        const answer = await answerQuestion(engine, prepared.get(c.dataset) as PreparedDataset, c.question, {
          now: NOW,
        });
        outcomes.push(
          score('tuned', c.dataset, c.kind, c.question, answer, c.expected(dataset.rows), dataset),
        );
      }
    }
    const batches: Array<[QuestionSet, readonly HeldOutCase[]]> = [
      ['tuned', DEVELOPMENT],
      ['held-out', HELD_OUT_QUESTIONS],
      ['held-out-2', SECOND_BATCH],
      ['held-out-3', THIRD_BATCH],
    ];
    if (batches.some(([set]) => sets.includes(set))) {
      const tables = await loadHeldOutTables();
      const prepared = await prepare(engine, Object.values(tables));
      for (const [set, questions] of batches) {
        if (!sets.includes(set)) continue;
        for (const c of questions) {
          const dataset = tables[c.table];
          let answer: Answer;
          try {
            answer = await answerQuestion(engine, prepared.get(c.table) as PreparedDataset, c.question, {
              now: c.now ? new Date(c.now) : NOW,
            });
          } catch (error) {
            // A crash is scored as a miss (and printed), never allowed to stop the run.
            outcomes.push({
              set,
              table: c.table,
              form: c.form,
              question: c.question,
              answerable: c.expected(dataset.rows) !== 'declined',
              ok: false,
              typeOk: false,
              confidentWrong: false,
              why: `crashed: ${(error as Error).message}`,
            });
            continue;
          }
          outcomes.push(score(set, c.table, c.form, c.question, answer, c.expected(dataset.rows), dataset));
        }
      }
    }
    return outcomes;
  } finally {
    engine.close();
  }
}

export interface Figures {
  questions: number;
  /** Exactly right over every question (charts and declines). */
  accuracy: number;
  answerable: number;
  /** Exact charts over the answerable questions. */
  exact: number;
  chartType: number;
  unanswerable: number;
  declined: number;
  confidentWrong: number;
}

/** The figures of a list of outcomes. */
export function figures(list: Outcome[]): Figures {
  const answerable = list.filter((o) => o.answerable);
  const unanswerable = list.filter((o) => !o.answerable);
  const share = (part: number, whole: number) => (whole === 0 ? Number.NaN : part / whole);
  return {
    questions: list.length,
    accuracy: share(list.filter((o) => o.ok).length, list.length),
    answerable: answerable.length,
    exact: share(answerable.filter((o) => o.ok).length, answerable.length),
    chartType: share(answerable.filter((o) => o.typeOk).length, answerable.length),
    unanswerable: unanswerable.length,
    declined: share(unanswerable.filter((o) => o.ok).length, unanswerable.length),
    confidentWrong: list.filter((o) => o.confidentWrong).length,
  };
}

const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);

/** One row per group: the tuned and held-out figures side by side. */
export function sideBySide(
  outcomes: Outcome[],
  groupOf: (o: Outcome) => string,
): Array<Record<string, string | number>> {
  const groups = [...new Set(outcomes.map(groupOf))].sort();
  const cell = (list: Outcome[]) => {
    const f = figures(list);
    return list.length === 0
      ? '–'
      : `${pct(f.exact)} exact · ${pct(f.chartType)} type · ${f.unanswerable ? `${pct(f.declined)} declined · ` : ''}${f.confidentWrong} wrong / ${f.questions}`;
  };
  return [...groups, 'all'].map((g) => {
    const inGroup = g === 'all' ? outcomes : outcomes.filter((o) => groupOf(o) === g);
    return {
      group: g,
      tuned: cell(inGroup.filter((o) => o.set === 'tuned')),
      'held-out 1': cell(inGroup.filter((o) => o.set === 'held-out')),
      'held-out 2': cell(inGroup.filter((o) => o.set === 'held-out-2')),
      'held-out 3': cell(inGroup.filter((o) => o.set === 'held-out-3')),
    };
  });
}

export { pct };
