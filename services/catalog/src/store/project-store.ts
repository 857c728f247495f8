import { AppError } from '@sightline/errors';
import { type CloudEvent, deletionWithEvents, notDeleted, outboxFields, withEvents } from '@sightline/events';
import { isDuplicateKeyError } from '@sightline/mongo';
import type { Connection, mongo } from 'mongoose';
import type { Project, SortField } from '../domain/project.js';

type ProjectDoc = Omit<Project, 'id'> & { _id: string; nameKey: string };

const SORT_KEYS: Record<SortField, string> = {
  created_at: 'createdAt',
  updated_at: 'updatedAt',
  name: 'nameKey',
};

function fromDoc(doc: ProjectDoc | null): Project | undefined {
  if (!doc) return undefined;
  const { _id, organizationId, ownerId, name, description, settings, createdAt, updatedAt } = doc;
  return { id: _id, organizationId, ownerId, name, description, settings, createdAt, updatedAt };
}

const nameTaken = (name: string) =>
  new AppError('conflict', `A project named "${name}" already exists in your organization`, {
    field: 'name',
  });

/** A page of projects in a stable order. */
export interface ProjectQuery {
  organizationId: string;
  /** When set, only projects this user owns or that are visible to the organization. */
  visibleTo?: string;
  sort: SortField;
  order: 'asc' | 'desc';
  skip: number;
  limit: number;
}

/** Projects in catalog's own database, as plain objects; every change carries its events. */
export class ProjectStore {
  readonly projects: mongo.Collection<ProjectDoc>;

  constructor(connection: Connection) {
    this.projects = connection.collection('projects') as unknown as mongo.Collection<ProjectDoc>;
  }

  async ensureIndexes(): Promise<void> {
    // Names are unique per organization, ignoring case.
    await this.projects.createIndex({ organizationId: 1, nameKey: 1 }, { unique: true, name: 'unique_name' });
    for (const key of ['createdAt', 'updatedAt', 'nameKey']) {
      await this.projects.createIndex({ organizationId: 1, [key]: 1, _id: 1 });
    }
  }

  async insert(project: Project, events: CloudEvent[]): Promise<void> {
    const { id, ...rest } = project;
    try {
      await this.projects.insertOne({
        ...rest,
        _id: id,
        nameKey: project.name.toLowerCase(),
        ...outboxFields(events),
      } as ProjectDoc);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw nameTaken(project.name);
      throw error;
    }
  }

  async byId(organizationId: string, id: string): Promise<Project | undefined> {
    return fromDoc(
      await this.projects.findOne({ _id: id, organizationId, ...notDeleted } as mongo.Filter<ProjectDoc>),
    );
  }

  async list(query: ProjectQuery): Promise<{ items: Project[]; total: number }> {
    const filter: mongo.Filter<ProjectDoc> = {
      organizationId: query.organizationId,
      ...notDeleted,
    } as mongo.Filter<ProjectDoc>;
    if (query.visibleTo) {
      (filter as Record<string, unknown>).$or = [
        { ownerId: query.visibleTo },
        { 'settings.visibility': 'organization' },
      ];
    }
    const direction = query.order === 'asc' ? 1 : -1;
    const [docs, total] = await Promise.all([
      this.projects
        .find(filter)
        .sort({ [SORT_KEYS[query.sort]]: direction, _id: direction })
        .skip(query.skip)
        .limit(query.limit)
        .toArray(),
      this.projects.countDocuments(filter),
    ]);
    return { items: docs.map((d) => fromDoc(d as ProjectDoc) as Project), total };
  }

  /** Writes the new state with its events, unless the project changed or vanished meanwhile. */
  async update(before: Project, after: Project, events: CloudEvent[]): Promise<boolean> {
    try {
      const result = await this.projects.updateOne(
        {
          _id: before.id,
          organizationId: before.organizationId,
          updatedAt: before.updatedAt,
          ...notDeleted,
        } as mongo.Filter<ProjectDoc>,
        withEvents(
          {
            $set: {
              name: after.name,
              nameKey: after.name.toLowerCase(),
              description: after.description,
              settings: after.settings,
              updatedAt: after.updatedAt,
            },
          },
          events,
        ) as mongo.UpdateFilter<ProjectDoc>,
      );
      return result.modifiedCount === 1;
    } catch (error) {
      if (isDuplicateKeyError(error)) throw nameTaken(after.name);
      throw error;
    }
  }

  /** Hides the project at once and deletes it once its deletion event is published. */
  async remove(project: Project, events: CloudEvent[]): Promise<boolean> {
    const update = deletionWithEvents(events);
    // Free the name right away: a tombstone must not block a new project with it.
    update.$set = { ...update.$set, nameKey: `~deleted:${project.id}` };
    const result = await this.projects.updateOne(
      { _id: project.id, organizationId: project.organizationId, ...notDeleted } as mongo.Filter<ProjectDoc>,
      update as mongo.UpdateFilter<ProjectDoc>,
    );
    return result.modifiedCount === 1;
  }
}
