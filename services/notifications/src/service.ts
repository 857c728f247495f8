import type { Logger } from '@sightline/logging';
import { type RunningService, startService } from '@sightline/service-runtime';
import type { NotificationsConfig } from './config.js';
import { registerNotificationsRpc } from './grpc/notifications-rpc.js';
import { registerNotificationsRoutes } from './http/routes.js';

/** Starts notifications: its database, Kafka, gRPC and HTTP. Tests call this in-process. */
export function startNotifications(config: NotificationsConfig, logger: Logger): Promise<RunningService> {
  return startService({
    name: 'notifications',
    config,
    logger,
    infrastructure: config,
    grpc: (server) => registerNotificationsRpc(server),
    http: (app) => registerNotificationsRoutes(app),
  });
}
