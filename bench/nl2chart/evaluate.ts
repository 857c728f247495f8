// Runs the question set through the engine and scores every answer against its expected chart.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Answer,
  answerQuestion,
  type PreparedDataset,
  QueryEngine,
} from '@sightline/ai-analytics/engine';
import { type Dataset, loadDatasets } from './datasets.js';
import { type Expectation, QUESTIONS, type QuestionCase } from './questions.js';

export interface Outcome {
  case: QuestionCase;
  ok: boolean;
  why?: string;
}

/** The engine's clock for relative phrases; every table here ends long before it. */
const NOW = new Date('2026-11-23T00:00:00Z');

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 + 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

function judge(answer: Answer, expected: Expectation, dataset: Dataset): string | undefined {
  if (expected === 'clarification' || expected === 'unanswerable') {
    return answer.kind === expected ? undefined : `expected ${expected}, got ${answer.kind}`;
  }
  if (answer.kind !== 'chart')
    return `expected a chart, got ${answer.kind}: ${JSON.stringify(answer).slice(0, 160)}`;
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
  if (labels.join('|') !== wantLabels.join('|')) {
    return `labels: expected ${wantLabels.slice(0, 8).join(', ')}… (${wantLabels.length}), got ${labels.slice(0, 8).join(', ')}… (${labels.length})`;
  }
  if (chart.data.datasets.length !== expected.datasets.length) {
    return `datasets: expected ${expected.datasets.length}, got ${chart.data.datasets.length}`;
  }
  for (const [i, want] of expected.datasets.entries()) {
    const got = chart.data.datasets[i] as { label: string; data: Array<number | null> };
    if (want.label !== undefined && want.label !== got.label)
      return `dataset ${i}: expected ${want.label}, got ${got.label}`;
    for (const [k, value] of want.data.entries()) {
      if (!close(value, got.data[k] ?? null))
        return `dataset ${i} at ${wantLabels[k]}: expected ${value}, got ${got.data[k]}`;
    }
  }
  return undefined;
}

/** Answers every question and judges it. */
export async function evaluate(): Promise<Outcome[]> {
  const datasets = await loadDatasets();
  const engine = await QueryEngine.open({
    memoryLimit: '256MB',
    threads: 2,
    tempDirectory: join(tmpdir(), 'sightline-nl2chart', 'duckdb'),
    timeoutMs: 10_000,
    // Where datasets.ts writes the Parquet files.
    datasetDirectory: join(tmpdir(), 'sightline-nl2chart'),
  });
  try {
    const prepared = new Map<string, PreparedDataset>();
    for (const dataset of Object.values(datasets)) {
      prepared.set(dataset.name, {
        dataSourceId: `ds_${dataset.name}`,
        version: 'v1',
        path: dataset.parquet,
        profile: await engine.profile(dataset.parquet),
      });
    }
    const outcomes: Outcome[] = [];
    for (const c of QUESTIONS) {
      const dataset = datasets[c.dataset];
      const answer = await answerQuestion(engine, prepared.get(c.dataset) as PreparedDataset, c.question, {
        now: NOW,
      });
      const why = judge(answer, c.expected(dataset.rows), dataset);
      outcomes.push({ case: c, ok: why === undefined, ...(why ? { why } : {}) });
    }
    return outcomes;
  } finally {
    engine.close();
  }
}

/** Accuracy per kind of question, and overall. */
export function accuracyTable(
  outcomes: Outcome[],
): Array<{ kind: string; questions: number; right: number; accuracy: string }> {
  const kinds = [...new Set(outcomes.map((o) => o.case.kind))].sort();
  const row = (kind: string, list: Outcome[]) => ({
    kind,
    questions: list.length,
    right: list.filter((o) => o.ok).length,
    accuracy: `${((100 * list.filter((o) => o.ok).length) / list.length).toFixed(1)}%`,
  });
  return [
    ...kinds.map((k) =>
      row(
        k,
        outcomes.filter((o) => o.case.kind === k),
      ),
    ),
    row(
      'held out (never tuned on)',
      outcomes.filter((o) => o.case.heldOut),
    ),
    row('all', outcomes),
  ];
}
