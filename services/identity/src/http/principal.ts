import { AppError } from '@sightline/errors';
import { PRINCIPAL_HEADER, type Principal, verifyPrincipal } from '@sightline/principal';
import type { Request } from 'express';

/** The caller the gateway authenticated; 401 when the request did not come through it signed. */
export function principalOf(req: Request, secret: string): Principal {
  const token = req.headers[PRINCIPAL_HEADER];
  if (typeof token !== 'string') throw new AppError('unauthenticated', 'Authentication required');
  return verifyPrincipal(token, secret);
}
