import { parseExportConfig } from '../../src/config.js';
import { GRPC_SERVICE_NAME } from '../../src/grpc/export-rpc.js';
import { startExport } from '../../src/service.js';
import { describeServiceBasics } from '@sightline/testing/service-basics';

describeServiceBasics({
  name: 'export',
  grpcServiceName: GRPC_SERVICE_NAME,
  dependencies: [],
  main: new URL('../../src/main.ts', import.meta.url),
  start: (env, logger) => startExport(parseExportConfig(env), logger),
});
