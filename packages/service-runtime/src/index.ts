export { type CommonServiceConfig, commonServiceConfig } from './config.js';
export { type RunningService, type ServiceDefinition, type ServiceDependencies, startService } from './runtime.js';
