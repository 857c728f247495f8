import { AppError, isoTimestamp } from '@sightline/errors';
import type { GrpcServer } from '@sightline/grpc-kit';
import { identityV1 } from '@sightline/proto';
import { z } from 'zod';
import type { IdentityStore } from '../store/identity-store.js';
import type { ApiKeys } from '../use-cases/api-keys.js';
import type { KeyRing } from '../use-cases/key-ring.js';

/** The fully qualified name the health service reports for IdentityService. */
export const GRPC_SERVICE_NAME = 'sightline.identity.v1.IdentityService';

/** What a gateway replica reports: at most a batch of counts, each for a real month. */
const apiCallCounts = z
  .array(
    z.object({
      organizationId: z.string().min(1).max(64),
      month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM'),
      calls: z.number().int().positive().max(1_000_000_000),
    }),
  )
  .max(10_000);

/** Registers IdentityService: API-key validation, users, organizations and the JWKS. */
export function registerIdentityRpc(
  server: GrpcServer,
  deps: { store: IdentityStore; apiKeys: ApiKeys; keys: KeyRing },
): void {
  server.addService(GRPC_SERVICE_NAME, identityV1.IdentityServiceService, {
    validateApiKey: async (request) => {
      const owner = await deps.apiKeys.validate(request.apiKey);
      return {
        keyId: owner.keyId,
        principal: {
          userId: owner.user.id,
          organizationId: owner.organization.id,
          role: owner.user.role,
          platformAdmin: owner.user.platformAdmin,
        },
        plan: owner.organization.plan,
      };
    },
    getUser: async (request) => {
      const user = await deps.store.userById(request.userId);
      if (!user || user.organizationId !== request.organizationId)
        throw new AppError('not_found', `User ${request.userId} not found`);
      return {
        user: {
          id: user.id,
          organizationId: user.organizationId,
          email: user.email,
          username: user.username,
          role: user.role,
          status: user.status,
          createdAt: isoTimestamp(user.createdAt),
        },
      };
    },
    getOrganization: async (request) => {
      const organization = await deps.store.organizationById(request.organizationId);
      if (!organization) throw new AppError('not_found', `Organization ${request.organizationId} not found`);
      return {
        organization: {
          id: organization.id,
          name: organization.name,
          plan: organization.plan,
          status: organization.status,
          hourlyQuota: organization.plan === 'enterprise' ? (organization.settings.hourly_quota ?? 0) : 0,
          restrictsModels: Array.isArray(organization.settings.ai_model_access),
          aiModelAccess: organization.settings.ai_model_access ?? [],
        },
      };
    },
    recordApiCalls: async (request) => {
      const counts = apiCallCounts.safeParse(request.counts);
      if (!counts.success) {
        throw new AppError('validation', `Invalid API call counts: ${counts.error.issues[0]?.message ?? ''}`);
      }
      await deps.store.addApiCalls(counts.data);
      return {};
    },
    getSigningKeys: async () => ({
      keys: (await deps.keys.published()).map((jwk) => ({
        kid: String(jwk.kid),
        alg: 'RS256',
        jwkJson: JSON.stringify(jwk),
      })),
    }),
  });
}
