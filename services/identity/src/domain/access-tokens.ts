import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  randomUUID,
} from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Plan, Role } from '@sightline/principal';

/** Issuer and audience every access token carries; the gateway checks both. */
export const TOKEN_ISSUER = 'sightline-identity';
export const TOKEN_AUDIENCE = 'sightline';

/** One RSA key pair that signs access tokens; `kid` names it in the token header and the JWKS. */
export interface SigningKey {
  kid: string;
  /** PKCS#8, encrypted with the deployment's signing-key passphrase (older keys may be plain). */
  privateKeyPem: string;
  publicKeyPem: string;
  createdAt: Date;
  /** After this, tokens are no longer signed with it; it stays published until its tokens expire. */
  retiresAt: Date;
}

/**
 * The passphrase signing keys are stored under when none is configured: derived from the
 * internal secret, so a copy of the database alone (a backup, a dump) cannot forge tokens.
 */
export function derivedKeyPassphrase(internalSecret: string): string {
  return Buffer.from(hkdfSync('sha256', internalSecret, 'sightline', 'signing-key-passphrase', 32)).toString(
    'base64url',
  );
}

/** Makes a fresh RS256 key pair (2048-bit: fast to verify, which the gateway does per request). */
export function generateSigningKey(
  kid: string,
  now: Date,
  lifetimeMs: number,
  passphrase: string,
): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid,
    privateKeyPem: privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
      .toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    createdAt: now,
    retiresAt: new Date(now.getTime() + lifetimeMs),
  };
}

/** The private half of a stored signing key; throws when the passphrase does not open it. */
export function openPrivateKey(key: Pick<SigningKey, 'privateKeyPem'>, passphrase: string): KeyObject {
  return createPrivateKey({ key: key.privateKeyPem, format: 'pem', passphrase });
}

/** The public half of a signing key as a JWK. */
export function publicJwk(key: Pick<SigningKey, 'kid' | 'publicKeyPem'>): Record<string, unknown> {
  const jwk = createPublicKey(key.publicKeyPem).export({ format: 'jwk' });
  return { ...jwk, kid: key.kid, alg: 'RS256', use: 'sig' };
}

/** What an access token says about its holder. */
export interface AccessClaims {
  sub: string;
  org: string;
  role: Role;
  pa: boolean;
  plan: Plan;
  /** The refresh-token family this token belongs to (logout revokes it). */
  fam: string;
}

/** Signs an access token (RS256, `kid` header, `jti`, `exp` after `ttlSeconds`). */
export function signAccessToken(
  claims: AccessClaims,
  key: { kid: string; privateKey: KeyObject },
  ttlSeconds: number,
): { token: string; jti: string; expiresIn: number } {
  const jti = randomUUID();
  const token = jwt.sign(claims, key.privateKey, {
    algorithm: 'RS256',
    keyid: key.kid,
    expiresIn: ttlSeconds,
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    jwtid: jti,
  });
  return { token, jti, expiresIn: ttlSeconds };
}
