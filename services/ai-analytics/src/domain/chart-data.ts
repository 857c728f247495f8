import type { ChartPlan, Measure } from './chart-plan.js';

/** A point of a scatter plot. */
export interface Point {
  x: number;
  y: number;
}

/** Chart.js's shape, as the platform reference returns it. */
export interface ChartData {
  type: string;
  data: {
    labels: Array<string | number>;
    datasets: Array<{ label: string; data: Array<number | null> | Point[] }>;
  };
  options?: Record<string, unknown>;
  vega_lite?: Record<string, unknown>;
}

/** A result row as the engine reads it back. */
export type ResultRow = Record<string, unknown>;

const AGGREGATE_LABELS: Record<Measure['aggregate'], string> = {
  sum: 'Total',
  avg: 'Average',
  median: 'Median',
  count: 'Count of',
  count_distinct: 'Distinct',
  min: 'Minimum',
  max: 'Maximum',
};

/** How a measure is named on the chart: "Average Horsepower", "Count". */
export function measureLabel(measure: Measure): string {
  if (measure.column === null) return 'Count';
  return `${AGGREGATE_LABELS[measure.aggregate]} ${measure.column}`;
}

/** A result value as a number, without binary floating-point noise (1225.9999999999989 → 1226). */
function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'bigint' ? Number(value) : Number(value);
  return Number.isFinite(n) ? Number(n.toPrecision(12)) : null;
}

function toLabel(value: unknown): string | number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return String(value);
  return String(value ?? '');
}

/** Turns the rows of an aggregate query into Chart.js data: one dataset per measure, or per series. */
export function aggregateChart(plan: ChartPlan, rows: ResultRow[]): ChartData {
  if (!plan.dimension) {
    return {
      type: plan.chartType,
      data: {
        labels: plan.measures.map(measureLabel),
        datasets: [{ label: 'Value', data: plan.measures.map((_, i) => toNumber(rows[0]?.[`m${i}`])) }],
      },
    };
  }
  if (plan.series) {
    const labels: Array<string | number> = [];
    const seen = new Set<string>();
    const seriesNames: string[] = [];
    for (const row of rows) {
      const label = toLabel(row.label);
      if (!seen.has(String(label))) {
        seen.add(String(label));
        labels.push(label);
      }
      const name = String(toLabel(row.series));
      if (!seriesNames.includes(name)) seriesNames.push(name);
    }
    seriesNames.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const index = new Map(labels.map((l, i) => [String(l), i]));
    const datasets = seriesNames.map((name) => {
      const data: Array<number | null> = labels.map(() => null);
      for (const row of rows) {
        if (String(toLabel(row.series)) === name)
          data[index.get(String(toLabel(row.label))) as number] = toNumber(row.m0);
      }
      return { label: name, data };
    });
    return { type: plan.chartType, data: { labels, datasets } };
  }
  return {
    type: plan.chartType,
    data: {
      labels: rows.map((row) => toLabel(row.label)),
      datasets: plan.measures.map((measure, i) => ({
        label: measureLabel(measure),
        data: rows.map((row) => toNumber(row[`m${i}`])),
      })),
    },
  };
}

/** Formats a bin edge without floating-point noise. */
function edge(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Histogram rows (bin start, count) as a bar chart with every bin between the first and last, empty ones at 0. */
export function histogramChart(plan: ChartPlan, rows: ResultRow[], width: number): ChartData {
  const starts = rows.map((r) => toNumber(r.bin_start) as number);
  const counts = new Map(rows.map((r) => [edge(toNumber(r.bin_start) as number), toNumber(r.m0) ?? 0]));
  const labels: string[] = [];
  const data: number[] = [];
  if (starts.length > 0) {
    const first = Math.min(...starts);
    const last = Math.max(...starts);
    for (let k = 0; first + k * width <= last + width / 2; k += 1) {
      const start = Number((first + k * width).toPrecision(12));
      labels.push(`${edge(start)}–${edge(start + width)}`);
      data.push(counts.get(edge(start)) ?? 0);
    }
  }
  return {
    type: 'bar',
    data: { labels, datasets: [{ label: `Count of ${plan.measures[0]?.column}`, data }] },
  };
}

/** Scatter rows as one dataset of points, or one per colour group. */
export function scatterChart(plan: ChartPlan, rows: ResultRow[]): ChartData {
  const [x, y] = plan.measures.map((m) => m.column as string);
  const point = (row: ResultRow): Point => ({ x: toNumber(row.x) as number, y: toNumber(row.y) as number });
  if (plan.series) {
    const groups = new Map<string, Point[]>();
    for (const row of rows) {
      const key = String(row.series);
      groups.set(key, [...(groups.get(key) ?? []), point(row)]);
    }
    return {
      type: 'scatter',
      data: {
        labels: [],
        datasets: [...groups.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([label, data]) => ({ label, data })),
      },
    };
  }
  return {
    type: 'scatter',
    data: { labels: [], datasets: [{ label: `${y} vs ${x}`, data: rows.map(point) }] },
  };
}

/** The same chart as a Vega-Lite spec, with its data inline. */
export function vegaLiteSpec(plan: ChartPlan, chart: ChartData, title: string): Record<string, unknown> {
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title, width: 'container' };
  if (chart.type === 'scatter') {
    const [x, y] = plan.measures.map((m) => m.column as string);
    const values = chart.data.datasets.flatMap((d) =>
      (d.data as Point[]).map((p) => ({ x: p.x, y: p.y, ...(plan.series ? { group: d.label } : {}) })),
    );
    return {
      ...base,
      data: { values },
      mark: 'point',
      encoding: {
        x: { field: 'x', type: 'quantitative', title: x },
        y: { field: 'y', type: 'quantitative', title: y },
        ...(plan.series ? { color: { field: 'group', type: 'nominal', title: plan.series.column } } : {}),
      },
    };
  }
  const values = chart.data.datasets.flatMap((d) =>
    chart.data.labels.map((label, i) => ({
      label,
      series: d.label,
      value: (d.data as Array<number | null>)[i] ?? null,
    })),
  );
  const several = chart.data.datasets.length > 1;
  const temporal = chart.type === 'line';
  if (chart.type === 'pie' || chart.type === 'doughnut') {
    return {
      ...base,
      data: { values },
      mark: { type: 'arc', ...(chart.type === 'doughnut' ? { innerRadius: 60 } : {}) },
      encoding: {
        theta: { field: 'value', type: 'quantitative' },
        color: { field: 'label', type: 'nominal', sort: null, title: plan.dimension?.column },
      },
    };
  }
  return {
    ...base,
    data: { values },
    mark: { type: chart.type === 'line' ? 'line' : 'bar', ...(temporal ? { point: true } : {}) },
    encoding: {
      x: {
        field: 'label',
        type: temporal ? 'ordinal' : 'nominal',
        sort: null,
        title: plan.dimension?.column ?? (plan.kind === 'histogram' ? plan.measures[0]?.column : ''),
      },
      y: { field: 'value', type: 'quantitative', title: several ? '' : chart.data.datasets[0]?.label },
      ...(several ? { color: { field: 'series', type: 'nominal', title: plan.series?.column ?? '' } } : {}),
      ...(several && !temporal ? { xOffset: { field: 'series' } } : {}),
    },
  };
}
