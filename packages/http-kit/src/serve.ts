import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@sightline/logging';

/** A listening HTTP server that drains in-flight requests when closed. */
export interface HttpServerHandle {
  server: Server;
  port: number;
  close(graceMs?: number): Promise<void>;
}

/** Starts listening (port 0 picks a free one); takes an express app or any request listener. */
export function serveHttp(app: RequestListener, port: number, host = '127.0.0.1'): Promise<HttpServerHandle> {
  return new Promise((resolve, reject) => {
    const server = createServer(app).listen(port, host);
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.once('error', reject);
    server.once('listening', () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({
        server,
        port: bound,
        close: (graceMs = 10_000) =>
          new Promise<void>((done) => {
            // Stop accepting, let requests in flight finish, then cut whatever is still open.
            // Keep-alive sockets are closed as soon as their response is out.
            const sweep = setInterval(() => server.closeIdleConnections(), 50);
            const timer = setTimeout(() => server.closeAllConnections(), graceMs);
            timer.unref();
            server.close(() => {
              clearInterval(sweep);
              clearTimeout(timer);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}

/**
 * Runs the shutdown steps in order on SIGTERM or SIGINT, then exits. A second signal exits at
 * once. Steps should drain: stop taking work, finish what is in flight, close connections.
 */
export function onShutdownSignal(logger: Logger, steps: Array<() => Promise<void>>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    (async () => {
      for (const step of steps) {
        await step().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
      }
      logger.info('stopped');
      process.exit(0);
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
