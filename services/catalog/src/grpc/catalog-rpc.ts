import { AppError, isoTimestamp } from '@sightline/errors';
import { type GrpcServer, notYetImplemented } from '@sightline/grpc-kit';
import { catalogV1 } from '@sightline/proto';
import type { ProjectStore } from '../store/project-store.js';

/** The fully qualified name the health service reports for CatalogService. */
export const GRPC_SERVICE_NAME = 'sightline.catalog.v1.CatalogService';

/** Registers CatalogService: GetProject lets ingestion check a `project_id` within an organization. */
export function registerCatalogRpc(server: GrpcServer, deps: { store: ProjectStore }): void {
  server.addService(GRPC_SERVICE_NAME, catalogV1.CatalogServiceService, {
    getProject: async (request) => {
      const project = await deps.store.byId(request.organizationId, request.projectId);
      if (!project)
        throw new AppError('not_found', `Project ${request.projectId} not found`, { field: 'project_id' });
      return {
        project: {
          id: project.id,
          organizationId: project.organizationId,
          name: project.name,
          description: project.description,
          createdAt: isoTimestamp(project.createdAt),
          updatedAt: isoTimestamp(project.updatedAt),
        },
      };
    },
    getDashboard: notYetImplemented('CatalogService.GetDashboard'),
  });
}
