import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';

/** The two public API dialects: `/v1` (public API v1) and `/api/v1` (platform API). */
export type Dialect = 'v1' | 'platform';

/** The gateway tells services which dialect a request speaks in this header. */
export const DIALECT_HEADER = 'x-api-dialect';

/** Picks the dialect from a request path; anything not under `/api/` speaks v1. */
export function dialectForPath(path: string): Dialect {
  return path === '/api' || path.startsWith('/api/') ? 'platform' : 'v1';
}

/** Parses the dialect header a gateway set, if it names one. */
export function parseDialect(value: unknown): Dialect | undefined {
  return value === 'v1' || value === 'platform' ? value : undefined;
}

/** What went wrong, in the product's terms; each kind has one status and one code per dialect. */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'timeout'
  | 'unimplemented'
  | 'internal';

interface KindSpec {
  v1: { status: number; code: string };
  platform: { status: number; code: string };
  grpc: GrpcStatus;
}

const KINDS: Record<ErrorKind, KindSpec> = {
  validation: {
    v1: { status: 400, code: 'VALIDATION_ERROR' },
    platform: { status: 422, code: 'VALIDATION_ERROR' },
    grpc: GrpcStatus.INVALID_ARGUMENT,
  },
  unauthenticated: {
    v1: { status: 401, code: 'INVALID_API_KEY' },
    platform: { status: 401, code: 'AUTHENTICATION_FAILED' },
    grpc: GrpcStatus.UNAUTHENTICATED,
  },
  forbidden: {
    v1: { status: 403, code: 'INSUFFICIENT_PERMISSIONS' },
    platform: { status: 403, code: 'PERMISSION_DENIED' },
    grpc: GrpcStatus.PERMISSION_DENIED,
  },
  not_found: {
    v1: { status: 404, code: 'RESOURCE_NOT_FOUND' },
    platform: { status: 404, code: 'RESOURCE_NOT_FOUND' },
    grpc: GrpcStatus.NOT_FOUND,
  },
  conflict: {
    v1: { status: 409, code: 'CONFLICT' },
    platform: { status: 409, code: 'CONFLICT' },
    grpc: GrpcStatus.ALREADY_EXISTS,
  },
  payload_too_large: {
    v1: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    platform: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    grpc: GrpcStatus.RESOURCE_EXHAUSTED,
  },
  unsupported_media_type: {
    v1: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    platform: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    grpc: GrpcStatus.INVALID_ARGUMENT,
  },
  rate_limited: {
    v1: { status: 429, code: 'RATE_LIMIT_EXCEEDED' },
    platform: { status: 429, code: 'RATE_LIMIT_EXCEEDED' },
    grpc: GrpcStatus.RESOURCE_EXHAUSTED,
  },
  unimplemented: {
    v1: { status: 501, code: 'NOT_IMPLEMENTED' },
    platform: { status: 501, code: 'NOT_IMPLEMENTED' },
    grpc: GrpcStatus.UNIMPLEMENTED,
  },
  unavailable: {
    v1: { status: 503, code: 'SERVICE_UNAVAILABLE' },
    platform: { status: 503, code: 'SERVICE_UNAVAILABLE' },
    grpc: GrpcStatus.UNAVAILABLE,
  },
  timeout: {
    v1: { status: 504, code: 'GATEWAY_TIMEOUT' },
    platform: { status: 504, code: 'GATEWAY_TIMEOUT' },
    grpc: GrpcStatus.DEADLINE_EXCEEDED,
  },
  internal: {
    v1: { status: 500, code: 'INTERNAL_ERROR' },
    platform: { status: 500, code: 'INTERNAL_ERROR' },
    grpc: GrpcStatus.INTERNAL,
  },
};

export interface AppErrorOptions {
  /** The request field at fault (v1 `field`, and `details.field` in the platform dialect). */
  field?: string;
  /** Structured detail for the platform dialect's `details`. */
  details?: Record<string, unknown>;
  /** Seconds a client should wait before retrying (429, 503). */
  retryAfter?: number;
  cause?: unknown;
}

/** A failure a client can act on. Anything else thrown is reported as INTERNAL_ERROR. */
export class AppError extends Error {
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfter: number | undefined;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.field = options.field;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }

  /** The HTTP status this error answers with in a dialect. */
  httpStatus(dialect: Dialect): number {
    return KINDS[this.kind][dialect].status;
  }

  /** The error code this error carries in a dialect. */
  code(dialect: Dialect): string {
    return KINDS[this.kind][dialect].code;
  }
}

