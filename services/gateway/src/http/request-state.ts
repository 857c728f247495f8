import type { IncomingMessage } from 'node:http';
import type { Dialect } from '@sightline/errors';
import type { Principal } from '@sightline/principal';
import type { UpstreamName } from '../domain/route-table.js';

/**
 * A request as the gateway's checks and proxy see it, whether express served it or the API
 * path did (see api-traffic.ts): plain Node requests carrying what the gateway learned.
 */
export interface GatewayRequest extends IncomingMessage {
  requestId: string;
  dialect: Dialect;
  /** Set once credentials are verified. */
  principal?: Principal;
  /** The service a proxied request went to. */
  upstream?: UpstreamName;
  /** Set when the upstream stayed silent past the timeout (504 rather than 503). */
  upstreamTimedOut?: boolean;
  /** Parsed only for logins (to limit per account); every other body streams through. */
  body?: unknown;
}

declare global {
  namespace Express {
    interface Request {
      principal?: Principal;
      upstream?: UpstreamName;
      upstreamTimedOut?: boolean;
    }
  }
}
