import * as grpc from '@grpc/grpc-js';
import { fromGrpcError } from '@sightline/errors';
import { currentRequestContext } from '@sightline/logging';
import { service as healthService } from 'grpc-health-check';
import { REQUEST_ID_METADATA } from './server.js';

interface UnaryMethodShape {
  path: string;
  requestStream: false;
  responseStream: false;
  requestSerialize: (value: never) => Buffer;
  responseDeserialize: (buffer: Buffer) => unknown;
}

type UnaryKeys<D> = {
  [K in keyof D]: D[K] extends { requestStream: false; responseStream: false } ? K : never;
}[keyof D];
type RequestOf<M> = M extends { requestSerialize: (value: infer Req) => Buffer } ? Req : never;
type ResponseOf<M> = M extends { responseDeserialize: (buffer: Buffer) => infer Res } ? Res : never;

type StreamKeys<D> = {
  [K in keyof D]: D[K] extends { requestStream: false; responseStream: true } ? K : never;
}[keyof D];

export interface CallOptions {
  /** Overrides the client's default deadline for this call. */
  deadlineMs?: number;
}

/** A promise-based client of a service's unary methods. Errors arrive as AppError. */
export type GrpcClient<D> = {
  [K in UnaryKeys<D>]: (request: RequestOf<D[K]>, options?: CallOptions) => Promise<ResponseOf<D[K]>>;
} & {
  [K in StreamKeys<D>]: (request: RequestOf<D[K]>, options?: CallOptions) => AsyncIterable<ResponseOf<D[K]>>;
} & {
  /** Resolves once the channel is connected, or rejects after `timeoutMs`. */
  waitForReady(timeoutMs: number): Promise<void>;
  close(): void;
};

export interface GrpcClientOptions {
  /** Deadline of every call unless overridden (default 5 s). */
  deadlineMs?: number;
  /** Attempts for idempotent methods when the server is UNAVAILABLE (default 3). */
  attempts?: number;
  /** Methods that must never be retried because they change state. */
  nonIdempotent?: string[];
  /** Deadline of a whole server-streaming call (default 5 minutes). */
  streamDeadlineMs?: number;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Builds a client with deadlines, request-id propagation and retries for idempotent methods. */
export function createGrpcClient<D extends Record<string, { path: string }>>(
  definition: D,
  address: string,
  options: GrpcClientOptions = {},
): GrpcClient<D> {
  const Ctor = grpc.makeGenericClientConstructor(definition as unknown as grpc.ServiceDefinition, 'Service');
  const client = new Ctor(address, grpc.credentials.createInsecure(), {
    'grpc.keepalive_time_ms': 30_000,
    'grpc.max_receive_message_length': 8 * 1024 * 1024,
  });
  const defaultDeadline = options.deadlineMs ?? 5_000;
  const attempts = options.attempts ?? 3;
  const once = (method: UnaryMethodShape, request: unknown, deadline: Date) =>
    new Promise<unknown>((resolve, reject) => {
      const metadata = new grpc.Metadata();
      const requestId = currentRequestContext()?.requestId;
      if (requestId) metadata.set(REQUEST_ID_METADATA, requestId);
      client.makeUnaryRequest(
        method.path,
        method.requestSerialize as (value: unknown) => Buffer,
        method.responseDeserialize,
        request,
        metadata,
        { deadline },
        (error, response) => (error ? reject(error) : resolve(response)),
      );
    });

  // Server streams arrive as an async iterable; failures as AppError, and leaving early cancels the call.
  async function* streamMessages(method: UnaryMethodShape, request: unknown, deadlineMs: number) {
    const metadata = new grpc.Metadata();
    const requestId = currentRequestContext()?.requestId;
    if (requestId) metadata.set(REQUEST_ID_METADATA, requestId);
    const call = client.makeServerStreamRequest(
      method.path,
      method.requestSerialize as (value: unknown) => Buffer,
      method.responseDeserialize,
      request,
      metadata,
      { deadline: new Date(Date.now() + deadlineMs) },
    );
    let finished = false;
    try {
      for await (const message of call) yield message;
      finished = true;
    } catch (error) {
      throw fromGrpcError(error);
    } finally {
      if (!finished) call.cancel();
    }
  }

  const api: Record<string, unknown> = {
    waitForReady: (timeoutMs: number) =>
      new Promise<void>((resolve, reject) =>
        client.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(error) : resolve())),
      ),
    close: () => client.close(),
  };
  for (const [name, shape] of Object.entries(definition)) {
    const method = shape as unknown as UnaryMethodShape;
    if (!method.requestStream && (method as { responseStream: boolean }).responseStream) {
      api[name] = (request: unknown, callOptions: CallOptions = {}) =>
        streamMessages(method, request, callOptions.deadlineMs ?? options.streamDeadlineMs ?? 300_000);
      continue;
    }
    if (method.requestStream) continue;
    const retryable = !(options.nonIdempotent ?? []).includes(name);
    api[name] = async (request: unknown, callOptions: CallOptions = {}) => {
      const deadline = new Date(Date.now() + (callOptions.deadlineMs ?? defaultDeadline));
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await once(method, request, deadline);
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          const more = retryable && attempt < attempts && code === grpc.status.UNAVAILABLE;
          const wait = 50 * 2 ** attempt;
          if (!more || Date.now() + wait >= deadline.getTime()) throw fromGrpcError(error);
          await delay(wait);
        }
      }
    };
  }
  return api as GrpcClient<D>;
}

/** What a health check said: a serving status, or that nothing answered. */
export type HealthState = 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' | 'UNREACHABLE';

/** Checks servers with the standard gRPC health service, keeping one channel per address. */
export class HealthChecker {
  private readonly clients = new Map<string, grpc.Client>();
  private readonly Ctor = grpc.makeGenericClientConstructor(
    healthService as unknown as grpc.ServiceDefinition,
    'Health',
  );

  /** Asks `address` for the health of `service` ('' is the whole server) within `timeoutMs`. */
  check(address: string, timeoutMs: number, service = ''): Promise<HealthState> {
    let client = this.clients.get(address);
    if (!client) {
      client = new this.Ctor(address, grpc.credentials.createInsecure());
      this.clients.set(address, client);
    }
    const checkMethod =
      (client as unknown as Record<string, CheckFn>).check ??
      (client as unknown as Record<string, CheckFn>).Check;
    if (!checkMethod) return Promise.resolve('UNKNOWN');
    return new Promise((resolve) => {
      checkMethod.call(
        client,
        { service },
        { deadline: new Date(Date.now() + timeoutMs) },
        (error, response) => {
          if (error) return resolve('UNREACHABLE');
          const status = response?.status;
          resolve(
            status === 'SERVING' || status === 1
              ? 'SERVING'
              : status === 'NOT_SERVING' || status === 2
                ? 'NOT_SERVING'
                : 'UNKNOWN',
          );
        },
      );
    });
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}

type CheckFn = (
  request: { service: string },
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: { status?: string | number }) => void,
) => void;
