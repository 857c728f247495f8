import { AppError, isoTimestamp } from '@sightline/errors';
import type { GrpcServer } from '@sightline/grpc-kit';
import { aiAnalyticsV1 } from '@sightline/proto';
import type { Chart } from '../domain/chart.js';
import type { ChartStore } from '../store/chart-store.js';

/** The fully qualified name the health service reports for AiAnalyticsService. */
export const GRPC_SERVICE_NAME = 'sightline.aianalytics.v1.AiAnalyticsService';

const MAX_BATCH = 100;

function toMessage(chart: Chart): aiAnalyticsV1.Chart {
  return {
    id: chart.id,
    organizationId: chart.organizationId,
    query: chart.query,
    chartType: chart.chartData.type,
    chartDataJson: JSON.stringify(chart.chartData),
    insights: chart.insights.map((i) => i.text),
    createdAt: isoTimestamp(chart.createdAt),
    updatedAt: isoTimestamp(chart.updatedAt),
  };
}

/** Registers AiAnalyticsService: charts for dashboards and exports, within one organization. */
export function registerAiAnalyticsRpc(server: GrpcServer, deps: { store: ChartStore }): void {
  server.addService(GRPC_SERVICE_NAME, aiAnalyticsV1.AiAnalyticsServiceService, {
    getChart: async (request) => {
      const chart = await deps.store.byId(request.organizationId, request.chartId);
      if (!chart)
        throw new AppError('not_found', `Chart ${request.chartId} not found`, { field: 'chart_id' });
      return { chart: toMessage(chart) };
    },
    batchGetCharts: async (request) => {
      if (request.chartIds.length > MAX_BATCH)
        throw new AppError('validation', `At most ${MAX_BATCH} charts per call`, { field: 'chart_ids' });
      const charts = await deps.store.byIds(request.organizationId, request.chartIds);
      return { charts: charts.map(toMessage) };
    },
  });
}
