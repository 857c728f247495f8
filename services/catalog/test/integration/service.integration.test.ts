import { parseCatalogConfig } from '../../src/config.js';
import { GRPC_SERVICE_NAME } from '../../src/grpc/catalog-rpc.js';
import { startCatalog } from '../../src/service.js';
import { describeServiceBasics } from '@sightline/testing/service-basics';

describeServiceBasics({
  name: 'catalog',
  grpcServiceName: GRPC_SERVICE_NAME,
  dependencies: ['mongo', 'kafka'],
  main: new URL('../../src/main.ts', import.meta.url),
  start: (env, logger) => startCatalog(parseCatalogConfig(env), logger),
});
