import { AppError } from '@sightline/errors';
import { type CloudEvent, notDeleted, outboxFields, withEvents } from '@sightline/events';
import { isDuplicateKeyError } from '@sightline/mongo';
import type { Connection, mongo } from 'mongoose';
import type { SigningKey } from '../domain/access-tokens.js';
import type { Organization, User } from '../domain/model.js';

type Doc<T extends { id: string }> = Omit<T, 'id'> & { _id: string };

function fromDoc<T extends { id: string }>(doc: Doc<T> | null): T | undefined {
  if (!doc) return undefined;
  const { _id, ...rest } = doc as Doc<T> & { _outbox?: unknown; _outbox_pending?: unknown };
  delete (rest as Record<string, unknown>)._outbox;
  delete (rest as Record<string, unknown>)._outbox_pending;
  return { ...rest, id: _id } as unknown as T;
}

function toDoc<T extends { id: string }>(value: T): Doc<T> {
  const { id, ...rest } = value;
  return { ...rest, _id: id } as Doc<T>;
}

/** A refresh token record: only the secret's hash is kept. */
export interface RefreshTokenRecord {
  id: string;
  familyId: string;
  userId: string;
  organizationId: string;
  secretHash: string;
  status: 'active' | 'rotated' | 'revoked';
  expiresAt: Date;
  createdAt: Date;
}

/** An API key record: only the key's hash and a display prefix are kept. */
export interface ApiKeyRecord {
  id: string;
  userId: string;
  organizationId: string;
  name: string;
  prefix: string;
  keyHash: string;
  status: 'active' | 'revoked';
  expiresAt?: Date;
  lastUsedAt?: Date;
  createdAt: Date;
}

export interface UserFilter {
  organizationId?: string;
  role?: string;
  status?: string;
}

/** Everything identity persists, as plain objects. Collections are the service's own. */
export class IdentityStore {
  readonly organizations: mongo.Collection<Doc<Organization> & { nameKey: string }>;
  readonly users: mongo.Collection<Doc<User>>;
  readonly refreshTokens: mongo.Collection<Doc<RefreshTokenRecord>>;
  readonly apiKeys: mongo.Collection<Doc<ApiKeyRecord>>;
  readonly signingKeyDocs: mongo.Collection<Doc<SigningKey & { id: string }>>;
  /** API calls per organization and month: `_id` is `<organization id>:<YYYY-MM>`. */
  readonly apiUsage: mongo.Collection<{ _id: string; organizationId: string; month: string; calls: number }>;

  constructor(connection: Connection) {
    const collection = <T extends mongo.Document>(name: string) =>
      connection.collection(name) as unknown as mongo.Collection<T>;
    this.organizations = collection('organizations');
    this.users = collection('users');
    this.refreshTokens = collection('refresh_tokens');
    this.apiKeys = collection('api_keys');
    this.signingKeyDocs = collection('signing_keys');
    this.apiUsage = collection('api_usage');
  }

  /** Unique indexes the rules rely on. */
  async ensureIndexes(): Promise<void> {
    await this.organizations.createIndex({ nameKey: 1 }, { unique: true });
    await this.users.createIndex({ email: 1 }, { unique: true });
    await this.users.createIndex({ organizationId: 1, createdAt: -1 });
    await this.users.createIndex({ invitationHash: 1 }, { sparse: true });
    await this.refreshTokens.createIndex({ familyId: 1 });
    await this.refreshTokens.createIndex({ userId: 1, createdAt: -1 });
    await this.apiKeys.createIndex({ keyHash: 1 }, { unique: true });
    await this.apiKeys.createIndex({ userId: 1 });
  }

  // Organizations

  async insertOrganization(organization: Organization): Promise<void> {
    try {
      await this.organizations.insertOne({
        ...toDoc(organization),
        nameKey: organization.name.toLowerCase(),
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new AppError('conflict', `An organization named ${organization.name} already exists`, {
          field: 'name',
        });
      }
      throw error;
    }
  }

  async organizationById(id: string): Promise<Organization | undefined> {
    const doc = await this.organizations.findOne({ _id: id });
    if (!doc) return undefined;
    const { nameKey: _nameKey, ...rest } = doc;
    return fromDoc<Organization>(rest);
  }

  async organizationByName(name: string): Promise<Organization | undefined> {
    const doc = await this.organizations.findOne({ nameKey: name.toLowerCase() });
    if (!doc) return undefined;
    const { nameKey: _nameKey, ...rest } = doc;
    return fromDoc<Organization>(rest);
  }

  // Users

  /** Inserts a user with its creation events in the same write. */
  async insertUser(user: User, events: CloudEvent[]): Promise<void> {
    try {
      await this.users.insertOne({ ...toDoc(user), ...outboxFields(events) } as Doc<User>);
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new AppError('conflict', `A user with email ${user.email} already exists`, { field: 'email' });
      }
      throw error;
    }
  }

  async userById(id: string): Promise<User | undefined> {
    return fromDoc<User>(await this.users.findOne({ _id: id, ...notDeleted }));
  }

  async userByEmail(email: string): Promise<User | undefined> {
    return fromDoc<User>(await this.users.findOne({ email: email.toLowerCase(), ...notDeleted }));
  }

  async userByInvitation(hash: string): Promise<User | undefined> {
    return fromDoc<User>(await this.users.findOne({ invitationHash: hash, status: 'invited' }));
  }

