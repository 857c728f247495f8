import { describe, expect, it } from 'vitest';
import type { ChartData } from '../../src/domain/chart-data.js';
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
