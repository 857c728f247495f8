import { rm } from 'node:fs/promises';
import { AppError, isoTimestamp } from '@sightline/errors';
import { sendResult, validate } from '@sightline/http-kit';
import { platformPage, skipFor } from '@sightline/mongo';
import { PRINCIPAL_HEADER, principalFromHeader } from '@sightline/principal';
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import { checkCanUpload, type DataSource, parseTags } from '../domain/data-source.js';
import { FILE_FORMATS } from '../domain/file-format.js';
import type { FileStore } from '../store/file-store.js';
import type { DataSources, NewDataSource } from '../use-cases/data-sources.js';
import { type ReceivedUpload, receiveUpload } from './upload-receiver.js';

export interface DataRouteDeps {
  dataSources: DataSources;
  files: FileStore;
  secret: string;
  maxUploadBytes: number;
  spoolDirectory: string;
}

const one = (fields: Map<string, string[]>, name: string) => fields.get(name)?.at(-1);
const format = z.enum(FILE_FORMATS, { message: `must be one of ${FILE_FORMATS.join(', ')}` });
const v1Upload = z.object({
  project_id: z.string({ message: 'is required' }).trim().min(1, 'is required').max(64),
  format: format.optional(),
  sheet: z.string().trim().min(1).max(100).optional(),
});
const platformUpload = z.object({
  data_source_name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  description: z.string().max(5_000).optional(),
  format: format.optional(),
  sheet: z.string().trim().min(1).max(100).optional(),
  project_id: z.string().trim().min(1).max(64).optional(),
});
const listQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  tags: z.union([z.string(), z.array(z.string())]).optional(),
  created_after: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date or timestamp')
    .optional(),
  file_type: format.optional(),
  project_id: z.string().max(64).optional(),
});

/** Column name → type, as the platform reference's upload answer shows. */
function typeMap(source: DataSource): Record<string, string> | undefined {
  return source.columns ? Object.fromEntries(source.columns.map((c) => [c.name, c.type])) : undefined;
}

/** A data source in the public API v1 (docs/contracts.md), plus the failure reason when there is one. */
function v1View(source: DataSource) {
  return {
    id: source.id,
    project_id: source.projectId ?? null,
    filename: source.fileName,
    size: source.fileSize,
    rows: source.rows ?? null,
    status: source.status,
    ...(source.failure ? { error: source.failure } : {}),
    format: source.fileType,
    created_at: isoTimestamp(source.createdAt),
  };
}

/** A data source in the platform dialect (upload answer and detail). */
function platformView(source: DataSource) {
  return {
    data_source_id: source.id,
    name: source.name,
    description: source.description,
    file_name: source.fileName,
    file_size: source.fileSize,
    file_type: source.fileType,
    status: source.status,
    ...(source.failure ? { error: source.failure } : {}),
    rows: source.rows ?? null,
    columns: source.columns?.length ?? null,
    ...(source.columns ? { schema: typeMap(source) } : {}),
    tags: source.tags,
    ...(source.projectId ? { project_id: source.projectId } : {}),
    uploaded_at: isoTimestamp(source.createdAt),
  };
}

function listItem(source: DataSource) {
  return {
    data_source_id: source.id,
    name: source.name,
    file_name: source.fileName,
    file_type: source.fileType,
    status: source.status,
    rows: source.rows ?? null,
    columns: source.columns?.length ?? null,
    tags: source.tags,
    uploaded_at: isoTimestamp(source.createdAt),
  };
}

/** The platform API's schema answer; while processing or failed it says so instead. */
function schemaView(source: DataSource) {
  return {
    data_source_id: source.id,
    status: source.status,
    ...(source.failure ? { error: source.failure } : {}),
    ...(source.columns
      ? {
          schema: Object.fromEntries(
            source.columns.map((c) => [
              c.name,
              {
                type: c.type,
                nullable: c.nullable,
                unique_values: c.uniqueValues,
                sample_values: c.sampleValues,
                ...(c.dateFormat ? { date_format: c.dateFormat } : {}),
              },
            ]),
          ),
        }
      : {}),
    ...(source.statistics
      ? {
          statistics: {
            total_rows: source.statistics.totalRows,
            completeness: source.statistics.completeness,
            data_quality_score: source.statistics.dataQualityScore,
          },
        }
      : {}),
  };
}

