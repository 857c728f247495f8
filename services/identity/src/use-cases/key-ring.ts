import { type KeyObject, randomBytes } from 'node:crypto';
import { generateSigningKey, openPrivateKey, publicJwk, type SigningKey } from '../domain/access-tokens.js';
import type { IdentityStore } from '../store/identity-store.js';

/**
 * The keys that sign access tokens. The newest unretired key signs; every key whose tokens
 * may still be alive stays published, so rotating never logs anyone out.
 */
export class KeyRing {
  private keys: SigningKey[] = [];
  private privateKeys = new Map<string, KeyObject>();
  private loadedAt = 0;

  constructor(
    private readonly store: IdentityStore,
    private readonly options: {
      tokenTtlSeconds: number;
      keyLifetimeMs: number;
      /** Encrypts private keys at rest. */
      passphrase: string;
      /** Told when the current key cannot be opened (the passphrase changed) and a new one takes over. */
      onUnreadableKey?: (kid: string) => void;
    },
  ) {}

  /** The key to sign with now, making one when none is current or the current one cannot be opened. */
  async current(now = new Date()): Promise<{ kid: string; privateKey: KeyObject }> {
    await this.refresh(now);
    let key = this.keys.find((k) => k.retiresAt > now);
    if (!key) key = await this.rotate(now);
    let privateKey = this.privateKeys.get(key.kid);
    if (!privateKey) {
      try {
        privateKey = openPrivateKey(key, this.options.passphrase);
      } catch {
        // Its tokens still verify (public keys are not encrypted): a new key signs from now on.
        this.options.onUnreadableKey?.(key.kid);
        key = await this.rotate(now);
        privateKey = openPrivateKey(key, this.options.passphrase);
      }
      this.privateKeys.set(key.kid, privateKey);
    }
    return { kid: key.kid, privateKey };
  }

  /** Starts signing with a fresh key; older keys stay published until their tokens expire. */
  async rotate(now = new Date()): Promise<SigningKey> {
    const kid = `k${now.toISOString().slice(0, 10).replace(/-/g, '')}_${randomBytes(6).toString('hex')}`;
    const key = generateSigningKey(kid, now, this.options.keyLifetimeMs, this.options.passphrase);
    await this.store.insertSigningKey(key);
    this.loadedAt = 0;
    await this.refresh(now);
    return key;
  }

  /** Public keys of every key whose tokens may still be valid, as JWKs. */
  async published(now = new Date()): Promise<Array<Record<string, unknown>>> {
    await this.refresh(now);
    const horizon = now.getTime() - this.options.tokenTtlSeconds * 1000;
    return this.keys.filter((k) => k.retiresAt.getTime() > horizon).map((k) => publicJwk(k));
  }

  private async refresh(now: Date): Promise<void> {
    // Other replicas may have rotated: reread at most every 30 s.
    if (now.getTime() - this.loadedAt < 30_000 && this.keys.length > 0) return;
    this.keys = await this.store.signingKeys();
    this.loadedAt = now.getTime();
  }
}
