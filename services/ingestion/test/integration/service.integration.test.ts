import { parseIngestionConfig } from '../../src/config.js';
import { GRPC_SERVICE_NAME } from '../../src/grpc/ingestion-rpc.js';
import { startIngestion } from '../../src/service.js';
import { describeServiceBasics } from '@sightline/testing/service-basics';

describeServiceBasics({
  name: 'ingestion',
  grpcServiceName: GRPC_SERVICE_NAME,
  dependencies: ['mongo', 'kafka'],
  main: new URL('../../src/main.ts', import.meta.url),
  start: (env, logger) => startIngestion(parseIngestionConfig(env), logger),
});
