import { describe, expect, it } from 'vitest';
import {
  derivedKeyPassphrase,
  generateSigningKey,
  openPrivateKey,
  publicJwk,
} from '../../src/domain/access-tokens.js';

describe('signing keys at rest', () => {
  const passphrase = derivedKeyPassphrase('an-internal-secret-of-at-least-32-chars');

  it('stores the private key encrypted, opened only with the passphrase', () => {
    const key = generateSigningKey('k1', new Date(), 60_000, passphrase);
    expect(key.privateKeyPem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(openPrivateKey(key, passphrase).asymmetricKeyType).toBe('rsa');
    expect(() => openPrivateKey(key, derivedKeyPassphrase('another-internal-secret-of-32-chars!'))).toThrow();
    // The public half stays readable: tokens it signed keep verifying whatever happens to the passphrase.
    expect(publicJwk(key)).toMatchObject({ kid: 'k1', kty: 'RSA', alg: 'RS256' });
  });

  it('derives a stable passphrase per internal secret', () => {
    expect(derivedKeyPassphrase('an-internal-secret-of-at-least-32-chars')).toBe(passphrase);
    expect(passphrase).not.toContain('an-internal-secret');
    expect(passphrase.length).toBeGreaterThanOrEqual(40);
  });
});
