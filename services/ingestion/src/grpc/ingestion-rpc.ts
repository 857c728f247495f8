import { AppError } from '@sightline/errors';
import type { GrpcServer } from '@sightline/grpc-kit';
import { ingestionV1 } from '@sightline/proto';
import type { DataSource } from '../domain/data-source.js';
import type { DataSourceStore } from '../store/data-source-store.js';
import type { FileStore } from '../store/file-store.js';

/** The fully qualified name the health service reports for IngestionService. */
export const GRPC_SERVICE_NAME = 'sightline.ingestion.v1.IngestionService';

/** gRPC messages stay well under the default 4 MiB receive limit. */
const CHUNK_BYTES = 1024 * 1024;

function toMessage(source: DataSource): ingestionV1.DataSource {
  return {
    id: source.id,
    organizationId: source.organizationId,
    name: source.name,
    status: source.status,
    rows: source.rows ?? 0,
    columns: (source.columns ?? []).map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      uniqueValues: c.uniqueValues,
      dateFormat: c.dateFormat ?? '',
    })),
    version: `${source.id}.v${source.version}`,
    columnarSize: source.columnarSize ?? 0,
    fileName: source.fileName,
  };
}

/** Registers IngestionService: data source metadata, and its Parquet copy streamed in chunks. */
export function registerIngestionRpc(
  server: GrpcServer,
  deps: { store: DataSourceStore; files: FileStore },
): void {
  const find = async (request: { dataSourceId: string; organizationId: string; name?: string }) => {
    const source =
      request.dataSourceId === '' && request.name
        ? await deps.store.byName(request.organizationId, request.name)
        : await deps.store.byId(request.organizationId, request.dataSourceId);
    if (!source)
      throw new AppError('not_found', `Data source ${request.dataSourceId || request.name} not found`, {
        field: 'data_source',
      });
    return source;
  };
  server.addService(GRPC_SERVICE_NAME, ingestionV1.IngestionServiceService, {
    getDataSource: async (request) => ({ dataSource: toMessage(await find(request)) }),
    readDataset: async (request, context, send) => {
      const source = await find(request);
      if (source.status !== 'ready' || !source.columnarFileId) {
        throw new AppError(
          'conflict',
          source.status === 'failed'
            ? `Data source ${source.id} failed processing: ${source.failure ?? 'unknown reason'}`
            : `Data source ${source.id} is still processing; try again when it is ready`,
        );
      }
      let pending: Buffer = Buffer.alloc(0);
      for await (const piece of deps.files.readColumnar(source.columnarFileId)) {
        if (context.cancelled()) return;
        pending = pending.length === 0 ? (piece as Buffer) : Buffer.concat([pending, piece as Buffer]);
        while (pending.length >= CHUNK_BYTES) {
          await send({ chunk: pending.subarray(0, CHUNK_BYTES) });
          pending = pending.subarray(CHUNK_BYTES);
        }
      }
      if (pending.length > 0) await send({ chunk: pending });
    },
    getStorageUsage: async (request) => {
      if (!request.organizationId) throw new AppError('validation', 'organization_id is required');
      return deps.store.storageOf(request.organizationId);
    },
  });
}
