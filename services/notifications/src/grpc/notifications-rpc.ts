import { type GrpcServer, notYetImplemented } from '@sightline/grpc-kit';
import { notificationsV1 } from '@sightline/proto';

/** The fully qualified name the health service reports for NotificationsService. */
export const GRPC_SERVICE_NAME = 'sightline.notifications.v1.NotificationsService';

/** Registers NotificationsService. Its RPCs answer UNIMPLEMENTED until the feature that owns them lands. */
export function registerNotificationsRpc(server: GrpcServer): void {
  server.addService(GRPC_SERVICE_NAME, notificationsV1.NotificationsServiceService, {
    getWebhook: notYetImplemented('NotificationsService.GetWebhook'),
  });
}
