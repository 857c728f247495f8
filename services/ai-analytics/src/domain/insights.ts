import type { ChartData, Point } from './chart-data.js';
import type { ChartPlan } from './chart-plan.js';
import { linearFit, pearson } from './statistics.js';

/** An insight: its sentence and the numbers in it, each derived from the chart's own data. */
export interface Insight {
  type:
    | 'trend'
    | 'growth'
    | 'largest_change'
    | 'peak'
    | 'low'
    | 'share'
    | 'concentration'
    | 'outlier'
    | 'correlation'
    | 'value'
    | 'distribution'
    | 'partial_period';
  text: string;
  values: Record<string, number | string>;
}

/** Rounds for reading: whole numbers stay whole, others keep 2 decimals (3 significant digits below 1). */
export function roundForText(value: number): number {
  if (Number.isInteger(value)) return value;
  const abs = Math.abs(value);
  const digits = abs >= 1 ? 2 : Math.max(2, 2 - Math.floor(Math.log10(abs || 1)));
  return Number(value.toFixed(Math.min(digits, 6)));
}

/** Writes a number as it appears in insight text: thousands separated, rounded as above. */
export function formatNumber(value: number): string {
  return roundForText(value).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

function percent(value: number): number {
  return Number((value * 100).toFixed(1));
}

function seriesValues(chart: ChartData, index = 0): Array<number | null> {
  return (chart.data.datasets[index]?.data ?? []) as Array<number | null>;
}

/**
 * The periods whose data spans clearly fewer days than is usual for this chart (a first year with
 * two months, a month still in progress): less than 90% of the median period's span.
 */
export function partialPeriods(coverage: number[] | undefined): Set<number> {
  if (!coverage || coverage.length < 3) return new Set();
  const sorted = [...coverage].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  return new Set(coverage.flatMap((days, i) => (days < 0.9 * median ? [i] : [])));
}

function trendInsights(chart: ChartData, name: string, partial: Set<number> = new Set()): Insight[] {
  const labels = chart.data.labels.map(String);
  const values = seriesValues(chart);
  // Partial periods are shown on the chart but left out of trends, growth and changes.
  const points = values
    .map((v, i) => ({ i, v }))
    .filter((p): p is { i: number; v: number } => p.v !== null && !partial.has(p.i));
  if (points.length < 3) return [];
  const insights: Insight[] = [];
  const fit = linearFit(
    points.map((p) => p.i),
    points.map((p) => p.v),
  );
  const r2 = Number(fit.r2.toFixed(2));
  const slope = roundForText(fit.slope);
  const direction = fit.r2 < 0.3 || slope === 0 ? 'no clear' : fit.slope > 0 ? 'an upward' : 'a downward';
  const strength = fit.r2 >= 0.7 ? 'strong' : fit.r2 >= 0.3 ? 'moderate' : 'weak';
  insights.push({
    type: 'trend',
    text:
      direction === 'no clear'
        ? `${name} shows no clear trend over the period (R² = ${r2})`
        : `${name} shows ${direction} trend (${strength}, R² = ${r2}), changing by about ${formatNumber(slope)} per period`,
    values: { slope, r2, points: points.length },
  });
  const first = points[0] as { i: number; v: number };
  const last = points[points.length - 1] as { i: number; v: number };
  // Decided on the numbers as printed, so the words and the figures beside them always agree.
  const [shownFirst, shownLast] = [roundForText(first.v), roundForText(last.v)];
  if (shownFirst !== 0) {
    const growth = percent((shownLast - shownFirst) / Math.abs(shownFirst));
    const moved = growth > 0 ? 'grew by' : growth < 0 ? 'fell by' : 'changed by';
    insights.push({
      type: 'growth',
      text: `From ${labels[first.i]} to ${labels[last.i]}, ${name} ${moved} ${formatNumber(Math.abs(growth))}% (${formatNumber(first.v)} → ${formatNumber(last.v)})`,
      values: {
        growth_percent: growth,
        first: roundForText(first.v),
        last: roundForText(last.v),
        from: labels[first.i] as string,
        to: labels[last.i] as string,
      },
    });
  }
  let best: { label: string; change: number } | undefined;
  for (let k = 1; k < points.length; k += 1) {
    const prev = points[k - 1] as { i: number; v: number };
    const cur = points[k] as { i: number; v: number };
    if (prev.v === 0) continue;
    const change = (cur.v - prev.v) / Math.abs(prev.v);
    if (!best || Math.abs(change) > Math.abs(best.change)) best = { label: labels[cur.i] as string, change };
  }
  if (best) {
    const change = percent(best.change);
    insights.push({
      type: 'largest_change',
      text: `The largest period-over-period change was in ${best.label}: ${change >= 0 ? '+' : '−'}${formatNumber(Math.abs(change))}%`,
      values: { label: best.label, change_percent: change },
    });
  }
  return insights;
}

function extremeInsights(chart: ChartData, name: string, additive: boolean): Insight[] {
  const labels = chart.data.labels.map(String);
  const values = seriesValues(chart);
  const present = values
    .map((v, i) => ({ v, label: labels[i] as string }))
    .filter((p): p is { v: number; label: string } => p.v !== null);
  if (present.length < 2) return [];
  const insights: Insight[] = [];
  const max = present.reduce((a, b) => (b.v > a.v ? b : a));
  const min = present.reduce((a, b) => (b.v < a.v ? b : a));
  insights.push({
    type: 'peak',
    text: `${max.label} has the highest ${name} at ${formatNumber(max.v)}`,
    values: { label: max.label, value: roundForText(max.v) },
  });
  insights.push({
    type: 'low',
    text: `${min.label} has the lowest ${name} at ${formatNumber(min.v)}`,
    values: { label: min.label, value: roundForText(min.v) },
  });
  const total = present.reduce((s, p) => s + p.v, 0);
  if (additive && total > 0 && present.every((p) => p.v >= 0)) {
    const share = percent(max.v / total);
    insights.push({
      type: 'share',
      text: `${max.label} accounts for ${formatNumber(share)}% of the total ${name} (${formatNumber(total)})`,
      values: { label: max.label, share_percent: share, total: roundForText(total) },
    });
    if (present.length > 3) {
      const top3 = [...present].sort((a, b) => b.v - a.v).slice(0, 3);
      const top3Share = percent(top3.reduce((s, p) => s + p.v, 0) / total);
      insights.push({
        type: 'concentration',
        text: `The top 3 of ${present.length} (${top3.map((p) => p.label).join(', ')}) make up ${formatNumber(top3Share)}% of the total`,
        values: { top: 3, share_percent: top3Share, groups: present.length },
      });
    }
  }
  if (present.length >= 8) {
    const mean = total / present.length;
    const sd = Math.sqrt(present.reduce((s, p) => s + (p.v - mean) ** 2, 0) / (present.length - 1));
    const outliers = sd > 0 ? present.filter((p) => Math.abs(p.v - mean) / sd > 2.5) : [];
    if (outliers.length > 0) {
      const z = Number((Math.abs((outliers[0] as { v: number }).v - mean) / sd).toFixed(1));
      insights.push({
        type: 'outlier',
        text: `${outliers.map((o) => o.label).join(', ')} ${outliers.length === 1 ? 'stands' : 'stand'} out from the rest (${formatNumber(z)} standard deviations from the mean${outliers.length > 1 ? ' or more' : ''})`,
        values: { count: outliers.length, z },
      });
    }
  }
  return insights;
}

/**
 * Insights computed from the chart's data, never invented: trend (slope, R²), growth and the
 * largest change over time; extremes, shares and concentration across categories; outliers;
 * correlation for scatter plots.
 */
export function computeInsights(plan: ChartPlan, chart: ChartData, coverage?: number[]): Insight[] {
  const name = chart.data.datasets[0]?.label ?? 'the value';
  if (plan.kind === 'scatter') {
    const points = chart.data.datasets.flatMap((d) => d.data as Point[]);
    if (points.length < 3) return [];
    const r = pearson(
      points.map((p) => p.x),
      points.map((p) => p.y),
    );
    const rounded = Number(r.toFixed(2));
    const strength = Math.abs(r) >= 0.7 ? 'strongly' : Math.abs(r) >= 0.4 ? 'moderately' : 'weakly';
    const [x, y] = plan.measures.map((m) => m.column);
    return [
      {
        type: 'correlation',
        text: `${y} and ${x} are ${strength} ${r >= 0 ? 'positively' : 'negatively'} correlated (r = ${rounded}, n = ${points.length})`,
        values: { r: rounded, n: points.length },
      },
    ];
  }
  if (plan.kind === 'histogram') {
    const values = seriesValues(chart) as number[];
    const total = values.reduce((s, v) => s + v, 0);
    if (total === 0) return [];
    const top = values.indexOf(Math.max(...values));
    const share = percent((values[top] as number) / total);
    return [
      {
        type: 'distribution',
        text: `The most common range is ${chart.data.labels[top]}, with ${formatNumber(values[top] as number)} of ${formatNumber(total)} values (${formatNumber(share)}%)`,
        values: {
          label: String(chart.data.labels[top]),
          count: values[top] as number,
          total,
          share_percent: share,
        },
      },
    ];
  }
  if (!plan.dimension) {
    const value = seriesValues(chart)[0];
    if (value === null || value === undefined) return [];
    return [
      {
        type: 'value',
        text: `${chart.data.labels[0]} is ${formatNumber(value)}`,
        values: { value: roundForText(value) },
      },
    ];
  }
  const additive = ['sum', 'count', 'count_distinct'].includes(plan.measures[0]?.aggregate ?? '');
  if (plan.series || chart.data.datasets.length > 1) {
    // One sentence per dataset on its extremes keeps several series readable.
    return chart.data.datasets.slice(0, 4).flatMap((dataset, i) => {
      const single: ChartData = { ...chart, data: { labels: chart.data.labels, datasets: [dataset] } };
      const own = dataset.label;
      return chart.type === 'line'
        ? trendInsights(single, own).slice(0, 1)
        : extremeInsights(single, own, additive).slice(0, i === 0 ? 2 : 1);
    });
  }
  const partial = additive ? partialPeriods(coverage) : new Set<number>();
  const flagged: Insight[] =
    partial.size === 0
      ? []
      : [
          {
            type: 'partial_period',
            text: `${[...partial].map((i) => chart.data.labels[i]).join(', ')} ${partial.size === 1 ? 'has' : 'have'} fewer days of data than the other periods, so ${partial.size === 1 ? 'its total is' : 'their totals are'} not compared with theirs`,
            values: {
              periods: [...partial].map((i) => String(chart.data.labels[i])).join(', '),
              days: [...partial].map((i) => coverage?.[i] ?? 0).join(', '),
            },
          },
        ];
  if (chart.type === 'line')
    return [
      ...flagged,
      ...trendInsights(chart, name, partial),
      ...extremeInsights(chart, name, false).slice(0, 2),
    ];
  return [...flagged, ...extremeInsights(chart, name, additive)];
}
