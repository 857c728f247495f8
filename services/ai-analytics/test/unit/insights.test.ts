import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChartData } from '../../src/domain/chart-data.js';
import { analyzeDrivers } from '../../src/domain/driver-analysis.js';
import type { ChartPlan } from '../../src/domain/chart-plan.js';
import { computeInsights, formatNumber } from '../../src/domain/insights.js';

const timePlan: ChartPlan = {
  kind: 'aggregate',
  measures: [{ column: 'revenue', aggregate: 'sum' }],
  dimension: { column: 'day', grain: 'year' },
  filters: [],
  chartType: 'line',
  chartTypeRule: 'time on the x axis → line',
};

describe('computeInsights', () => {
  it('derives trend, growth and the largest change from the series', () => {
    const chart: ChartData = {
      type: 'line',
      data: {
        labels: ['2020', '2021', '2022', '2023'],
        datasets: [{ label: 'Total revenue', data: [100, 120, 150, 210] }],
      },
    };
    const insights = computeInsights(timePlan, chart);
    const growth = insights.find((i) => i.type === 'growth');
    expect(growth?.values).toMatchObject({ growth_percent: 110, first: 100, last: 210 });
    expect(growth?.text).toBe('From 2020 to 2023, Total revenue grew by 110% (100 → 210)');
    expect(insights.find((i) => i.type === 'largest_change')?.values).toEqual({
      label: '2023',
      change_percent: 40,
    });
    const trend = insights.find((i) => i.type === 'trend');
    expect(trend?.text).toContain('upward');
    expect(trend?.values.slope).toBe(36);
  });

  it('every number in a sentence is one of its values', () => {
    const chart: ChartData = {
      type: 'bar',
      data: {
        labels: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'],
        datasets: [{ label: 'Count', data: [1200.456, 3, 4, 5, 6, 5, 4, 3, 2] }],
      },
    };
    const plan: ChartPlan = {
      ...timePlan,
      measures: [{ column: null, aggregate: 'count' }],
      dimension: { column: 'x' },
      chartType: 'bar',
    };
    for (const insight of computeInsights(plan, chart)) {
      const numbers = (insight.text.match(/-?\d[\d,]*(\.\d+)?/g) ?? []).map((n) =>
        Number(n.replaceAll(',', '')),
      );
      const allowed = Object.values(insight.values).filter((v) => typeof v === 'number');
      for (const n of numbers) expect(allowed, insight.text).toContain(n);
    }
    expect(formatNumber(1200.456)).toBe('1,200.46');
  });
});

describe('insights that hold up', () => {
  it('flags a period with fewer days of data and never ranks it as the largest change', () => {
    const chart: ChartData = {
      type: 'line',
      data: {
        labels: ['2009', '2010', '2011', '2012'],
        datasets: [{ label: 'Total revenue', data: [1200, 1250, 1300, 90] }],
      },
    };
    // 2012 has two months of data: its drop is the calendar, not the business.
    const insights = computeInsights(timePlan, chart, [365, 365, 365, 59]);
    expect(insights[0]).toMatchObject({ type: 'partial_period', values: { periods: '2012', days: '59' } });
    expect(insights.find((i) => i.type === 'largest_change')?.values.label).not.toBe('2012');
    expect(insights.find((i) => i.type === 'growth')?.values).toMatchObject({ from: '2009', to: '2011' });
  });

  it('writes every direction word as the numbers beside it say, for any series', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
          {
            minLength: 3,
            maxLength: 30,
          },
        ),
        fc.boolean(),
        (values, line) => {
          const labels = values.map((_, i) => String(2000 + i));
          const chart: ChartData = {
            type: line ? 'line' : 'bar',
            data: { labels, datasets: [{ label: 'Total value', data: values }] },
          };
          const plan: ChartPlan = line
            ? timePlan
            : { ...timePlan, dimension: { column: 'x' }, chartType: 'bar' };
          for (const insight of computeInsights(plan, chart)) {
            const v = insight.values;
            if (insight.type === 'growth') {
              expect(insight.text.includes(' grew by '), insight.text).toBe(
                (v.last as number) > (v.first as number),
              );
              expect(insight.text.includes(' fell by '), insight.text).toBe(
                (v.last as number) < (v.first as number),
              );
            }
            if (insight.type === 'largest_change') {
              expect(insight.text.includes(': +'), insight.text).toBe((v.change_percent as number) >= 0);
            }
            if (insight.type === 'trend' && !insight.text.includes('no clear')) {
              expect(insight.text.includes('upward'), insight.text).toBe((v.slope as number) > 0);
            }
            if (insight.type === 'peak' || insight.type === 'low') {
              const present = values.map((x, i) => ({ x, label: labels[i] }));
              const pick = insight.type === 'peak' ? Math.max(...values) : Math.min(...values);
              expect(present.find((p) => p.label === v.label)?.x, insight.text).toBe(pick);
              expect(insight.text).toContain(insight.type === 'peak' ? 'highest' : 'lowest');
            }
          }
        },
      ),
      { numRuns: 2_000, seed: 7 },
    );
  });
});

describe('driver analysis', () => {
  it('names the higher group first, whatever the group names are', () => {
    const report = analyzeDrivers('rate', [
      {
        kind: 'categorical',
        factor: 'year',
        groups: [
          { value: '2000', n: 40, mean: 4.18, withinSS: 10 },
          { value: '2010', n: 40, mean: 11.29, withinSS: 12 },
        ],
      },
    ]);
    const insight = report.insights.find((i) => i.factor === 'year');
    expect(insight?.text).toContain('averages 11.29 for 2010 and 4.18 for 2000');
    expect(report.recommendations[0]?.text).toContain('higher for 2010 than for 2000');
  });

  it('reports a column the target is computed from as a component, not a driver', () => {
    const report = analyzeDrivers('total cost', [
      {
        kind: 'numeric',
        factor: 'repair cost',
        n: 500,
        pearson: 0.99,
        spearman: 0.98,
        component: { relation: 'sum', with: 'other cost', share: 1 },
      },
      { kind: 'numeric', factor: 'speed', n: 500, pearson: 0.6, spearman: 0.55 },
    ]);
    expect(report.primary.map((d) => d.factor)).toEqual(['speed']);
    expect(report.components).toEqual([
      { factor: 'repair cost', relation: 'sum', with: 'other cost', share: 1 },
    ]);
    expect(report.insights[0]?.text).toBe(
      'repair cost is part of total cost, not a driver of it: it adds up to total cost with other cost on 100% of rows',
    );
  });
});
