import { AppError } from '@sightline/errors';
import type { Principal } from '@sightline/principal';
import { requireRole } from '@sightline/principal';
import type { ColumnType } from './column-types.js';
import type { FileFormat } from './file-format.js';

/** A column as inferred from the whole file. */
export interface ColumnSchema {
  name: string;
  type: ColumnType;
  /** The date format the column was read with (datetime columns). */
  dateFormat?: string;
  nullable: boolean;
  uniqueValues: number;
  sampleValues: string[];
  /** Values present (not blank, and in typed columns not a null token). */
  present: number;
  conformity: number;
}

/** Table-wide statistics of a ready data source. */
export interface TableStatistics {
  totalRows: number;
  completeness: number;
  dataQualityScore: number;
}

export type DataSourceStatus = 'processing' | 'ready' | 'failed';

/** An uploaded table: the raw file, its inferred schema and its columnar (Parquet) copy. */
export interface DataSource {
  id: string;
  organizationId: string;
  ownerId: string;
  /** Set when uploaded through the public API v1 into a project. */
  projectId?: string;
  name: string;
  description: string;
  tags: string[];
  fileName: string;
  fileSize: number;
  fileType: FileFormat;
  /** The `format` the upload named, which overrides detection when the file is processed. */
  declaredFormat?: FileFormat;
  /** Excel sheet asked for (name or 1-based number); the first sheet otherwise. */
  sheet?: string;
  status: DataSourceStatus;
  failure?: string;
  rawFileId: string;
  columnarFileId?: string;
  columnarSize?: number;
  /** Changes whenever the columnar copy changes; caches key on it. */
  version: number;
  rows?: number;
  columns?: ColumnSchema[];
  statistics?: TableStatistics;
  createdAt: Date;
  updatedAt: Date;
}

/** What processing a raw file yields. */
export interface ProcessedTable {
  rows: number;
  columns: ColumnSchema[];
  statistics: TableStatistics;
}

/** Uploading and deleting need the `user` role; viewers read. */
export function checkCanUpload(actor: Principal): void {
  requireRole(actor, 'user');
}

/** Only the uploader or an admin deletes a data source. */
export function checkCanDelete(actor: Principal, source: Pick<DataSource, 'ownerId'>): void {
  requireRole(actor, 'user');
  if (actor.pa || actor.role === 'admin' || actor.sub === source.ownerId) return;
  throw new AppError('forbidden', 'Only the uploader or an organization admin may delete this data source');
}

const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 50;

/**
 * Tags as clients send them in a form: a JSON array string (as the reference writes it), a
 * comma-separated string, or the field repeated. Trimmed, de-duplicated, order kept.
 */
export function parseTags(values: readonly string[]): string[] {
  const tags: string[] = [];
  for (const value of values) {
    const text = value.trim();
    let parts: unknown[];
    if (text.startsWith('[')) {
      try {
        parts = JSON.parse(text) as unknown[];
      } catch {
        throw new AppError('validation', 'tags looks like a JSON array but is not valid JSON', {
          field: 'tags',
        });
      }
      if (!Array.isArray(parts) || parts.some((p) => typeof p !== 'string'))
        throw new AppError('validation', 'tags must be an array of strings', { field: 'tags' });
    } else parts = text.split(',');
    for (const part of parts as string[]) {
      const tag = part.trim();
      if (tag === '') continue;
      if (tag.length > MAX_TAG_LENGTH)
        throw new AppError('validation', `each tag must be at most ${MAX_TAG_LENGTH} characters`, {
          field: 'tags',
        });
      if (!tags.includes(tag)) tags.push(tag);
    }
  }
  if (tags.length > MAX_TAGS)
    throw new AppError('validation', `at most ${MAX_TAGS} tags are allowed`, { field: 'tags' });
  return tags;
}