/** `/v1/data/*` (the reference) and `/api/v1/data/*` (upload, sources, schema, delete). */
export function registerDataRoutes(app: Express, deps: DataRouteDeps): void {
  const { dataSources, secret } = deps;
  const actor = (req: Request) => principalFromHeader(req.headers[PRINCIPAL_HEADER], secret);

  const upload = async (req: Request, res: Response) => {
    const principal = actor(req);
    // Viewers are refused before a byte of the file is read.
    checkCanUpload(principal);
    let received: ReceivedUpload;
    try {
      received = await receiveUpload(req, {
        maxBytes: deps.maxUploadBytes,
        spoolDirectory: deps.spoolDirectory,
        files: deps.files,
      });
    } catch (error) {
      // The client may still be sending: do not keep reading a body we refused.
      res.setHeader('Connection', 'close');
      throw error;
    }
    const { fields, file } = received;
    let input: NewDataSource;
    try {
      if (!file)
        throw new AppError('validation', 'file is required: send the table as a "file" form field', {
          field: 'file',
        });
      const text = Object.fromEntries([...fields.keys()].map((k) => [k, one(fields, k)]));
      if (req.dialect === 'v1') {
        const body = validate(v1Upload, text);
        input = {
          tags: [],
          projectId: body.project_id,
          ...(body.format ? { format: body.format } : {}),
          ...(body.sheet ? { sheet: body.sheet } : {}),
        };
      } else {
        const body = validate(platformUpload, text);
        input = {
          tags: parseTags(fields.get('tags') ?? []),
          ...(body.data_source_name ? { name: body.data_source_name } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.format ? { format: body.format } : {}),
          ...(body.sheet ? { sheet: body.sheet } : {}),
          ...(body.project_id ? { projectId: body.project_id } : {}),
        };
      }
    } catch (error) {
      if (file) {
        await deps.files.removeRaw(file.rawFileId).catch(() => undefined);
        await rm(file.spoolPath, { force: true });
      }
      throw error;
    }
    const source = await dataSources.create(principal, file, input);
    const status = source.status === 'ready' ? 201 : 202;
    if (req.dialect === 'v1') res.status(status).json(v1View(source));
    else
      sendResult(req, res, platformView(source), {
        status,
        message: source.status === 'ready' ? 'Data uploaded and processed' : 'Data uploaded; processing',
      });
  };
  app.post(['/v1/data/upload', '/api/v1/data/upload'], upload);

  app.get('/v1/data/:id', async (req, res) => {
    res.json(v1View(await dataSources.get(actor(req), String(req.params.id))));
  });

  app.get('/api/v1/data/sources', async (req, res) => {
    const principal = actor(req);
    const query = validate(listQuery, req.query);
    const request = { page: query.page, size: query.limit };
    const tags =
      query.tags === undefined ? [] : parseTags(Array.isArray(query.tags) ? query.tags : [query.tags]);
    const { items, total } = await dataSources.list(principal, {
      ...(tags.length > 0 ? { tags } : {}),
      ...(query.created_after ? { createdAfter: new Date(query.created_after) } : {}),
      ...(query.file_type ? { fileType: query.file_type } : {}),
      ...(query.project_id ? { projectId: query.project_id } : {}),
      skip: skipFor(request),
      limit: request.size,
    });
    sendResult(req, res, platformPage('data_sources', items.map(listItem), total, request));
  });

  app.get('/api/v1/data/sources/:id', async (req, res) => {
    sendResult(req, res, platformView(await dataSources.get(actor(req), String(req.params.id))));
  });

  app.get('/api/v1/data/sources/:id/schema', async (req, res) => {
    sendResult(req, res, schemaView(await dataSources.get(actor(req), String(req.params.id))));
  });

  app.delete(['/api/v1/data/sources/:id', '/v1/data/:id'], async (req, res) => {
    const id = String(req.params.id);
    await dataSources.remove(actor(req), id);
    if (req.dialect === 'v1') res.json({ success: true, message: 'Data deleted successfully' });
    else
      sendResult(
        req,
        res,
        { data_source_id: id, deleted: true },
        { message: 'Data source deleted successfully' },
      );
  });
}
