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
import { isolate, testLogger } from '@sightline/testing';

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

/** The whole platform, in-process, on free ports, with its own databases and topics. */
export interface Platform {
  gatewayUrl: string;
  services: Record<string, Started>;
  stop(): Promise<void>;
}

/** Starts every service and a gateway pointed at them. */
export async function startPlatform(
  label: string,
  gatewayEnv: Record<string, string> = {},
): Promise<Platform> {
  const iso = isolate(label);
  const services: Record<string, Started> = {};
  for (const [name, start] of Object.entries(STARTERS)) {
    services[name] = await start(
      iso.serviceEnv({ MONGO_DATABASE: `${iso.database}_${name.replace('-', '_')}` }),
      testLogger(name),
    );
  }
  const env: Record<string, string> = {
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...gatewayEnv,
  };
  for (const [name, service] of Object.entries(services)) {
    const prefix = name.toUpperCase().replace(/-/g, '_');
    env[`${prefix}_HTTP_URL`] = `http://127.0.0.1:${service.httpPort}`;
    env[`${prefix}_GRPC_ADDR`] = `127.0.0.1:${service.grpcPort}`;
  }
  const gateway: RunningGateway = await startGateway(parseGatewayConfig(env), testLogger('gateway'));
  return {
    gatewayUrl: `http://127.0.0.1:${gateway.port}`,
    services,
    async stop() {
      await gateway.stop();
      await Promise.all(Object.values(services).map((s) => s.stop()));
      await iso.cleanup();
    },
  };
}
