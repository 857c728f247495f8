import { AppError } from '@sightline/errors';
import type { Principal } from '@sightline/principal';
import { requireRole } from '@sightline/principal';
import type { Interpretation } from './interpretation.js';
import type { ChartData } from './chart-data.js';
import type { ChartPlan, ChartType } from './chart-plan.js';
import type { Insight } from './insights.js';

/** A chart as kept: the question, how it was read, what it showed and how it was computed. */
export interface Chart {
  id: string;
  organizationId: string;
  ownerId: string;
  query: string;
  title: string;
  dataSourceId: string;
  dataSourceName: string;
  /** `auto` or the type the request asked for. */
  requestedType: ChartType | 'auto';
  options: Record<string, unknown>;
  plan: ChartPlan;
  chartData: ChartData;
  insights: Insight[];
  interpretation: Interpretation;
  createdAt: Date;
  updatedAt: Date;
  /** When the data source was deleted: the chart keeps its saved result but cannot be re-run. */
  dataSourceDeletedAt?: Date;
}

/** Whether the chart's data is still there to re-run it (`deleted`: only the saved result is). */
export function dataSourceStatus(chart: Pick<Chart, 'dataSourceDeletedAt'>): 'available' | 'deleted' {
  return chart.dataSourceDeletedAt ? 'deleted' : 'available';
}

export const CHART_SORT_FIELDS = ['created_at', 'updated_at', 'query'] as const;
export type ChartSortField = (typeof CHART_SORT_FIELDS)[number];

/** Creating charts writes: users and admins. */
export function checkCanCreate(actor: Principal): void {
  requireRole(actor, 'user');
}

/** The owner or an admin changes or deletes a chart. */
export function checkCanWrite(actor: Principal, chart: Pick<Chart, 'ownerId'>): void {
  requireRole(actor, 'user');
  if (actor.pa || actor.role === 'admin' || actor.sub === chart.ownerId) return;
  throw new AppError('forbidden', 'Only the chart’s owner or an organization admin may change it');
}
