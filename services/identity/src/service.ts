import type { Logger } from '@sightline/logging';
import { type RunningService, startService } from '@sightline/service-runtime';
import type { IdentityConfig } from './config.js';
import { registerIdentityRpc } from './grpc/identity-rpc.js';
import { registerIdentityRoutes } from './http/routes.js';

/** Starts identity: its database, Kafka, gRPC and HTTP. Tests call this in-process. */
export function startIdentity(config: IdentityConfig, logger: Logger): Promise<RunningService> {
  return startService({
    name: 'identity',
    config,
    logger,
    infrastructure: config,
    grpc: (server) => registerIdentityRpc(server),
    http: (app) => registerIdentityRoutes(app),
  });
}
