import * as grpc from '@grpc/grpc-js';
import { AppError, toGrpcError } from '@sightline/errors';
import { type Logger, withRequestContext } from '@sightline/logging';
import { HealthImplementation } from 'grpc-health-check';

/** Metadata key that carries the request id across services. */
export const REQUEST_ID_METADATA = 'x-request-id';

/** What a handler knows about the call besides the request. */
export interface CallContext {
  requestId: string;
  metadata: grpc.Metadata;
  /** True once the client cancelled or the deadline passed; long handlers should stop. */
  cancelled(): boolean;
}

interface MethodShape {
  requestStream: boolean;
  responseStream: boolean;
  requestDeserialize: (buffer: Buffer) => unknown;
  responseSerialize: (value: never) => Buffer;
}

type RequestOf<M> = M extends { requestDeserialize: (buffer: Buffer) => infer Req } ? Req : never;
type ResponseOf<M> = M extends { responseSerialize: (value: infer Res) => Buffer } ? Res : never;

/** The async implementation of one method: unary returns its answer, server streaming calls `send`. */
export type MethodImplementation<M> = M extends { requestStream: false; responseStream: true }
  ? (
      request: RequestOf<M>,
      context: CallContext,
      send: (message: ResponseOf<M>) => Promise<void>,
    ) => Promise<void>
  : M extends { requestStream: false; responseStream: false }
    ? (request: RequestOf<M>, context: CallContext) => Promise<ResponseOf<M>>
    : never;

/** A service's implementation, derived from its generated definition. */
export type ServiceImplementation<D> = { [K in keyof D]: MethodImplementation<D[K]> };

/** A handler that answers UNIMPLEMENTED until the feature that owns the RPC lands. */
export function notYetImplemented(rpc: string): () => Promise<never> {
  return async () => {
    throw new AppError('unimplemented', `${rpc} is not implemented yet`);
  };
}

export interface GrpcServerOptions {
  /** The service name the health service reports, e.g. `sightline.catalog.v1.CatalogService`. */
  logger: Logger;
}

/** A gRPC server with the standard health service and our interceptors on every method. */
export class GrpcServer {
  readonly server = new grpc.Server({ 'grpc.max_receive_message_length': 8 * 1024 * 1024 });
  private readonly health = new HealthImplementation({ '': 'NOT_SERVING' });
  private readonly serviceNames: string[] = [];

  constructor(private readonly options: GrpcServerOptions) {
    this.health.addToServer(this.server);
  }

  /** Registers a generated service definition with an async implementation. */
  addService<D extends Record<string, MethodShape & { path: string }>>(
    name: string,
    definition: D,
    implementation: ServiceImplementation<D>,
  ): void {
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const [method, shape] of Object.entries(definition)) {
      const impl = (implementation as Record<string, unknown>)[method];
      if (typeof impl !== 'function') throw new Error(`${name}.${method} has no implementation`);
      handlers[method] = shape.responseStream
        ? this.wrapServerStream(shape.path, impl as StreamFn)
        : this.wrapUnary(shape.path, impl as UnaryFn);
    }
    this.server.addService(definition as unknown as grpc.ServiceDefinition, handlers);
    this.serviceNames.push(name);
    this.health.setStatus(name, 'NOT_SERVING');
  }

  /** Marks every service (and the server as a whole) serving or not in the health service. */
  setServing(serving: boolean): void {
    const status = serving ? 'SERVING' : 'NOT_SERVING';
    this.health.setStatus('', status);
    for (const name of this.serviceNames) this.health.setStatus(name, status);
  }

  /** Binds to host:port (0 picks a free port) and returns the bound port. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
        if (error) reject(error);
        else resolve(bound);
      });
    });
  }

  /** Stops accepting calls, lets calls in flight finish for up to `graceMs`, then cancels the rest. */
  shutdown(graceMs = 10_000): Promise<void> {
    this.setServing(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      timer.unref();
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private context(
    call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>,
  ) {
    const sent = call.metadata.get(REQUEST_ID_METADATA)[0];
    const requestId =
      typeof sent === 'string' && /^[\w.-]{1,128}$/.test(sent) ? sent : `req_grpc_${Date.now().toString(36)}`;
    return { requestId, metadata: call.metadata, cancelled: () => call.cancelled };
  }

  private wrapUnary(path: string, impl: UnaryFn): grpc.handleUnaryCall<unknown, unknown> {
    const log = this.options.logger;
    return (call, callback) => {
      const context = this.context(call);
      const started = performance.now();
      withRequestContext({ requestId: context.requestId }, () => {
        impl(call.request, context).then(
          (response) => {
            log.debug({ rpc: path, ms: Math.round(performance.now() - started) }, 'rpc ok');
            callback(null, response);
          },
          (error: unknown) => {
            const status = toGrpcError(error);
            logFailure(log, path, error, status.code);
            callback(status);
          },
        );
      });
    };
  }

  private wrapServerStream(path: string, impl: StreamFn): grpc.handleServerStreamingCall<unknown, unknown> {
    const log = this.options.logger;
    return (call) => {
      const context = this.context(call);
      // Respect back-pressure: wait for 'drain' when the client reads slower than we produce.
      const send = (message: unknown) =>
        new Promise<void>((resolve, reject) => {
          if (call.cancelled) return reject(new AppError('unavailable', 'call cancelled'));
          if (call.write(message)) resolve();
          else call.once('drain', () => resolve());
        });
      withRequestContext({ requestId: context.requestId }, () => {
        impl(call.request, context, send).then(
          () => call.end(),
          (error: unknown) => {
            const status = toGrpcError(error);
            logFailure(log, path, error, status.code);
            if (!call.cancelled) call.emit('error', status);
          },
        );
      });
    };
  }
}

type UnaryFn = (request: unknown, context: CallContext) => Promise<unknown>;
type StreamFn = (
  request: unknown,
  context: CallContext,
  send: (message: unknown) => Promise<void>,
) => Promise<void>;

function logFailure(log: Logger, path: string, error: unknown, code: grpc.status): void {
  if (error instanceof AppError && error.kind !== 'internal')
    log.info({ rpc: path, code, msg_detail: error.message }, 'rpc refused');
  else log.error({ rpc: path, err: error }, 'rpc failed');
}
