import type { Logger } from '@sightline/logging';
import { type RunningService, startService } from '@sightline/service-runtime';
import type { CatalogConfig } from './config.js';
import { registerCatalogRpc } from './grpc/catalog-rpc.js';
import { registerCatalogRoutes } from './http/routes.js';

/** Starts catalog: its database, Kafka, gRPC and HTTP. Tests call this in-process. */
export function startCatalog(config: CatalogConfig, logger: Logger): Promise<RunningService> {
  return startService({
    name: 'catalog',
    config,
    logger,
    infrastructure: config,
    grpc: (server) => registerCatalogRpc(server),
    http: (app) => registerCatalogRoutes(app),
  });
}
