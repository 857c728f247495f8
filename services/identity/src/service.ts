import { createGrpcClient } from '@sightline/grpc-kit';
import type { Logger } from '@sightline/logging';
import { ingestionV1 } from '@sightline/proto';
import { type RunningService, type ServiceDependencies, startService } from '@sightline/service-runtime';
import type { IdentityConfig } from './config.js';
import { derivedKeyPassphrase } from './domain/access-tokens.js';
import { registerIdentityRpc } from './grpc/identity-rpc.js';
import { registerAuthRoutes } from './http/auth-routes.js';
import { registerOrganizationRoutes } from './http/organization-routes.js';
import { registerUserRoutes } from './http/user-routes.js';
import { IdentityStore } from './store/identity-store.js';
import { ApiKeys } from './use-cases/api-keys.js';
import { Authentication } from './use-cases/auth.js';
import { bootstrapAdmin } from './use-cases/bootstrap.js';
import { KeyRing } from './use-cases/key-ring.js';
import { Organizations } from './use-cases/organizations.js';
import { Users } from './use-cases/users.js';

/** Starts identity: its database, Kafka, gRPC and HTTP, and the first platform admin. */
export function startIdentity(config: IdentityConfig, logger: Logger): Promise<RunningService> {
  return startService({
    name: 'identity',
    config,
    infrastructure: config,
    logger,
    outboxCollections: ['users'],
    setup: async (deps: ServiceDependencies) => {
      if (!deps.db) throw new Error('identity needs its database');
      const store = new IdentityStore(deps.db.connection);
      await store.ensureIndexes();
      const keys = new KeyRing(store, {
        tokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
        keyLifetimeMs: config.SIGNING_KEY_LIFETIME_SECONDS * 1000,
        passphrase: config.SIGNING_KEY_PASSPHRASE ?? derivedKeyPassphrase(config.INTERNAL_AUTH_SECRET),
        onUnreadableKey: (kid) =>
          logger.warn(
            { kid },
            'signing key cannot be opened with this passphrase: a new key signs from now on',
          ),
      });
      await keys.current();
      await bootstrapAdmin(
        store,
        {
          email: config.SIGHTLINE_ADMIN_EMAIL,
          organizationName: config.SIGHTLINE_ADMIN_ORGANIZATION,
          ...(config.SIGHTLINE_ADMIN_PASSWORD ? { password: config.SIGHTLINE_ADMIN_PASSWORD } : {}),
        },
        logger,
      );
      // Usage pages wait at most a second for ingestion, and say "unknown" rather than wait longer.
      const ingestion = createGrpcClient(ingestionV1.IngestionServiceService, config.INGESTION_GRPC_ADDR, {
        deadlineMs: 1_000,
        attempts: 1,
      });
      const storageOf = async (organizationId: string) =>
        (await ingestion.getStorageUsage({ organizationId })).bytes;
      return {
        store,
        keys,
        ingestion,
        auth: new Authentication(store, keys, {
          accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
          refreshTtlMs: config.REFRESH_TOKEN_TTL_DAYS * 86_400_000,
        }),
        apiKeys: new ApiKeys(store),
        users: new Users(store, deps.nudgeOutbox, config.ACCESS_TOKEN_TTL_SECONDS),
        organizations: new Organizations(store, storageOf),
      };
    },
    grpc: (server, parts) => registerIdentityRpc(server, parts),
    http: (app, parts) => {
      const secret = config.INTERNAL_AUTH_SECRET;
      registerAuthRoutes(app, { auth: parts.auth, apiKeys: parts.apiKeys, users: parts.users, secret });
      registerUserRoutes(app, { users: parts.users, secret });
      registerOrganizationRoutes(app, { organizations: parts.organizations, secret });
    },
    background: async (parts) => ({
      async stop() {
        parts.ingestion.close();
      },
    }),
  });
}
