import { z } from 'zod';

export const AGGREGATES = ['sum', 'avg', 'median', 'count', 'count_distinct', 'min', 'max'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export const TIME_GRAINS = [
  'year',
  'quarter',
  'month',
  'month_of_year',
  'week',
  'weekday',
  'day',
  'hour',
] as const;
export type TimeGrain = (typeof TIME_GRAINS)[number];

export const CHART_TYPES = ['bar', 'line', 'pie', 'doughnut', 'scatter'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

const value = z.union([z.string(), z.number(), z.boolean()]);

/** One filter, with the rule that resolved it (for the receipt). */
export const filterSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('in'), column: z.string(), values: z.array(value).min(1), rule: z.string() }),
  z.object({ op: z.literal('not_in'), column: z.string(), values: z.array(value).min(1), rule: z.string() }),
  z.object({
    op: z.enum(['gt', 'gte', 'lt', 'lte', 'eq', 'ne']),
    column: z.string(),
    value: z.number(),
    rule: z.string(),
  }),
  z.object({
    op: z.literal('months'),
    column: z.string(),
    /** Calendar months, 1–12, in any year ("in July"). */
    months: z.array(z.number().int().min(1).max(12)).min(1).max(12),
    rule: z.string(),
  }),
  z.object({
    op: z.literal('date_range'),
    column: z.string(),
    /** Inclusive start and exclusive end, ISO 8601; either may be open. */
    from: z.string().optional(),
    to: z.string().optional(),
    rule: z.string(),
  }),
]);
export type Filter = z.infer<typeof filterSchema>;

export const measureSchema = z.object({
  /** null counts rows. */
  column: z.string().nullable(),
  aggregate: z.enum(AGGREGATES),
});
export type Measure = z.infer<typeof measureSchema>;

/**
 * What a question asks, in terms the engine can run and explain: a typed plan, never SQL. A
 * remote model may propose one; it is validated against this schema like any other input.
 */
export const chartPlanSchema = z.object({
  kind: z.enum(['aggregate', 'scatter', 'histogram']),
  measures: z.array(measureSchema).min(1).max(6),
  dimension: z.object({ column: z.string(), grain: z.enum(TIME_GRAINS).optional() }).optional(),
  series: z.object({ column: z.string(), grain: z.enum(TIME_GRAINS).optional() }).optional(),
  filters: z.array(filterSchema).max(20),
  sort: z.object({ by: z.enum(['measure', 'label']), direction: z.enum(['asc', 'desc']) }).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  bins: z.number().int().min(2).max(100).optional(),
  chartType: z.enum(CHART_TYPES),
  /** Why the chart type was chosen (explicit request, or the rule applied). */
  chartTypeRule: z.string(),
});
export type ChartPlan = z.infer<typeof chartPlanSchema>;
