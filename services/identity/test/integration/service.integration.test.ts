import { parseIdentityConfig } from '../../src/config.js';
import { GRPC_SERVICE_NAME } from '../../src/grpc/identity-rpc.js';
import { startIdentity } from '../../src/service.js';
import { describeServiceBasics } from '@sightline/testing/service-basics';

describeServiceBasics({
  name: 'identity',
  grpcServiceName: GRPC_SERVICE_NAME,
  dependencies: ['mongo', 'kafka'],
  main: new URL('../../src/main.ts', import.meta.url),
  start: (env, logger) => startIdentity(parseIdentityConfig(env), logger),
});
