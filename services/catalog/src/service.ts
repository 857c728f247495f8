import type { Logger } from '@sightline/logging';
import { type RunningService, type ServiceDependencies, startService } from '@sightline/service-runtime';
import type { CatalogConfig } from './config.js';
import { registerCatalogRpc } from './grpc/catalog-rpc.js';
import { registerProjectRoutes } from './http/project-routes.js';
import { ProjectStore } from './store/project-store.js';
import { Projects } from './use-cases/projects.js';

/** Starts catalog: its database, Kafka, gRPC and HTTP. Tests call this in-process. */
export function startCatalog(config: CatalogConfig, logger: Logger): Promise<RunningService> {
  let parts: { store: ProjectStore; projects: Projects } | undefined;
  const build = (deps: ServiceDependencies) => {
    if (!deps.db) throw new Error('catalog needs its database');
    const store = new ProjectStore(deps.db.connection);
    parts ??= { store, projects: new Projects(store, deps.nudgeOutbox) };
    return parts;
  };
  return startService({
    name: 'catalog',
    config,
    infrastructure: config,
    logger,
    outboxCollections: ['projects'],
    grpc: (server, deps) => registerCatalogRpc(server, build(deps)),
    http: (app, deps) =>
      registerProjectRoutes(app, { projects: build(deps).projects, secret: config.INTERNAL_AUTH_SECRET }),
    background: async (deps) => {
      await build(deps).store.ensureIndexes();
      return { stop: async () => undefined };
    },
  });
}
