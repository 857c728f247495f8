import { type GrpcServer, notYetImplemented } from '@sightline/grpc-kit';
import { catalogV1 } from '@sightline/proto';

/** The fully qualified name the health service reports for CatalogService. */
export const GRPC_SERVICE_NAME = 'sightline.catalog.v1.CatalogService';

/** Registers CatalogService. Its RPCs answer UNIMPLEMENTED until the feature that owns them lands. */
export function registerCatalogRpc(server: GrpcServer): void {
  server.addService(GRPC_SERVICE_NAME, catalogV1.CatalogServiceService, {
    getProject: notYetImplemented('CatalogService.GetProject'),
    getDashboard: notYetImplemented('CatalogService.GetDashboard'),
  });
}
