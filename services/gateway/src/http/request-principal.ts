import type { Principal } from '@sightline/principal';

declare global {
  namespace Express {
    interface Request {
      /** Set by the gatekeeper once credentials are verified. */
      principal?: Principal;
    }
  }
}
