import { AppError } from '@sightline/errors';
import { newId } from '@sightline/mongo';
import type { Principal } from '@sightline/principal';
import { hourlyQuota, type Organization, type User } from '../domain/model.js';
import { newApiKey, secretHash } from '../domain/secrets.js';
import type { ApiKeyRecord, IdentityStore } from '../store/identity-store.js';

/** What ValidateApiKey answers for a live key. */
export interface ApiKeyOwner {
  keyId: string;
  user: User;
  organization: Organization;
  hourlyQuota: number;
}

/** API keys: issued once, kept as hashes, revocable, scoped to a user and organization. */
export class ApiKeys {
  constructor(private readonly store: IdentityStore) {}

  async create(
    principal: Principal,
    name: string,
    expiresAt?: Date,
  ): Promise<{ record: ApiKeyRecord; key: string }> {
    if (principal.via === 'api_key')
      throw new AppError('forbidden', 'API keys cannot create API keys; sign in instead');
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new AppError('validation', 'expires_at must be in the future', { field: 'expires_at' });
    }
    const { key, prefix, hash } = newApiKey();
    const record: ApiKeyRecord = {
      id: newId('key'),
      userId: principal.sub,
      organizationId: principal.org,
      name,
      prefix,
      keyHash: hash,
      status: 'active',
      ...(expiresAt ? { expiresAt } : {}),
      createdAt: new Date(),
    };
    await this.store.insertApiKey(record);
    return { record, key };
  }

  list(principal: Principal): Promise<ApiKeyRecord[]> {
    return this.store.apiKeysOf(principal.sub);
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    if (!(await this.store.revokeApiKey(id, principal.sub)))
      throw new AppError('not_found', `API key ${id} not found`);
  }

  /** Resolves a presented key to its owner, or NOT_FOUND when unknown, revoked, expired or orphaned. */
  async validate(key: string): Promise<ApiKeyOwner> {
    const notFound = new AppError('not_found', 'Unknown API key');
    if (!key.startsWith('sk_') || key.length > 100) throw notFound;
    const record = await this.store.apiKeyByHash(secretHash(key));
    const now = new Date();
    if (!record || record.status !== 'active' || (record.expiresAt && record.expiresAt < now)) throw notFound;
    const [user, organization] = await Promise.all([
      this.store.userById(record.userId),
      this.store.organizationById(record.organizationId),
    ]);
    if (!user || user.status !== 'active' || !organization || organization.status !== 'active')
      throw notFound;
    await this.store.touchApiKey(record.id, now);
    return { keyId: record.id, user, organization, hourlyQuota: hourlyQuota(organization) };
  }
}
