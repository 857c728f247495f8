import { integrationEnv, isolate } from '@sightline/testing';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedKeyPassphrase } from '../../src/domain/access-tokens.js';
import { IdentityStore } from '../../src/store/identity-store.js';
import { KeyRing } from '../../src/use-cases/key-ring.js';

const iso = isolate('identity_key_ring');
let connection: mongoose.Connection;
let store: IdentityStore;

beforeAll(async () => {
  connection = await mongoose.createConnection(`${integrationEnv().MONGO_URL}/${iso.database}`).asPromise();
  store = new IdentityStore(connection);
});

afterAll(async () => {
  await connection?.close();
  await iso.cleanup();
});

const ring = (secret: string, unreadable: string[] = []) =>
  new KeyRing(store, {
    tokenTtlSeconds: 3600,
    keyLifetimeMs: 86_400_000,
    passphrase: derivedKeyPassphrase(secret),
    onUnreadableKey: (kid) => unreadable.push(kid),
  });

describe('signing keys in the database', () => {
  it('are stored encrypted, and a changed passphrase starts a new key without unpublishing the old', async () => {
    const first = await ring('the-first-internal-secret-32-chars!!').current();
    const [stored] = await store.signingKeys();
    expect(stored?.kid).toBe(first.kid);
    expect(stored?.privateKeyPem).toContain('BEGIN ENCRYPTED PRIVATE KEY');

    // Another replica with the same secret signs with the same key.
    expect((await ring('the-first-internal-secret-32-chars!!').current()).kid).toBe(first.kid);

    const unreadable: string[] = [];
    const rotated = ring('a-rotated-internal-secret-32-chars!!', unreadable);
    const second = await rotated.current();
    expect(unreadable).toEqual([first.kid]);
    expect(second.kid).not.toBe(first.kid);
    // Tokens the first key signed keep verifying until they expire.
    expect((await rotated.published()).map((jwk) => jwk.kid)).toEqual([second.kid, first.kid]);
  });
});
