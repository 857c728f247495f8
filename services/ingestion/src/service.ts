import type { Logger } from '@sightline/logging';
import { type RunningService, startService } from '@sightline/service-runtime';
import type { IngestionConfig } from './config.js';
import { registerIngestionRpc } from './grpc/ingestion-rpc.js';
import { registerIngestionRoutes } from './http/routes.js';

/** Starts ingestion: its database, Kafka, gRPC and HTTP. Tests call this in-process. */
export function startIngestion(config: IngestionConfig, logger: Logger): Promise<RunningService> {
  return startService({
    name: 'ingestion',
    config,
    logger,
    infrastructure: config,
    grpc: (server) => registerIngestionRpc(server),
    http: (app) => registerIngestionRoutes(app),
  });
}
