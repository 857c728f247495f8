import { createServer, type AddressInfo } from 'node:net';
import { parseAiAnalyticsConfig } from '@sightline/ai-analytics/config';
import { startAiAnalytics } from '@sightline/ai-analytics/service';
import { parseCatalogConfig } from '@sightline/catalog/config';
import { startCatalog } from '@sightline/catalog/service';
import { parseExportConfig } from '@sightline/export/config';
import { startExport } from '@sightline/export/service';
import { parseGatewayConfig } from '@sightline/gateway/config';
import { type RunningGateway, startGateway } from '@sightline/gateway/service';
import { parseIdentityConfig } from '@sightline/identity/config';
import { startIdentity } from '@sightline/identity/service';
import { parseIngestionConfig } from '@sightline/ingestion/config';
import { startIngestion } from '@sightline/ingestion/service';
import { parseNotificationsConfig } from '@sightline/notifications/config';
import { startNotifications } from '@sightline/notifications/service';
import type { Logger } from '@sightline/logging';
import { integrationEnv, isolate, TEST_INTERNAL_AUTH_SECRET, testLogger } from '@sightline/testing';

/** A started service, as far as the platform harness cares. */
interface Started {
  httpPort: number;
  grpcPort: number;
  stop(): Promise<void>;
}

type Starter = (env: Record<string, string>, logger: Logger) => Promise<Started>;

const STARTERS: Record<string, Starter> = {
  identity: (env, logger) => startIdentity(parseIdentityConfig(env), logger),
  catalog: (env, logger) => startCatalog(parseCatalogConfig(env), logger),
  ingestion: (env, logger) => startIngestion(parseIngestionConfig(env), logger),
  'ai-analytics': (env, logger) => startAiAnalytics(parseAiAnalyticsConfig(env), logger),
  export: (env, logger) => startExport(parseExportConfig(env), logger),
  notifications: (env, logger) => startNotifications(parseNotificationsConfig(env), logger),
};

/** A port nothing listens on right now (the system's choice of a free one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The whole platform, in-process, on free ports, with its own databases and topics. */
export interface Platform {
  gatewayUrl: string;
  /** Signs the bootstrap platform admin in and returns an access token. */
  adminToken(): Promise<string>;
  /** Each service's event topic (with the test's prefix). */
  topics: Record<string, string>;
  services: Record<string, Started>;
  /** Each service's database name. */
  databases: Record<string, string>;
  /** Starts another gateway in front of the same services (its own limits, Redis, key prefix). */
  extraGateway(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

/** The bootstrap admin every test platform starts with (tests may override it). */
export const TEST_ADMIN = { email: 'admin@platform.test', password: 'platform admin password' };
const ADMIN_ENV = { SIGHTLINE_ADMIN_EMAIL: TEST_ADMIN.email, SIGHTLINE_ADMIN_PASSWORD: TEST_ADMIN.password };

/** Starts every service and a gateway pointed at them. */
export async function startPlatform(
  label: string,
  gatewayEnv: Record<string, string> = {},
  serviceEnv: Record<string, string> = {},
): Promise<Platform> {
  const iso = isolate(label);
  const services: Record<string, Started> = {};
  // Every service's gRPC port is chosen first, so each knows all the others whatever the start
  // order (ingestion asks catalog, identity asks ingestion).
  const grpcPorts: Record<string, number> = {};
  const peers: Record<string, string> = {};
  for (const name of Object.keys(STARTERS)) {
    grpcPorts[name] = await freePort();
    peers[`${name.toUpperCase().replace(/-/g, '_')}_GRPC_ADDR`] = `127.0.0.1:${grpcPorts[name]}`;
  }
  for (const [name, start] of Object.entries(STARTERS)) {
    const started = await start(
      iso.serviceEnv({
        MONGO_DATABASE: `${iso.database}_${name.replace('-', '_')}`,
        GRPC_PORT: String(grpcPorts[name]),
        ...ADMIN_ENV,
        ...peers,
        ...serviceEnv,
      }),
      testLogger(name),
    );
    services[name] = started;
  }
  const env: Record<string, string> = {
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    INTERNAL_AUTH_SECRET: TEST_INTERNAL_AUTH_SECRET,
    REDIS_URL: integrationEnv().REDIS_URL,
    REDIS_KEY_PREFIX: `${iso.topicPrefix}sl:`,
    ...gatewayEnv,
  };
  for (const [name, service] of Object.entries(services)) {
    const prefix = name.toUpperCase().replace(/-/g, '_');
    env[`${prefix}_HTTP_URL`] = `http://127.0.0.1:${service.httpPort}`;
    env[`${prefix}_GRPC_ADDR`] = `127.0.0.1:${service.grpcPort}`;
  }
  const gateway: RunningGateway = await startGateway(parseGatewayConfig(env), testLogger('gateway'));
  const extras: RunningGateway[] = [];
  return {
    gatewayUrl: `http://127.0.0.1:${gateway.port}`,
    async adminToken() {
      const res = await fetch(`http://127.0.0.1:${gateway.port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: serviceEnv.SIGHTLINE_ADMIN_EMAIL ?? TEST_ADMIN.email,
          password: serviceEnv.SIGHTLINE_ADMIN_PASSWORD ?? TEST_ADMIN.password,
        }),
      });
      const body = (await res.json()) as { data?: { access_token?: string } };
      if (!body.data?.access_token) throw new Error(`admin login failed with ${res.status}`);
      return body.data.access_token;
    },
    topics: Object.fromEntries(
      Object.keys(STARTERS).map((name) => [name, `${iso.topicPrefix}sightline.${name}.events`]),
    ),
    services,
    databases: Object.fromEntries(
      Object.keys(STARTERS).map((name) => [name, `${iso.database}_${name.replace('-', '_')}`]),
    ),
    async extraGateway(overrides) {
      const extra = await startGateway(parseGatewayConfig({ ...env, ...overrides }), testLogger('gateway'));
      extras.push(extra);
      return { url: `http://127.0.0.1:${extra.port}`, stop: () => extra.stop() };
    },
    async stop() {
      await Promise.all(extras.map((g) => g.stop().catch(() => undefined)));
      await gateway.stop();
      await Promise.all(Object.values(services).map((s) => s.stop()));
      await iso.cleanup();
    },
  };
}
