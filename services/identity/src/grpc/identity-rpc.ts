import { type GrpcServer, notYetImplemented } from '@sightline/grpc-kit';
import { identityV1 } from '@sightline/proto';

/** The fully qualified name the health service reports for IdentityService. */
export const GRPC_SERVICE_NAME = 'sightline.identity.v1.IdentityService';

/** Registers IdentityService. Its RPCs answer UNIMPLEMENTED until the feature that owns them lands. */
export function registerIdentityRpc(server: GrpcServer): void {
  server.addService(GRPC_SERVICE_NAME, identityV1.IdentityServiceService, {
    validateApiKey: notYetImplemented('IdentityService.ValidateApiKey'),
    getUser: notYetImplemented('IdentityService.GetUser'),
    getOrganization: notYetImplemented('IdentityService.GetOrganization'),
    getSigningKeys: notYetImplemented('IdentityService.GetSigningKeys'),
  });
}
