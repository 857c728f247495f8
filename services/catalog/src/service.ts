import type { Logger } from '@sightline/logging';
import { type RunningService, type ServiceDependencies, startService } from '@sightline/service-runtime';
import type { CatalogConfig } from './config.js';
import { registerCatalogRpc } from './grpc/catalog-rpc.js';
import { registerProjectRoutes } from './http/project-routes.js';
import { ProjectStore } from './store/project-store.js';
import { Projects } from './use-cases/projects.js';

/** Starts catalog: its database, Kafka, gRPC and HTTP. Tests call this in-process. */
export function startCatalog(config: CatalogConfig, logger: Logger): Promise<RunningService> {
  return startService({
    name: 'catalog',
    config,
    infrastructure: config,
    logger,
    outboxCollections: ['projects'],
    setup: async (deps: ServiceDependencies) => {
      if (!deps.db) throw new Error('catalog needs its database');
      const store = new ProjectStore(deps.db.connection);
      await store.ensureIndexes();
      return { store, projects: new Projects(store, deps.nudgeOutbox) };
    },
    grpc: (server, parts) => registerCatalogRpc(server, parts),
    http: (app, parts) =>
      registerProjectRoutes(app, { projects: parts.projects, secret: config.INTERNAL_AUTH_SECRET }),
  });
}
