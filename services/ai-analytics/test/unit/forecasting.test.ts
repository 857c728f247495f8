import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  autoArima,
  detectPeriod,
  exponentialSmoothing,
  seasonalNaive,
} from '../../src/domain/forecasting.js';
import {
  fillMissing,
  forecastSeries,
  nextLabels,
  removeOutliers,
  type Series,
} from '../../src/domain/workflow.js';

// Monthly CO2 at Mauna Loa, 1958–2020 (vega-datasets): a public series with trend and seasonality.
const require = createRequire(import.meta.url);
const file = join(dirname(require.resolve('vega-datasets')), '..', 'data', 'co2-concentration.csv');
const co2 = readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => Number(line.split(',')[1]));

describe('forecasting on a public seasonal series', () => {
  it('finds the yearly season', () => {
    expect(detectPeriod(co2, [4, 12, 52])).toBe(12);
  });

  it('ARIMA and exponential smoothing beat the seasonal naive forecast on a 24-month holdout', () => {
    const train = co2.slice(0, -24);
    const test = co2.slice(-24);
    const naive = accuracy(test, seasonalNaive(train, 12).forecast(24, 0.95).mean).mae;
    const arima = accuracy(test, autoArima(train, 12).forecast(24, 0.95).mean).mae;
    const ets = accuracy(test, exponentialSmoothing(train, 12).forecast(24, 0.95).mean).mae;
    expect(arima).toBeLessThan(naive);
    expect(ets).toBeLessThan(naive);
  });

  it('prediction intervals cover roughly their nominal share over rolling origins', () => {
    const coverage = (level: number) => {
      let hits = 0;
      let total = 0;
      for (let origin = co2.length - 120; origin <= co2.length - 12; origin += 12) {
        const train = co2.slice(0, origin);
        const test = co2.slice(origin, origin + 12);
        for (const model of [autoArima(train, 12), exponentialSmoothing(train, 12)]) {
          const f = model.forecast(12, level);
          test.forEach((v, i) => {
            total += 1;
            if (v >= (f.lower[i] as number) && v <= (f.upper[i] as number)) hits += 1;
          });
        }
      }
      return hits / total;
    };
    const eighty = coverage(0.8);
    expect(eighty).toBeGreaterThan(0.7);
    expect(eighty).toBeLessThan(0.95);
    expect(coverage(0.95)).toBeGreaterThan(0.85);
    // Forty model fits per level: seconds of work on a busy two-core machine, not a timing claim.
  }, 60_000);
});

describe('series preparation', () => {
  const series = (labels: string[], values: number[]): Series => ({
    measure: 'm',
    aggregation: 'sum',
    dateColumn: 'd',
    grain: 'month',
    labels,
    values,
  });

  it('continues period labels across years and quarters', () => {
    expect(nextLabels('2023-11', 'month', 3)).toEqual(['2023-12', '2024-01', '2024-02']);
    expect(nextLabels('2023-Q4', 'quarter', 2)).toEqual(['2024-Q1', '2024-Q2']);
    expect(nextLabels('2024-02-27', 'day', 3)).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
  });

  it('fills missing periods by interpolation and replaces outliers with their neighbours', () => {
    const filled = fillMissing(series(['2024-01', '2024-02', '2024-05'], [10, 20, 50]));
    expect(filled.series.labels).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05']);
    expect(filled.series.values).toEqual([10, 20, 30, 40, 50]);
    expect(filled.filled).toEqual(['2024-03', '2024-04']);
    const cleaned = removeOutliers(
      series(['a', 'b', 'c', 'd', 'e', 'f', 'g'], [10, 11, 12, 500, 14, 15, 16]),
    );
    expect(cleaned.replaced).toEqual(['d']);
    expect(cleaned.series.values[3]).toBe(13);
  });

  it('reports the chosen model, its backtest and the seasonal naive one', () => {
    const labels = nextLabels('1999-12', 'month', 120);
    const result = forecastSeries(series(labels, co2.slice(-120)), {
      model: 'auto',
      forecast_periods: 6,
      confidence_interval: 0.9,
    });
    expect(result.labels).toEqual(nextLabels(labels[119] as string, 'month', 6));
    expect(result.seasonal_period).toBe(12);
    expect(result.backtest.model.mae).toBeLessThan(result.backtest.seasonal_naive.mae);
    result.forecast.forEach((v, i) => {
      expect(result.lower[i]).toBeLessThan(v);
      expect(result.upper[i]).toBeGreaterThan(v);
    });
  });
});
