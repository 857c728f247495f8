import { loadConfig } from '@sightline/config';
import { onShutdownSignal } from '@sightline/http-kit';
import { createLogger } from '@sightline/logging';
import { configSchema } from './config.js';
import { startAiAnalytics } from './service.js';

const config = loadConfig(configSchema);
const logger = createLogger({ service: 'ai-analytics', level: config.LOG_LEVEL });
try {
  const service = await startAiAnalytics(config, logger);
  onShutdownSignal(logger, [() => service.stop()]);
} catch (error) {
  logger.fatal({ err: error }, 'ai-analytics could not start');
  process.exit(1);
}
