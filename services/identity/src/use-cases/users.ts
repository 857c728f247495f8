import { AppError } from '@sightline/errors';
import { type CloudEvent, newEvent } from '@sightline/events';
import { newId } from '@sightline/mongo';
import { type Principal, type RevokedSessions, type Role, requireRole } from '@sightline/principal';
import { DEFAULT_PREFERENCES, type Organization, type Preferences, type User } from '../domain/model.js';
import { hashPassword, passwordProblem } from '../domain/passwords.js';
import { newInvitationToken, secretHash } from '../domain/secrets.js';
import { canReadUser, checkUserUpdate } from '../domain/user-rules.js';
import type { IdentityStore, UserFilter } from '../store/identity-store.js';

export const EVENT_SOURCE = '/sightline/identity';
const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export interface NewUser {
  email: string;
  username?: string;
  password?: string;
  firstName?: string;
  lastName?: string;
  role: Role;
  /** The organization's id or name; defaults to the creator's. */
  organization?: string;
}

export interface UserUpdate {
  email?: string;
  username?: string;
  firstName?: string;
  lastName?: string;
  preferences?: Partial<Preferences>;
  role?: Role;
  status?: 'active' | 'disabled';
  organization?: string;
}

function userEventData(user: User) {
  return {
    user_id: user.id,
    email: user.email,
    username: user.username,
    role: user.role,
    status: user.status,
    organization_id: user.organizationId,
  };
}

/** Creating, inviting, reading and changing users, with tenancy and role rules. */
export class Users {
  constructor(
    private readonly store: IdentityStore,
    private readonly onEvents: () => void,
    /** How long an access token lives: sign-ins older than that have none left to stop. */
    private readonly accessTtlSeconds: number,
  ) {}

  /** The organization a reference names, as `actor` may see it (foreign ones are not found). */
  async organizationFor(actor: Principal, reference?: string): Promise<Organization> {
    const organization = reference
      ? ((await this.store.organizationById(reference)) ?? (await this.store.organizationByName(reference)))
      : await this.store.organizationById(actor.org);
    if (!organization || (!actor.pa && organization.id !== actor.org)) {
      throw new AppError('not_found', `Organization ${reference ?? actor.org} not found`, {
        field: 'organization',
      });
    }
    return organization;
  }

  /** Creates a user; without a password the user is invited and a one-time token returned. */
  async create(
    actor: Principal,
    input: NewUser,
  ): Promise<{ user: User; organization: Organization; invitationToken?: string }> {
    requireRole(actor, 'admin');
    const organization = await this.organizationFor(actor, input.organization);
    const email = input.email.toLowerCase();
    if (input.password !== undefined) {
      const problem = passwordProblem(input.password, email);
      if (problem) throw new AppError('validation', `password ${problem}`, { field: 'password' });
    }
    if (
      organization.settings.max_users !== undefined &&
      (await this.store.countUsers(organization.id)) >= organization.settings.max_users
    ) {
      throw new AppError(
        'conflict',
        `Organization ${organization.name} has reached its limit of ${organization.settings.max_users} users`,
      );
    }
    const now = new Date();
    const invitationToken = input.password === undefined ? newInvitationToken() : undefined;
    const user: User = {
      id: newId('user'),
      organizationId: organization.id,
      email,
      username: input.username ?? email.split('@')[0] ?? email,
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      role: input.role,
      platformAdmin: false,
      status: invitationToken ? 'invited' : 'active',
      preferences: { ...DEFAULT_PREFERENCES },
      ...(input.password !== undefined ? { passwordHash: await hashPassword(input.password) } : {}),
      ...(invitationToken
        ? {
            invitationHash: secretHash(invitationToken),
            invitationExpiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
          }
        : {}),
      loginCount: 0,
      createdAt: now,
      updatedAt: now,
    };
    const events: CloudEvent[] = [
      newEvent({
        source: EVENT_SOURCE,
        type: 'user.created',
        subject: user.id,
        orgid: organization.id,
        data: userEventData(user),
      }),
    ];
    if (invitationToken) {
      events.push(
        newEvent({
          source: EVENT_SOURCE,
          type: 'user.invited',
          subject: user.id,
          orgid: organization.id,
          data: {
            ...userEventData(user),
            invited_by: actor.sub,
            expires_at: user.invitationExpiresAt?.toISOString(),
          },
        }),
      );
    }
    await this.store.insertUser(user, events);
    this.onEvents();
    return { user, organization, ...(invitationToken ? { invitationToken } : {}) };
  }

