import { parseAiAnalyticsConfig } from '../../src/config.js';
import { GRPC_SERVICE_NAME } from '../../src/grpc/ai-analytics-rpc.js';
import { startAiAnalytics } from '../../src/service.js';
import { describeServiceBasics } from '@sightline/testing/service-basics';

describeServiceBasics({
  name: 'ai-analytics',
  grpcServiceName: GRPC_SERVICE_NAME,
  dependencies: ['mongo', 'kafka'],
  main: new URL('../../src/main.ts', import.meta.url),
  start: (env, logger) => startAiAnalytics(parseAiAnalyticsConfig(env), logger),
});
