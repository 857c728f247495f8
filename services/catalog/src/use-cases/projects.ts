import { AppError, isoTimestamp } from '@sightline/errors';
import { newEvent } from '@sightline/events';
import { newId } from '@sightline/mongo';
import type { Principal } from '@sightline/principal';
import {
  canRead,
  changedFields,
  checkCanCreate,
  checkCanWrite,
  type Project,
  type ProjectSettings,
  type SortField,
} from '../domain/project.js';
import type { ProjectStore } from '../store/project-store.js';

const SOURCE = '/sightline/catalog';

/** What events say about a project. */
function eventData(project: Project) {
  return {
    project_id: project.id,
    name: project.name,
    description: project.description,
    settings: project.settings,
    owner_id: project.ownerId,
    organization_id: project.organizationId,
    created_at: isoTimestamp(project.createdAt),
    updated_at: isoTimestamp(project.updatedAt),
  };
}

export interface ProjectInput {
  name: string;
  description?: string;
  settings?: Partial<ProjectSettings>;
}

/** Creating, reading, listing, changing and deleting projects, with roles and tenancy. */
export class Projects {
  constructor(
    private readonly store: ProjectStore,
    private readonly onEvents: () => void,
  ) {}

  async create(actor: Principal, input: ProjectInput): Promise<Project> {
    checkCanCreate(actor);
    const now = new Date();
    const project: Project = {
      id: newId('proj'),
      organizationId: actor.org,
      ownerId: actor.sub,
      name: input.name,
      description: input.description ?? '',
      settings: { ...input.settings, visibility: input.settings?.visibility ?? 'private' },
      createdAt: now,
      updatedAt: now,
    };
    await this.store.insert(project, [
      newEvent({
        source: SOURCE,
        type: 'project.created',
        subject: project.id,
        orgid: project.organizationId,
        data: eventData(project),
      }),
    ]);
    this.onEvents();
    return project;
  }

  /** A project the actor may see; anything else (foreign, private to someone else) is not found. */
  async get(actor: Principal, id: string): Promise<Project> {
    const project = await this.store.byId(actor.org, id);
    if (!project || !canRead(actor, project)) throw new AppError('not_found', `Project ${id} not found`);
    return project;
  }

  list(actor: Principal, query: { sort: SortField; order: 'asc' | 'desc'; skip: number; limit: number }) {
    const seesAll = actor.pa || actor.role === 'admin';
    return this.store.list({
      organizationId: actor.org,
      ...(seesAll ? {} : { visibleTo: actor.sub }),
      ...query,
    });
  }

  async update(actor: Principal, id: string, input: Partial<ProjectInput>): Promise<Project> {
    const before = await this.get(actor, id);
    checkCanWrite(actor, before);
    const after: Project = {
      ...before,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      // Settings are replaced key by key; visibility stays unless given.
      ...(input.settings ? { settings: { ...before.settings, ...input.settings } as ProjectSettings } : {}),
      updatedAt: new Date(Math.max(Date.now(), before.updatedAt.getTime() + 1)),
    };
    const changed = changedFields(before, after);
    if (changed.length === 0) return before;
    const event = newEvent({
      source: SOURCE,
      type: 'project.updated',
      subject: id,
      orgid: actor.org,
      data: { ...eventData(after), changed_fields: changed },
    });
    if (!(await this.store.update(before, after, [event]))) {
      throw new AppError(
        'conflict',
        `Project ${id} was changed by someone else meanwhile; reload and try again`,
      );
    }
    this.onEvents();
    return after;
  }

  async remove(actor: Principal, id: string): Promise<void> {
    const project = await this.get(actor, id);
    checkCanWrite(actor, project);
    const event = newEvent({
      source: SOURCE,
      type: 'project.deleted',
      subject: id,
      orgid: actor.org,
      data: eventData(project),
    });
    if (!(await this.store.remove(project, [event])))
      throw new AppError('not_found', `Project ${id} not found`);
    this.onEvents();
  }
}
