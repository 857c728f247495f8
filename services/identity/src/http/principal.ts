import {
  formatRevokedSessions,
  PRINCIPAL_HEADER,
  type Principal,
  principalFromHeader,
  REVOKED_SESSIONS_HEADER,
  type RevokedSessions,
} from '@sightline/principal';
import type { Request, Response } from 'express';

/** The caller the gateway authenticated; 401 when the request did not come through it signed. */
export function principalOf(req: Request, secret: string): Principal {
  return principalFromHeader(req.headers[PRINCIPAL_HEADER], secret);
}

/** Tells the gateway which sign-ins' access tokens to refuse from now on (it strips the header). */
export function announceRevoked(res: Response, revoked: RevokedSessions | undefined): void {
  if (revoked && revoked.families.length > 0)
    res.setHeader(REVOKED_SESSIONS_HEADER, formatRevokedSessions(revoked));
}
