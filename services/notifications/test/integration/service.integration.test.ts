import { parseNotificationsConfig } from '../../src/config.js';
import { GRPC_SERVICE_NAME } from '../../src/grpc/notifications-rpc.js';
import { startNotifications } from '../../src/service.js';
import { describeServiceBasics } from '@sightline/testing/service-basics';

describeServiceBasics({
  name: 'notifications',
  grpcServiceName: GRPC_SERVICE_NAME,
  dependencies: ['mongo', 'kafka'],
  main: new URL('../../src/main.ts', import.meta.url),
  start: (env, logger) => startNotifications(parseNotificationsConfig(env), logger),
});
