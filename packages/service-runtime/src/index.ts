export {
  type CommonServiceConfig,
  commonServiceConfig,
  type InfrastructureConfig,
  infrastructureConfig,
} from './config.js';
export {
  type RunningService,
  type ServiceDefinition,
  type ServiceDependencies,
  startService,
} from './runtime.js';
