import { AsyncLocalStorage } from 'node:async_hooks';
import { type DestinationStream, type Logger, pino, stdTimeFunctions } from 'pino';

export type { Logger };

/** What a log line knows about the request it was written for. */
export interface RequestContext {
  requestId: string;
  organizationId?: string;
  userId?: string;
}

const contextStore = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with a request context that every log line written inside it carries. */
export function withRequestContext<T>(context: RequestContext, fn: () => T): T {
  return contextStore.run(context, fn);
}

/** The request context of the current async call chain, if any. */
export function currentRequestContext(): RequestContext | undefined {
  return contextStore.getStore();
}

/** Paths whose values never reach a log line, whatever their depth in the logged object. */
export const REDACTED_PATHS = [
  'password',
  'secret',
  'token',
  'access_token',
  'refresh_token',
  'api_key',
  'apiKey',
  'authorization',
  'cookie',
  '*.password',
  '*.secret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.api_key',
  '*.apiKey',
  '*.authorization',
  '*.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-sightline-principal"]',
  'res.headers["set-cookie"]',
];

export interface LoggerOptions {
  service: string;
  level?: string;
  /** For tests: where lines go instead of stdout. */
  destination?: DestinationStream;
}

/** A JSON logger stamped with the service name and the current request's id and organization. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin() {
        const context = contextStore.getStore();
        if (!context) return {};
        return {
          request_id: context.requestId,
          ...(context.organizationId ? { organization: context.organizationId } : {}),
        };
      },
    },
    options.destination,
  );
}
