import { AppError } from '@sightline/errors';
import type { Principal } from '@sightline/principal';

/** Who may see a project besides its owner and the organization's admins. */
export type Visibility = 'private' | 'organization';

/** A project's settings: `visibility` plus free-form keys (size-limited at the edge). */
export type ProjectSettings = { visibility: Visibility } & Record<string, unknown>;

/** The public API v1's central resource: a named container for data, owned by one user. */
export interface Project {
  id: string;
  organizationId: string;
  ownerId: string;
  name: string;
  description: string;
  settings: ProjectSettings;
  createdAt: Date;
  updatedAt: Date;
}

export const SORT_FIELDS = ['created_at', 'updated_at', 'name'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/**
 * Whether `actor` may see `project` (same organization assumed): admins and the owner always;
 * everyone in the organization when its visibility is `organization`.
 */
export function canRead(actor: Principal, project: Pick<Project, 'ownerId' | 'settings'>): boolean {
  return (
    actor.pa ||
    actor.role === 'admin' ||
    project.ownerId === actor.sub ||
    project.settings.visibility === 'organization'
  );
}

/** Refuses (403) unless `actor` may change or delete `project`: its owner (user role or above) or an admin. */
export function checkCanWrite(actor: Principal, project: Pick<Project, 'ownerId'>): void {
  if (actor.pa || actor.role === 'admin') return;
  if (actor.role === 'viewer') throw new AppError('forbidden', 'Viewers cannot change projects');
  if (project.ownerId !== actor.sub)
    throw new AppError('forbidden', 'Only the project’s owner or an admin can change it');
}

/** Refuses (403) viewers, who read but never create. */
export function checkCanCreate(actor: Principal): void {
  if (!actor.pa && actor.role === 'viewer') throw new AppError('forbidden', 'Viewers cannot create projects');
}

/** The fields an update changes, for the `project.updated` event. */
export function changedFields(before: Project, after: Project): string[] {
  const changed: string[] = [];
  if (before.name !== after.name) changed.push('name');
  if (before.description !== after.description) changed.push('description');
  if (JSON.stringify(before.settings) !== JSON.stringify(after.settings)) changed.push('settings');
  return changed;
}