  async listUsers(
    filter: UserFilter,
    skip: number,
    limit: number,
  ): Promise<{ items: User[]; total: number }> {
    const query: mongo.Filter<Doc<User>> = { ...notDeleted } as mongo.Filter<Doc<User>>;
    if (filter.organizationId) query.organizationId = filter.organizationId;
    if (filter.role) query.role = filter.role as User['role'];
    if (filter.status) query.status = filter.status as User['status'];
    const [docs, total] = await Promise.all([
      this.users.find(query).sort({ createdAt: -1, _id: 1 }).skip(skip).limit(limit).toArray(),
      this.users.countDocuments(query),
    ]);
    return { items: docs.map((d) => fromDoc<User>(d as Doc<User>) as User), total };
  }

  async countUsers(organizationId: string): Promise<number> {
    return this.users.countDocuments({ organizationId, ...notDeleted } as mongo.Filter<Doc<User>>);
  }

  /** Adds API calls to organizations' monthly counts. */
  async addApiCalls(counts: Array<{ organizationId: string; month: string; calls: number }>): Promise<void> {
    if (counts.length === 0) return;
    await this.apiUsage.bulkWrite(
      counts.map(({ organizationId, month, calls }) => ({
        updateOne: {
          filter: { _id: `${organizationId}:${month}` },
          update: { $inc: { calls }, $setOnInsert: { organizationId, month } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }

  /** API calls an organization made in a month (YYYY-MM). */
  async apiCallsOf(organizationId: string, month: string): Promise<number> {
    const doc = await this.apiUsage.findOne({ _id: `${organizationId}:${month}` });
    return doc?.calls ?? 0;
  }

  /** Applies changes to a user (with events, atomically); returns the updated user. */
  async updateUser(
    id: string,
    set: Partial<Omit<User, 'id'>>,
    events: CloudEvent[] = [],
    unset: string[] = [],
  ): Promise<User | undefined> {
    const update: Record<string, Record<string, unknown>> = { $set: { ...set, updatedAt: new Date() } };
    if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((f) => [f, '']));
    try {
      const doc = await this.users.findOneAndUpdate(
        { _id: id, ...notDeleted } as mongo.Filter<Doc<User>>,
        (events.length > 0 ? withEvents(update, events) : update) as mongo.UpdateFilter<Doc<User>>,
        { returnDocument: 'after' },
      );
      return fromDoc<User>(doc);
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new AppError('conflict', 'That email is already in use', { field: 'email' });
      throw error;
    }
  }

  async recordLogin(id: string, at: Date): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { lastLoginAt: at }, $inc: { loginCount: 1 } });
  }

  // Refresh tokens

  async insertRefreshToken(record: RefreshTokenRecord): Promise<void> {
    await this.refreshTokens.insertOne(toDoc(record));
  }

  async refreshTokenById(id: string): Promise<RefreshTokenRecord | undefined> {
    return fromDoc<RefreshTokenRecord>(await this.refreshTokens.findOne({ _id: id }));
  }

  /** Marks an active token rotated; false when it was not active any more (a reuse or a race). */
  async rotateRefreshToken(id: string): Promise<boolean> {
    const result = await this.refreshTokens.updateOne(
      { _id: id, status: 'active' },
      { $set: { status: 'rotated' } },
    );
    return result.modifiedCount === 1;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.refreshTokens.updateMany({ familyId }, { $set: { status: 'revoked' } });
  }

  /**
   * Revokes every sign-in of a user and returns the families that issued a token since `since`:
   * only those can still have unexpired access tokens out there.
   */
  async revokeFamiliesOfUser(userId: string, since: Date): Promise<string[]> {
    const recent = await this.refreshTokens
      .find({ userId, createdAt: { $gte: since } }, { projection: { familyId: 1 } })
      .toArray();
    await this.refreshTokens.updateMany({ userId, status: 'active' }, { $set: { status: 'revoked' } });
    return [...new Set(recent.map((doc) => String(doc.familyId)))];
  }

  // API keys

  async insertApiKey(record: ApiKeyRecord): Promise<void> {
    await this.apiKeys.insertOne(toDoc(record));
  }

  async apiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    return fromDoc<ApiKeyRecord>(await this.apiKeys.findOne({ keyHash: hash }));
  }

  async apiKeysOf(userId: string): Promise<ApiKeyRecord[]> {
    const docs = await this.apiKeys.find({ userId, status: 'active' }).sort({ createdAt: -1 }).toArray();
    return docs.map((d) => fromDoc<ApiKeyRecord>(d) as ApiKeyRecord);
  }

  async revokeApiKey(id: string, userId: string): Promise<boolean> {
    const result = await this.apiKeys.updateOne(
      { _id: id, userId, status: 'active' },
      { $set: { status: 'revoked' } },
    );
    return result.modifiedCount === 1;
  }

  async touchApiKey(id: string, at: Date): Promise<void> {
    // At most one write a minute per key: last-used is for humans, not an audit log.
    await this.apiKeys.updateOne(
      {
        _id: id,
        $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lt: new Date(at.getTime() - 60_000) } }],
      },
      { $set: { lastUsedAt: at } },
    );
  }

  // Signing keys

  async signingKeys(): Promise<SigningKey[]> {
    const docs = await this.signingKeyDocs.find({}).sort({ createdAt: -1 }).toArray();
    return docs.map((d) => {
      const { _id, ...rest } = d;
      return { ...rest, kid: _id } as unknown as SigningKey;
    });
  }

  async insertSigningKey(key: SigningKey): Promise<void> {
    const { kid, ...rest } = key;
    await this.signingKeyDocs.insertOne({ ...rest, _id: kid } as Doc<SigningKey & { id: string }>);
  }
}
