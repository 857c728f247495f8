import { loadConfig } from '@sightline/config';
import { onShutdownSignal } from '@sightline/http-kit';
import { createLogger } from '@sightline/logging';
import { configSchema } from './config.js';
import { startExport } from './service.js';

const config = loadConfig(configSchema);
const logger = createLogger({ service: 'export', level: config.LOG_LEVEL });
try {
  const service = await startExport(config, logger);
  onShutdownSignal(logger, [() => service.stop()]);
} catch (error) {
  logger.fatal({ err: error }, 'export could not start');
  process.exit(1);
}