  /** Activates an invited user with their chosen password. */
  async acceptInvitation(token: string, password: string): Promise<User> {
    const user = await this.store.userByInvitation(secretHash(token));
    if (!user || !user.invitationExpiresAt || user.invitationExpiresAt < new Date()) {
      throw new AppError('validation', 'The invitation is invalid or has expired', { field: 'token' });
    }
    const problem = passwordProblem(password, user.email);
    if (problem) throw new AppError('validation', `password ${problem}`, { field: 'password' });
    const updated = await this.store.updateUser(
      user.id,
      { status: 'active', passwordHash: await hashPassword(password) },
      [],
      ['invitationHash', 'invitationExpiresAt'],
    );
    if (!updated)
      throw new AppError('validation', 'The invitation is invalid or has expired', { field: 'token' });
    return updated;
  }

  /** A user of the actor's organization that the actor may read; everything else is not found. */
  async get(actor: Principal, id: string): Promise<{ user: User; organization: Organization }> {
    const user = await this.store.userById(id);
    if (!user || (!actor.pa && user.organizationId !== actor.org))
      throw new AppError('not_found', `User ${id} not found`);
    if (!canReadUser(actor, user)) throw new AppError('forbidden', 'Only admins can read other users');
    const organization = await this.store.organizationById(user.organizationId);
    if (!organization) throw new AppError('not_found', `User ${id} not found`);
    return { user, organization };
  }

  async list(actor: Principal, filter: UserFilter & { organization?: string }, skip: number, limit: number) {
    requireRole(actor, 'admin');
    let organizationId = actor.org;
    if (filter.organization) organizationId = (await this.organizationFor(actor, filter.organization)).id;
    else if (actor.pa) organizationId = '';
    return this.store.listUsers(
      {
        ...(organizationId ? { organizationId } : {}),
        ...(filter.role ? { role: filter.role } : {}),
        ...(filter.status ? { status: filter.status } : {}),
      },
      skip,
      limit,
    );
  }

  async update(
    actor: Principal,
    id: string,
    changes: UserUpdate,
  ): Promise<{ user: User; organization: Organization; revokedSessions?: RevokedSessions }> {
    const { user: target, organization } = await this.get(actor, id);
    checkUserUpdate(actor, target, {
      ...(changes.role ? { role: changes.role } : {}),
      ...(changes.status ? { status: changes.status } : {}),
      organizationChange: changes.organization !== undefined,
    });
    const set: Partial<User> = {};
    if (changes.email !== undefined) set.email = changes.email.toLowerCase();
    if (changes.username !== undefined) set.username = changes.username;
    if (changes.firstName !== undefined) set.firstName = changes.firstName;
    if (changes.lastName !== undefined) set.lastName = changes.lastName;
    if (changes.preferences) set.preferences = { ...target.preferences, ...changes.preferences };
    if (changes.role) set.role = changes.role;
    if (changes.status) set.status = changes.status;
    const updated = await this.store.updateUser(id, set);
    if (!updated) throw new AppError('not_found', `User ${id} not found`);
    // A new role or a disabled account ends every sign-in: tokens carrying the old access stop now.
    const accessChanged =
      (changes.role !== undefined && changes.role !== target.role) ||
      (changes.status === 'disabled' && target.status !== 'disabled');
    if (!accessChanged) return { user: updated, organization };
    const since = new Date(Date.now() - this.accessTtlSeconds * 1000);
    const families = await this.store.revokeFamiliesOfUser(id, since);
    return {
      user: updated,
      organization,
      ...(families.length > 0 ? { revokedSessions: { families, ttlSeconds: this.accessTtlSeconds } } : {}),
    };
  }
}
