import { access, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, isoTimestamp } from '@sightline/errors';
import { type CloudEvent, newEvent } from '@sightline/events';
import type { Logger } from '@sightline/logging';
import { newId } from '@sightline/mongo';
import type { Principal } from '@sightline/principal';
import {
  checkCanDelete,
  checkCanUpload,
  type DataSource,
  type ProcessedTable,
} from '../domain/data-source.js';
import { detectFormat, type FileFormat } from '../domain/file-format.js';
import { convertToColumnar } from '../engine/columnar-copy.js';
import type { Engine } from '../engine/duckdb.js';
import type { DataSourceStore } from '../store/data-source-store.js';
import type { FileStore } from '../store/file-store.js';

const SOURCE = '/sightline/ingestion';
/** The event type of a processing job, routed to the job topic instead of the events topic. */
export const JOB_EVENT = 'ingestion.job.requested';
/** Attempts before a file that keeps failing (or crashing its worker) is marked failed. */
const MAX_ATTEMPTS = 3;

/** A raw upload already stored in GridFS and spooled on local disk. */
export interface ReceivedFile {
  fileName: string;
  size: number;
  rawFileId: string;
  spoolPath: string;
}

export interface NewDataSource {
  name?: string;
  description?: string;
  tags: string[];
  projectId?: string;
  format?: FileFormat;
  sheet?: string;
}

export interface DataSourceSettings {
  /** Files up to this size are processed within the upload request. */
  inlineMaxBytes: number;
  maxColumns: number;
  /** Where spooled uploads and work files live. */
  spoolDirectory: string;
}

/** Checks that a project exists in an organization (catalog's GetProject). */
export type ProjectCheck = (organizationId: string, projectId: string) => Promise<void>;

function schemaMap(table: ProcessedTable): Record<string, string> {
  return Object.fromEntries(table.columns.map((c) => [c.name, c.type]));
}

/** Uploading, processing, reading and deleting data sources, with roles and tenancy. */
export class DataSources {
  constructor(
    private readonly store: DataSourceStore,
    private readonly files: FileStore,
    private readonly engine: Engine,
    private readonly settings: DataSourceSettings,
    private readonly checkProject: ProjectCheck,
    private readonly onEvents: () => void,
    private readonly logger: Logger,
  ) {}

  /** Where an upload for a processing job waits, so the replica that took it needs no download. */
  spoolPathFor(id: string): string {
    return join(this.settings.spoolDirectory, `${id}.upload`);
  }

  private event(type: string, source: DataSource, data: Record<string, unknown>): CloudEvent {
    return newEvent({
      source: SOURCE,
      type,
      subject: source.id,
      orgid: source.organizationId,
      data: { data_source_id: source.id, organization_id: source.organizationId, ...data },
    });
  }

  private uploadedEvent(source: DataSource): CloudEvent {
    return this.event('data.uploaded', source, {
      name: source.name,
      file_name: source.fileName,
      file_size: source.fileSize,
      file_type: source.fileType,
      project_id: source.projectId ?? null,
      uploaded_by: source.ownerId,
      created_at: isoTimestamp(source.createdAt),
    });
  }

  private processedEvent(source: DataSource, table: ProcessedTable): CloudEvent {
    return this.event('data.processed', source, {
      name: source.name,
      project_id: source.projectId ?? null,
      rows: table.rows,
      columns: table.columns.length,
      schema: schemaMap(table),
      version: source.version + 1,
    });
  }

