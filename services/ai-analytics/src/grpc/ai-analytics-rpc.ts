import { type GrpcServer, notYetImplemented } from '@sightline/grpc-kit';
import { aiAnalyticsV1 } from '@sightline/proto';

/** The fully qualified name the health service reports for AiAnalyticsService. */
export const GRPC_SERVICE_NAME = 'sightline.aianalytics.v1.AiAnalyticsService';

/** Registers AiAnalyticsService. Its RPCs answer UNIMPLEMENTED until the feature that owns them lands. */
export function registerAiAnalyticsRpc(server: GrpcServer): void {
  server.addService(GRPC_SERVICE_NAME, aiAnalyticsV1.AiAnalyticsServiceService, {
    getChart: notYetImplemented('AiAnalyticsService.GetChart'),
    batchGetCharts: notYetImplemented('AiAnalyticsService.BatchGetCharts'),
  });
}
