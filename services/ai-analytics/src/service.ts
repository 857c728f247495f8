import type { Logger } from '@sightline/logging';
import { type RunningService, startService } from '@sightline/service-runtime';
import type { AiAnalyticsConfig } from './config.js';
import { registerAiAnalyticsRpc } from './grpc/ai-analytics-rpc.js';
import { registerAiAnalyticsRoutes } from './http/routes.js';

/** Starts ai-analytics: its database, Kafka, gRPC and HTTP. Tests call this in-process. */
export function startAiAnalytics(config: AiAnalyticsConfig, logger: Logger): Promise<RunningService> {
  return startService({
    name: 'ai-analytics',
    config,
    logger,
    infrastructure: config,
    grpc: (server) => registerAiAnalyticsRpc(server),
    http: (app) => registerAiAnalyticsRoutes(app),
  });
}