  /**
   * Creates a data source from a stored upload. Small files are processed now and come back
   * `ready` (or the upload is refused with what is wrong and nothing is kept); larger ones
   * come back `processing` and a worker picks up their job.
   */
  async create(actor: Principal, file: ReceivedFile, input: NewDataSource): Promise<DataSource> {
    let spoolKept = false;
    try {
      checkCanUpload(actor);
      if (input.projectId) await this.checkProject(actor.org, input.projectId);
      const name = await this.uniqueName(actor.org, input.name, file.fileName);
      const now = new Date();
      const source: DataSource = {
        id: newId('ds'),
        organizationId: actor.org,
        ownerId: actor.sub,
        ...(input.projectId ? { projectId: input.projectId } : {}),
        name,
        description: input.description ?? '',
        tags: input.tags,
        fileName: file.fileName,
        fileSize: file.size,
        fileType: input.format ?? 'csv',
        ...(input.format ? { declaredFormat: input.format } : {}),
        ...(input.sheet ? { sheet: input.sheet } : {}),
        status: 'processing',
        rawFileId: file.rawFileId,
        version: 0,
        createdAt: now,
        updatedAt: now,
      };
      if (file.size > this.settings.inlineMaxBytes) {
        // The format is confirmed by the worker; the name or the declared one stands for now.
        source.fileType = input.format ?? (await this.peekFormat(file, input));
        await rename(file.spoolPath, this.spoolPathFor(source.id));
        spoolKept = true;
        try {
          await this.store.insert(source, [
            this.uploadedEvent(source),
            newEvent({
              source: SOURCE,
              type: JOB_EVENT,
              subject: source.id,
              orgid: source.organizationId,
              data: { data_source_id: source.id },
            }),
          ]);
        } catch (error) {
          // Nothing of a refused upload stays behind, the moved spool file included.
          await rm(this.spoolPathFor(source.id), { force: true });
          throw error;
        }
        this.onEvents();
        return source;
      }
      const work = join(this.settings.spoolDirectory, `${source.id}.work`);
      try {
        const result = await convertToColumnar(
          this.engine,
          {
            path: file.spoolPath,
            fileName: file.fileName,
            workPath: work,
            ...(input.format ? { declaredFormat: input.format } : {}),
            ...(input.sheet ? { sheet: input.sheet } : {}),
          },
          { maxColumns: this.settings.maxColumns },
        );
        const columnarFileId = await this.files.saveColumnar(result.parquetPath, source.id);
        const columnarSize = (await stat(result.parquetPath)).size;
        const ready: DataSource = {
          ...source,
          fileType: result.format,
          status: 'ready',
          version: 1,
          columnarFileId,
          columnarSize,
          rows: result.table.rows,
          columns: result.table.columns,
          statistics: result.table.statistics,
        };
        await this.store.insert(ready, [
          this.uploadedEvent(ready),
          this.processedEvent(source, result.table),
        ]);
        this.onEvents();
        return ready;
      } finally {
        await removeWork(work);
      }
    } catch (error) {
      // A refused upload keeps nothing.
      await this.files.removeRaw(file.rawFileId).catch(() => undefined);
      throw error;
    } finally {
      if (!spoolKept) await rm(file.spoolPath, { force: true });
    }
  }

  private async peekFormat(file: ReceivedFile, input: NewDataSource): Promise<FileFormat> {
    const handle = await open(file.spoolPath, 'r');
    try {
      const head = Buffer.alloc(4096);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return detectFormat(file.fileName, head.subarray(0, bytesRead), input.format);
    } catch {
      return 'csv';
    } finally {
      await handle.close();
    }
  }

  /**
   * Processes a data source's job: converts the raw file, stores the columnar copy and marks
   * it ready (or failed with the reason). Safe to repeat: a finished source is left alone and
   * a crashed attempt's leftovers are removed first.
   */
  async process(id: string): Promise<void> {
    const claimed = await this.store.claimForProcessing(id);
    if (!claimed) return;
    const { source, attempt } = claimed;
    const log = this.logger.child({ data_source_id: id, attempt });
    if (attempt > MAX_ATTEMPTS) {
      await this.fail(source, `processing stopped after ${MAX_ATTEMPTS} attempts that did not finish`);
      return;
    }
    log.info('processing data source');
    const started = performance.now();
    const lap = () => Math.round(performance.now() - started);
    const timings: Record<string, number> = {};
    await this.files.removeColumnarOf(id);
    const spooled = this.spoolPathFor(id);
    const work = join(this.settings.spoolDirectory, `${id}.work`);
    let input = spooled;
    try {
      if (!(await exists(spooled))) {
        input = `${work}.raw`;
        await this.files.downloadRaw(source.rawFileId, input);
      }
      timings.fetched_ms = lap();
      const result = await convertToColumnar(
        this.engine,
        {
          path: input,
          fileName: source.fileName,
          workPath: work,
          ...(source.sheet ? { sheet: source.sheet } : {}),
          // The format named at upload, or detected again from the content.
          ...(source.declaredFormat ? { declaredFormat: source.declaredFormat } : {}),
        },
        { maxColumns: this.settings.maxColumns },
      );
      timings.converted_ms = lap();
      const columnarFileId = await this.files.saveColumnar(result.parquetPath, id);
      timings.stored_ms = lap();
      const columnarSize = (await stat(result.parquetPath)).size;
      const done = await this.store.markReady(
        id,
        { ...result.table, columnarFileId, columnarSize, fileType: result.format },
        [this.processedEvent(source, result.table)],
      );
      if (!done) await this.files.removeColumnar(columnarFileId);
      else this.onEvents();
      log.info(
        { rows: result.table.rows, ready: done, ...timings, total_ms: lap() },
        'data source processed',
      );
    } catch (error) {
      if (error instanceof AppError && error.kind === 'validation') {
        await this.fail(source, error.message);
        return;
      }
      log.error({ err: error }, 'processing attempt failed');
      // The job is retried; the last attempt settles the data source instead of leaving it processing.
      if (attempt < MAX_ATTEMPTS) throw error;
      await this.fail(
        source,
        `processing failed ${attempt} times on an internal error; upload the file again`,
      );
    } finally {
      await removeWork(work);
      await rm(input, { force: true });
      if (input !== spooled) await rm(spooled, { force: true });
    }
  }

