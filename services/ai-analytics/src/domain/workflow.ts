import { z } from 'zod';
import { AGGREGATES } from './chart-plan.js';
import {
  accuracy,
  autoArima,
  detectPeriod,
  exponentialSmoothing,
  type FittedModel,
  seasonalNaive,
} from './forecasting.js';
import { linearFit } from './statistics.js';

export const SERIES_GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type SeriesGrain = (typeof SERIES_GRAINS)[number];

const step = z.number().int().min(1).max(50);
const dependsOn = z.array(step).max(10).optional();

/** The step types of the platform reference, with their parameters. */
export const workflowStepSchema = z.discriminatedUnion('type', [
  z
    .object({
      step,
      type: z.literal('data_preparation'),
      depends_on: dependsOn,
      parameters: z
        .object({
          data_source: z.string().trim().min(1).max(200),
          time_range: z.string().trim().max(100).optional(),
          cleaning_rules: z
            .array(z.enum(['remove_outliers', 'fill_missing']))
            .max(2)
            .default([]),
          /** The measure to build the series of; inferred when absent (see the README). */
          measure: z.string().max(200).optional(),
          aggregation: z.enum(AGGREGATES).optional(),
          date_column: z.string().max(200).optional(),
          grain: z.enum(SERIES_GRAINS).default('month'),
          /** Rows to keep, by column value: `{"series": "Construction"}`, `{"symbol": ["AAPL", "IBM"]}`. */
          filters: z
            .record(
              z.string().min(1).max(200),
              z.union([
                z.union([z.string().max(500), z.number(), z.boolean()]),
                z
                  .array(z.union([z.string().max(500), z.number(), z.boolean()]))
                  .min(1)
                  .max(100),
              ]),
            )
            .refine((f) => Object.keys(f).length <= 10, 'at most 10 columns')
            .optional(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      step,
      type: z.literal('trend_analysis'),
      depends_on: dependsOn,
      parameters: z
        .object({
          method: z.enum(['moving_average', 'linear']).default('moving_average'),
          window_size: z.number().int().min(2).max(366).default(3),
        })
        .strict()
        .default({ method: 'moving_average', window_size: 3 }),
    })
    .strict(),
  z
    .object({
      step,
      type: z.literal('forecasting'),
      depends_on: dependsOn,
      parameters: z
        .object({
          model: z.enum(['arima', 'exponential_smoothing', 'auto']).default('auto'),
          forecast_periods: z.number().int().min(1).max(120).default(6),
          confidence_interval: z.number().min(0.5).max(0.99).default(0.95),
          seasonal_period: z.number().int().min(2).max(366).optional(),
        })
        .strict()
        .default({ model: 'auto', forecast_periods: 6, confidence_interval: 0.95 }),
    })
    .strict(),
]);
export type WorkflowStep = z.infer<typeof workflowStepSchema>;

/** A series of one measure over regular periods, as data preparation makes it. */
export interface Series {
  measure: string;
  aggregation: string;
  dateColumn: string;
  grain: SeriesGrain;
  labels: string[];
  values: number[];
}

/** Successive period labels of a grain, continuing from `last` ("2024-03" → "2024-04", …). */
export function nextLabels(last: string, grain: SeriesGrain, count: number): string[] {
  const labels: string[] = [];
  if (grain === 'year') {
    for (let i = 1; i <= count; i += 1) labels.push(String(Number(last) + i));
    return labels;
  }
  if (grain === 'quarter') {
    const [y, q] = last.split('-Q').map(Number) as [number, number];
    for (let i = 1; i <= count; i += 1) {
      const index = y * 4 + (q - 1) + i;
      labels.push(`${Math.floor(index / 4)}-Q${(index % 4) + 1}`);
    }
    return labels;
  }
  if (grain === 'month') {
    const [y, m] = last.split('-').map(Number) as [number, number];
    for (let i = 1; i <= count; i += 1) {
      const d = new Date(Date.UTC(y, m - 1 + i, 1));
      labels.push(d.toISOString().slice(0, 7));
    }
    return labels;
  }
  const step = grain === 'week' ? 7 : 1;
  const start = Date.parse(`${last}T00:00:00Z`);
  for (let i = 1; i <= count; i += 1)
    labels.push(new Date(start + i * step * 86_400_000).toISOString().slice(0, 10));
  return labels;
}

/** Inserts the periods missing between the first and last label, valued by linear interpolation. */
export function fillMissing(series: Series): { series: Series; filled: string[] } {
  if (series.labels.length < 2) return { series, filled: [] };
  const labels = [series.labels[0] as string];
  while ((labels[labels.length - 1] as string) < (series.labels[series.labels.length - 1] as string)) {
    labels.push(nextLabels(labels[labels.length - 1] as string, series.grain, 1)[0] as string);
  }
  const known = new Map(series.labels.map((l, i) => [l, series.values[i] as number]));
  const values = labels.map((l) => known.get(l) ?? Number.NaN);
  const filled: string[] = [];
  for (let i = 0; i < values.length; i += 1) {
    if (!Number.isNaN(values[i])) continue;
    let before = i - 1;
    while (before >= 0 && Number.isNaN(values[before])) before -= 1;
    let after = i + 1;
    while (after < values.length && Number.isNaN(values[after])) after += 1;
    const a = values[before] as number;
    const b = values[after] as number;
    values[i] = a + ((b - a) * (i - before)) / (after - before);
    filled.push(labels[i] as string);
  }
  return { series: { ...series, labels, values }, filled };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A line the outliers cannot drag: Theil–Sen (median of pairwise slopes), least squares beyond 2,000 points. */
function robustLine(values: number[]): { slope: number; intercept: number } {
  if (values.length > 2_000)
    return linearFit(
      values.map((_, i) => i),
      values,
    );
  const slopes: number[] = [];
  for (let i = 0; i < values.length; i += 1) {
    for (let j = i + 1; j < values.length; j += 1)
      slopes.push(((values[j] as number) - (values[i] as number)) / (j - i));
  }
  const slope = median(slopes);
  return { slope, intercept: median(values.map((v, i) => v - slope * i)) };
}

/**
 * Replaces outliers — points more than 3.5 robust standard deviations (median absolute
 * deviation) from the series' robust linear trend — with the average of their neighbours.
 */
export function removeOutliers(series: Series): { series: Series; replaced: string[] } {
  const { values } = series;
  if (values.length < 5) return { series, replaced: [] };
  const fit = robustLine(values);
  const residuals = values.map((v, i) => v - (fit.intercept + fit.slope * i));
  const center = median(residuals);
  const deviations = residuals.map((r) => Math.abs(r - center));
  // When most points sit exactly on the line the MAD is 0; the mean absolute deviation stands in.
  const mad = median(deviations);
  const scale = mad > 0 ? 1.4826 * mad : (1.2533 * deviations.reduce((s, d) => s + d, 0)) / deviations.length;
  if (scale === 0) return { series, replaced: [] };
  const out = [...values];
  const replaced: string[] = [];
  residuals.forEach((r, i) => {
    if (Math.abs(r - center) / scale > 3.5) {
      const neighbours = [values[i - 1], values[i + 1]].filter((v): v is number => v !== undefined);
      out[i] = neighbours.reduce((s, v) => s + v, 0) / neighbours.length;
      replaced.push(series.labels[i] as string);
    }
  });
  return { series: { ...series, values: out }, replaced };
}

/** A trailing moving average and the series' linear trend. */
export function analyzeTrend(series: Series, method: 'moving_average' | 'linear', window: number) {
  const { values, labels } = series;
  const fit = linearFit(
    values.map((_, i) => i),
    values,
  );
  const smoothed =
    method === 'moving_average'
      ? values.map((_, i) =>
          i + 1 < window ? null : values.slice(i + 1 - window, i + 1).reduce((s, v) => s + v, 0) / window,
        )
      : values.map((_, i) => fit.intercept + fit.slope * i);
  const direction = fit.r2 < 0.3 ? 'no clear trend' : fit.slope > 0 ? 'upward' : 'downward';
  return {
    method,
    ...(method === 'moving_average' ? { window_size: window } : {}),
    labels,
    smoothed,
    slope_per_period: Number(fit.slope.toPrecision(6)),
    r_squared: Number(fit.r2.toFixed(3)),
    direction,
  };
}

const CANDIDATE_PERIODS: Record<SeriesGrain, number[]> = {
  day: [7],
  week: [52],
  month: [12],
  quarter: [4],
  year: [],
};

/**
 * Forecasts a series with ARIMA (order chosen by AIC), exponential smoothing, or whichever of
 * the two does better on a holdout ("auto"). Reports the holdout errors of the chosen model and
 * of a seasonal naive forecast, and prediction intervals at the requested level.
 */
export function forecastSeries(
  series: Series,
  params: {
    model: 'arima' | 'exponential_smoothing' | 'auto';
    forecast_periods: number;
    confidence_interval: number;
    seasonal_period?: number | undefined;
  },
) {
  const y = series.values;
  if (y.length < 8) {
    throw new Error(`forecasting needs at least 8 periods; the series has ${y.length}`);
  }
  const period = params.seasonal_period ?? detectPeriod(y, CANDIDATE_PERIODS[series.grain]);
  const holdout = Math.max(1, Math.min(params.forecast_periods, Math.floor(y.length * 0.2)));
  const train = y.slice(0, -holdout);
  const actual = y.slice(-holdout);
  const makers: Record<string, (data: number[]) => FittedModel> = {
    arima: (data) => autoArima(data, period),
    exponential_smoothing: (data) => exponentialSmoothing(data, period),
  };
  const candidates = params.model === 'auto' ? ['arima', 'exponential_smoothing'] : [params.model];
  const backtests = candidates.map((name) => {
    const model = (makers[name] as (d: number[]) => FittedModel)(train);
    const predicted = model.forecast(holdout, params.confidence_interval);
    const covered = actual.filter(
      (v, i) => v >= (predicted.lower[i] as number) && v <= (predicted.upper[i] as number),
    ).length;
    return {
      name,
      model,
      metrics: { ...accuracy(actual, predicted.mean), interval_coverage: covered / holdout },
    };
  });
  const chosen = backtests.reduce((a, b) => (b.metrics.mae < a.metrics.mae ? b : a));
  const naive = seasonalNaive(train, period).forecast(holdout, params.confidence_interval);
  const final = (makers[chosen.name] as (d: number[]) => FittedModel)(y);
  const forecast = final.forecast(params.forecast_periods, params.confidence_interval);
  const round = (v: number) => Number(v.toPrecision(8));
  const metric = (m: { mae: number; rmse: number; mape: number | null }) => ({
    mae: round(m.mae),
    rmse: round(m.rmse),
    mape: m.mape === null ? null : Number(m.mape.toFixed(3)),
  });
  return {
    model: chosen.name,
    specification: final.description,
    seasonal_period: period > 1 ? period : null,
    confidence_interval: params.confidence_interval,
    labels: nextLabels(
      series.labels[series.labels.length - 1] as string,
      series.grain,
      params.forecast_periods,
    ),
    forecast: forecast.mean.map(round),
    lower: forecast.lower.map(round),
    upper: forecast.upper.map(round),
    backtest: {
      holdout_periods: holdout,
      model: {
        ...metric(chosen.metrics),
        interval_coverage: Number(chosen.metrics.interval_coverage.toFixed(3)),
      },
      seasonal_naive: metric(accuracy(actual, naive.mean)),
      compared: backtests.map((b) => ({ model: b.name, ...metric(b.metrics) })),
    },
  };
}
