import { loadConfig } from '@sightline/config';
import { onShutdownSignal } from '@sightline/http-kit';
import { createLogger } from '@sightline/logging';
import { configSchema } from './config.js';
import { startIngestion } from './service.js';

const config = loadConfig(configSchema);
const logger = createLogger({ service: 'ingestion', level: config.LOG_LEVEL });
try {
  const service = await startIngestion(config, logger);
  onShutdownSignal(logger, [() => service.stop()]);
} catch (error) {
  logger.fatal({ err: error }, 'ingestion could not start');
  process.exit(1);
}