  private async fail(source: DataSource, reason: string): Promise<void> {
    if (await this.store.markFailed(source.id, reason, [this.event('data.failed', source, { reason })])) {
      this.onEvents();
    }
  }

  /** A data source of the actor's organization; anything else is not found. */
  async get(actor: Principal, id: string): Promise<DataSource> {
    const source = await this.store.byId(actor.org, id);
    if (!source) throw new AppError('not_found', `Data source ${id} not found`);
    return source;
  }

  list(actor: Principal, query: Omit<Parameters<DataSourceStore['list']>[0], 'organizationId'>) {
    return this.store.list({ ...query, organizationId: actor.org });
  }

  /**
   * A data source's name is unique in its organization, so a question or a lookup by name means
   * one table. A name the uploader chose that is taken is a 409 naming the holder; a name taken
   * from the file ("sales.csv" → "sales") becomes the first free "sales (2)", "sales (3)", ….
   */
  private async uniqueName(
    organizationId: string,
    chosen: string | undefined,
    fileName: string,
  ): Promise<string> {
    if (chosen !== undefined) {
      const holder = await this.store.byName(organizationId, chosen);
      if (holder) {
        throw new AppError(
          'conflict',
          `A data source named "${chosen}" already exists (${holder.id}); choose another name or delete it first`,
          { field: 'data_source_name', details: { existing_data_source_id: holder.id } },
        );
      }
      return chosen;
    }
    const base = fileName.replace(/\.[^.]+$/, '') || fileName;
    for (let n = 1; n < 1_000; n += 1) {
      const candidate = n === 1 ? base : `${base} (${n})`;
      if (!(await this.store.byName(organizationId, candidate))) return candidate;
    }
    throw new AppError('conflict', `Too many data sources are named after ${fileName}; name this one`, {
      field: 'data_source_name',
    });
  }

  /** Deletes the metadata (with a `data.deleted` event), the raw file and the columnar copy. */
  async remove(actor: Principal, id: string): Promise<void> {
    const source = await this.get(actor, id);
    checkCanDelete(actor, source);
    await this.removeSource(source);
  }

  /** Deletes every data source of a deleted project. */
  async removeProject(organizationId: string, projectId: string): Promise<number> {
    const ids = await this.store.idsOfProject(organizationId, projectId);
    for (const id of ids) {
      const source = await this.store.byId(organizationId, id);
      if (source) await this.removeSource(source, 'project_deleted');
    }
    return ids.length;
  }

  private async removeSource(source: DataSource, reason = 'deleted'): Promise<void> {
    const event = this.event('data.deleted', source, {
      name: source.name,
      project_id: source.projectId ?? null,
      reason,
    });
    if (!(await this.store.remove(source, [event])))
      throw new AppError('not_found', `Data source ${source.id} not found`);
    this.onEvents();
    await this.files.removeRaw(source.rawFileId);
    await this.files.removeColumnarOf(source.id);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function removeWork(work: string): Promise<void> {
  await Promise.all(
    ['.parquet', '.draft.parquet', '.head.csv', '.sheet.csv', '.raw'].map((suffix) =>
      rm(`${work}${suffix}`, { force: true }),
    ),
  );
}