/** Turns anything thrown into an AppError, hiding the text of unexpected errors from clients. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('internal', 'An internal server error occurred', { cause: error });
}

export interface V1ErrorBody {
  error: { code: string; message: string; field?: string; request_id: string };
}

export interface PlatformErrorBody {
  success: false;
  error: {
    code: string;
    message: string;
    details?: Record<string, unknown>;
    timestamp: string;
    retry_after?: number;
    request_id: string;
  };
}

/** The exact error body of a dialect (ARCHITECTURE §1). */
export function errorBody(
  dialect: Dialect,
  error: AppError,
  requestId: string,
  now: Date = new Date(),
): V1ErrorBody | PlatformErrorBody {
  if (dialect === 'v1') {
    return {
      error: {
        code: error.code('v1'),
        message: error.message,
        ...(error.field ? { field: error.field } : {}),
        request_id: requestId,
      },
    };
  }
  const details = error.field ? { field: error.field, ...error.details } : error.details;
  return {
    success: false,
    error: {
      code: error.code('platform'),
      message: error.message,
      ...(details ? { details } : {}),
      timestamp: isoTimestamp(now),
      ...(error.retryAfter !== undefined ? { retry_after: error.retryAfter } : {}),
      request_id: requestId,
    },
  };
}

/** The platform dialect's success envelope; v1 answers with the resource itself. */
export function successBody<T>(dialect: Dialect, data: T, message?: string, now: Date = new Date()): unknown {
  if (dialect === 'v1') return data;
  return { success: true, data, ...(message ? { message } : {}), timestamp: isoTimestamp(now) };
}

/** ISO 8601 UTC with `Z`, to the second, as the references write it. */
export function isoTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const GRPC_TO_KIND = new Map<GrpcStatus, ErrorKind>([
  [GrpcStatus.INVALID_ARGUMENT, 'validation'],
  [GrpcStatus.FAILED_PRECONDITION, 'validation'],
  [GrpcStatus.OUT_OF_RANGE, 'validation'],
  [GrpcStatus.UNAUTHENTICATED, 'unauthenticated'],
  [GrpcStatus.PERMISSION_DENIED, 'forbidden'],
  [GrpcStatus.NOT_FOUND, 'not_found'],
  [GrpcStatus.ALREADY_EXISTS, 'conflict'],
  [GrpcStatus.ABORTED, 'conflict'],
  [GrpcStatus.RESOURCE_EXHAUSTED, 'rate_limited'],
  [GrpcStatus.UNIMPLEMENTED, 'unimplemented'],
  [GrpcStatus.UNAVAILABLE, 'unavailable'],
  [GrpcStatus.DEADLINE_EXCEEDED, 'timeout'],
]);

const KIND_METADATA_KEY = 'sightline-error-kind';
const FIELD_METADATA_KEY = 'sightline-error-field';

/** A gRPC status object (as grpc-js expects from a handler) for an error. */
export function toGrpcError(error: unknown): { code: GrpcStatus; details: string; metadata: Metadata } {
  const appError = toAppError(error);
  const metadata = new Metadata();
  metadata.set(KIND_METADATA_KEY, appError.kind);
  if (appError.field) metadata.set(FIELD_METADATA_KEY, appError.field);
  return { code: KINDS[appError.kind].grpc, details: appError.message, metadata };
}

/** Reads an AppError back from a failed gRPC call, keeping the original kind when the server sent it. */
export function fromGrpcError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const candidate = error as { code?: unknown; details?: unknown; metadata?: unknown };
  if (typeof candidate?.code !== 'number') return toAppError(error);
  const metadata = candidate.metadata instanceof Metadata ? candidate.metadata : undefined;
  const sentKind = metadata?.get(KIND_METADATA_KEY)[0];
  const kind =
    typeof sentKind === 'string' && sentKind in KINDS
      ? (sentKind as ErrorKind)
      : (GRPC_TO_KIND.get(candidate.code as GrpcStatus) ?? 'internal');
  const field = metadata?.get(FIELD_METADATA_KEY)[0];
  const message =
    kind === 'internal'
      ? 'An internal server error occurred'
      : String(candidate.details ?? 'Upstream call failed');
  return new AppError(kind, message, { cause: error, ...(typeof field === 'string' ? { field } : {}) });
}
