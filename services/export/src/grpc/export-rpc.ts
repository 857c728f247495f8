import { type GrpcServer, notYetImplemented } from '@sightline/grpc-kit';
import { exportV1 } from '@sightline/proto';

/** The fully qualified name the health service reports for ExportService. */
export const GRPC_SERVICE_NAME = 'sightline.export.v1.ExportService';

/** Registers ExportService. Its RPCs answer UNIMPLEMENTED until the feature that owns them lands. */
export function registerExportRpc(server: GrpcServer): void {
  server.addService(GRPC_SERVICE_NAME, exportV1.ExportServiceService, {
    renderChart: notYetImplemented('ExportService.RenderChart'),
  });
}
