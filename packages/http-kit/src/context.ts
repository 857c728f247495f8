import { randomUUID } from 'node:crypto';
import { DIALECT_HEADER, type Dialect, dialectForPath, parseDialect } from '@sightline/errors';
import type { Request } from 'express';

/** Header that carries the request id in and out of every service. */
export const REQUEST_ID_HEADER = 'x-request-id';

const ACCEPTED_REQUEST_ID = /^[\w.-]{1,128}$/;

/** A fresh request id in the references' style (`req_…`, 32 hex digits). */
export function newRequestId(): string {
  // randomUUID draws from a cached entropy pool: much cheaper per call than randomBytes.
  return `req_${randomUUID().replace(/-/g, '')}`;
}

/** Keeps a caller's request id when it is well-formed, so traces join up; otherwise makes one. */
export function requestIdFrom(value: unknown): string {
  return typeof value === 'string' && ACCEPTED_REQUEST_ID.test(value) ? value : newRequestId();
}

declare global {
  namespace Express {
    interface Request {
      /** Set by the app factory before any route runs. */
      requestId: string;
      dialect: Dialect;
    }
  }
}

/** The dialect of a request: what the gateway said, else what its path says. */
export function dialectOf(req: Request): Dialect {
  return parseDialect(req.headers[DIALECT_HEADER]) ?? dialectForPath(req.path);
}
