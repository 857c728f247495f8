import { AppError } from '@sightline/errors';
import { hasRole, type Principal, type Role } from '@sightline/principal';
import type { User } from './model.js';

/** What an update asks to change about a user. */
export interface UserChanges {
  role?: Role;
  status?: 'active' | 'disabled';
  organizationChange?: boolean;
}

/**
 * Decides whether `actor` may apply `changes` to `target` (same organization assumed; the
 * caller answers 404 for foreign users before asking). Nobody raises their own role or moves
 * organizations; only admins change roles and statuses of others.
 */
export function checkUserUpdate(
  actor: Principal,
  target: Pick<User, 'id' | 'role'>,
  changes: UserChanges,
): void {
  if (changes.organizationChange) {
    throw new AppError('forbidden', 'A user cannot be moved to another organization', {
      field: 'organization',
    });
  }
  const self = actor.sub === target.id;
  const isAdmin = actor.pa || actor.role === 'admin';
  if (!self && !isAdmin) throw new AppError('forbidden', 'Only admins can change other users');
  if (changes.role !== undefined && changes.role !== target.role) {
    if (self && hasRole(changes.role, target.role)) {
      throw new AppError('forbidden', 'You cannot raise your own role', { field: 'role' });
    }
    if (!isAdmin) throw new AppError('forbidden', 'Only admins can change roles', { field: 'role' });
  }
  if (changes.status !== undefined && !isAdmin) {
    throw new AppError('forbidden', 'Only admins can change a user’s status', { field: 'status' });
  }
  if (changes.status === 'disabled' && self) {
    throw new AppError('forbidden', 'You cannot disable yourself', { field: 'status' });
  }
}

/** Whether `actor` may read `target` (same organization): themselves, or as an admin. */
export function canReadUser(actor: Principal, target: Pick<User, 'id'>): boolean {
  return actor.pa || actor.sub === target.id || actor.role === 'admin';
}
