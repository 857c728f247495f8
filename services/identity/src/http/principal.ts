import { PRINCIPAL_HEADER, type Principal, principalFromHeader } from '@sightline/principal';
import type { Request } from 'express';

/** The caller the gateway authenticated; 401 when the request did not come through it signed. */
export function principalOf(req: Request, secret: string): Principal {
  return principalFromHeader(req.headers[PRINCIPAL_HEADER], secret);
}
