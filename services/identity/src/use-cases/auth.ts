import { AppError } from '@sightline/errors';
import { newId } from '@sightline/mongo';
import type { Principal, RevokedSessions } from '@sightline/principal';
import { signAccessToken } from '../domain/access-tokens.js';
import type { Organization, User } from '../domain/model.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../domain/passwords.js';
import { newRefreshSecret, parseRefreshToken, sameHash, secretHash } from '../domain/secrets.js';
import type { IdentityStore } from '../store/identity-store.js';
import type { KeyRing } from './key-ring.js';

/** What a successful login or refresh hands back. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

const INVALID_LOGIN = () => new AppError('unauthenticated', 'Invalid email or password');
const INVALID_REFRESH = () => new AppError('unauthenticated', 'Invalid or expired refresh token');

/** Sign-in, refresh-token rotation with reuse detection, and logout. */
export class Authentication {
  constructor(
    private readonly store: IdentityStore,
    private readonly keys: KeyRing,
    private readonly options: { accessTtlSeconds: number; refreshTtlMs: number },
  ) {}

  async login(email: string, password: string): Promise<TokenPair> {
    const user = await this.store.userByEmail(email);
    // Hash even for unknown accounts, so the answer takes as long either way.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok || user.status !== 'active') throw INVALID_LOGIN();
    const organization = await this.activeOrganization(user);
    const now = new Date();
    await this.store.recordLogin(user.id, now);
    return this.issue(user, organization, newId('rtf'), now);
  }

  /**
   * Rotates a refresh token. Presenting one that was already rotated revokes its whole family,
   * reported to `onRevoked` before the refusal is thrown.
   */
  async refresh(token: string, onRevoked?: (revoked: RevokedSessions) => void): Promise<TokenPair> {
    const parsed = parseRefreshToken(token);
    if (!parsed) throw INVALID_REFRESH();
    const record = await this.store.refreshTokenById(parsed.id);
    if (!record || !sameHash(record.secretHash, secretHash(parsed.secret))) throw INVALID_REFRESH();
    if (record.status !== 'active' || !(await this.store.rotateRefreshToken(record.id))) {
      await this.store.revokeFamily(record.familyId);
      onRevoked?.({ families: [record.familyId], ttlSeconds: this.options.accessTtlSeconds });
      throw new AppError(
        'unauthenticated',
        'Refresh token was already used; every session of this sign-in is revoked',
      );
    }
    if (record.expiresAt.getTime() < Date.now()) throw INVALID_REFRESH();
    const user = await this.store.userById(record.userId);
    if (!user || user.status !== 'active') throw INVALID_REFRESH();
    const organization = await this.activeOrganization(user);
    return this.issue(user, organization, record.familyId, new Date());
  }

  /** Revokes the sign-in's refresh family, and so every access token it issued. */
  async logout(principal: Principal): Promise<RevokedSessions | undefined> {
    if (!principal.fam) return undefined;
    await this.store.revokeFamily(principal.fam);
    return { families: [principal.fam], ttlSeconds: this.options.accessTtlSeconds };
  }

  private async activeOrganization(user: User): Promise<Organization> {
    const organization = await this.store.organizationById(user.organizationId);
    if (!organization || organization.status !== 'active') throw INVALID_LOGIN();
    return organization;
  }

  private async issue(
    user: User,
    organization: Organization,
    familyId: string,
    now: Date,
  ): Promise<TokenPair> {
    const key = await this.keys.current(now);
    const access = signAccessToken(
      {
        sub: user.id,
        org: organization.id,
        role: user.role,
        pa: user.platformAdmin,
        plan: organization.plan,
        fam: familyId,
      },
      key,
      this.options.accessTtlSeconds,
    );
    const id = newId('rtk');
    const secret = newRefreshSecret();
    await this.store.insertRefreshToken({
      id,
      familyId,
      userId: user.id,
      organizationId: organization.id,
      secretHash: secretHash(secret),
      status: 'active',
      expiresAt: new Date(now.getTime() + this.options.refreshTtlMs),
      createdAt: now,
    });
    return { accessToken: access.token, refreshToken: `${id}.${secret}`, expiresIn: access.expiresIn, user };
  }
}
