import { type GrpcServer, notYetImplemented } from '@sightline/grpc-kit';
import { ingestionV1 } from '@sightline/proto';

/** The fully qualified name the health service reports for IngestionService. */
export const GRPC_SERVICE_NAME = 'sightline.ingestion.v1.IngestionService';

/** Registers IngestionService. Its RPCs answer UNIMPLEMENTED until the feature that owns them lands. */
export function registerIngestionRpc(server: GrpcServer): void {
  server.addService(GRPC_SERVICE_NAME, ingestionV1.IngestionServiceService, {
    getDataSource: notYetImplemented('IngestionService.GetDataSource'),
    readDataset: notYetImplemented('IngestionService.ReadDataset'),
  });
}
