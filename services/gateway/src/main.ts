import { ConfigError } from '@sightline/config';
import { onShutdownSignal } from '@sightline/http-kit';
import { createLogger } from '@sightline/logging';
import { type GatewayConfig, parseGatewayConfig } from './config.js';
import { startGateway } from './service.js';

let config: GatewayConfig;
try {
  config = parseGatewayConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(78);
}
const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
try {
  const gateway = await startGateway(config, logger);
  onShutdownSignal(logger, [() => gateway.stop()]);
} catch (error) {
  logger.fatal({ err: error }, 'gateway could not start');
  process.exit(1);
}
