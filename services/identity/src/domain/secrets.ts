import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a high-entropy secret: enough to store API keys and refresh tokens (no salt needed). */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Constant-time equality of two hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A new API key: `sk_` and 40 random characters. Shown once, stored as its hash. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `sk_${randomBytes(30).toString('base64url')}`;
  return { key, prefix: key.slice(0, 10), hash: secretHash(key) };
}

/** A refresh token `<token id>.<secret>`: the id finds the record, the secret proves possession. */
export function newRefreshSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Splits a refresh token into its id and secret, or undefined when it is not one. */
export function parseRefreshToken(token: string): { id: string; secret: string } | undefined {
  const match = /^(rtk_[0-9A-Za-z]{10,64})\.([\w-]{20,100})$/.exec(token);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : undefined;
}

/** A one-time invitation token. */
export function newInvitationToken(): string {
  return `inv_${randomBytes(24).toString('base64url')}`;
}
