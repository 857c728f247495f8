import type { Logger } from '@sightline/logging';
import { type RunningService, startService } from '@sightline/service-runtime';
import type { ExportConfig } from './config.js';
import { registerExportRpc } from './grpc/export-rpc.js';
import { registerExportRoutes } from './http/routes.js';

/** Starts export: gRPC and HTTP. Tests call this in-process. */
export function startExport(config: ExportConfig, logger: Logger): Promise<RunningService> {
  return startService({
    name: 'export',
    config,
    logger,
    grpc: (server) => registerExportRpc(server),
    http: (app) => registerExportRoutes(app),
  });
}
