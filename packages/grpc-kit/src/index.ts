export {
  type CallOptions,
  createGrpcClient,
  type GrpcClient,
  type GrpcClientOptions,
  HealthChecker,
  type HealthState,
} from './client.js';
export {
  type CallContext,
  GrpcServer,
  type GrpcServerOptions,
  type MethodImplementation,
  notYetImplemented,
  REQUEST_ID_METADATA,
  type ServiceImplementation,
} from './server.js';
