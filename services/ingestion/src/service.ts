import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, fromGrpcError } from '@sightline/errors';
import { ensureTopics, eventsTopic } from '@sightline/events';
import { createGrpcClient } from '@sightline/grpc-kit';
import type { Logger } from '@sightline/logging';
import { catalogV1 } from '@sightline/proto';
import { type RunningService, type ServiceDependencies, startService } from '@sightline/service-runtime';
import type { mongo } from 'mongoose';
import type { IngestionConfig } from './config.js';
import { Engine } from './engine/duckdb.js';
import { JOBS_TOPIC, processingWorkers } from './events/processing-jobs.js';
import { projectCleanup } from './events/project-cleanup.js';
import { registerIngestionRpc } from './grpc/ingestion-rpc.js';
import { registerDataRoutes } from './http/data-routes.js';
import { DataSourceStore } from './store/data-source-store.js';
import { FileStore } from './store/file-store.js';
import { DataSources, JOB_EVENT, type ProjectCheck } from './use-cases/data-sources.js';

/** Starts ingestion: its database, Kafka, gRPC, HTTP and processing workers. Tests call this in-process. */
export function startIngestion(config: IngestionConfig, logger: Logger): Promise<RunningService> {
  return startService({
    name: 'ingestion',
    config,
    logger,
    infrastructure: config,
    outboxCollections: ['data_sources'],
    outboxRoutes: { [JOB_EVENT]: JOBS_TOPIC },
    setup: async (deps: ServiceDependencies) => {
      if (!deps.db || !deps.kafka || !deps.publisher)
        throw new Error('ingestion needs its database and Kafka');
      await mkdir(config.SPOOL_DIR, { recursive: true });
      const store = new DataSourceStore(deps.db.connection);
      await store.ensureIndexes();
      const files = new FileStore(deps.db.connection);
      const engine = await Engine.open({
        tempDirectory: join(config.SPOOL_DIR, `duckdb-${process.pid}`),
        memoryLimit: config.DUCKDB_MEMORY_LIMIT,
        threads: config.DUCKDB_THREADS,
        dataDirectory: config.SPOOL_DIR,
      });
      const catalog = createGrpcClient(catalogV1.CatalogServiceService, config.CATALOG_GRPC_ADDR, {
        deadlineMs: 2_000,
      });
      const checkProject: ProjectCheck = async (organizationId, projectId) => {
        try {
          await catalog.getProject({ organizationId, projectId });
        } catch (error) {
          const failure = fromGrpcError(error);
          if (failure.kind === 'not_found')
            throw new AppError('not_found', `Project ${projectId} not found`, { field: 'project_id' });
          throw failure;
        }
      };
      const dataSources = new DataSources(
        store,
        files,
        engine,
        {
          inlineMaxBytes: config.INLINE_PROCESSING_MAX_BYTES,
          maxColumns: config.MAX_COLUMNS,
          spoolDirectory: config.SPOOL_DIR,
        },
        checkProject,
        deps.nudgeOutbox,
        logger.child({ component: 'data-sources' }),
      );
      // The catalog topic may not exist yet when ingestion starts first.
      await ensureTopics(deps.kafka, [eventsTopic('catalog', config.KAFKA_TOPIC_PREFIX)]);
      const processed = deps.db.connection.collection('processed_events') as unknown as mongo.Collection;
      return { deps, store, files, engine, dataSources, processed, catalog };
    },
    grpc: (server, parts) => registerIngestionRpc(server, parts),
    http: (app, parts) =>
      registerDataRoutes(app, {
        dataSources: parts.dataSources,
        files: parts.files,
        secret: config.INTERNAL_AUTH_SECRET,
        maxUploadBytes: config.MAX_UPLOAD_BYTES,
        spoolDirectory: config.SPOOL_DIR,
      }),
    background: async (parts) => {
      const common = {
        kafka: parts.deps.kafka as NonNullable<ServiceDependencies['kafka']>,
        topicPrefix: config.KAFKA_TOPIC_PREFIX,
        dataSources: parts.dataSources,
        processed: parts.processed,
        deadLetters: parts.deps.publisher as NonNullable<ServiceDependencies['publisher']>,
      };
      const workers = Array.from({ length: config.WORKER_CONCURRENCY }, () =>
        processingWorkers({
          ...common,
          logger: logger.child({ component: 'worker' }),
          sessionTimeoutMs: config.JOB_SESSION_TIMEOUT_MS,
        }),
      );
      const cleanup = projectCleanup({ ...common, logger: logger.child({ component: 'project-cleanup' }) });
      for (const consumer of [...workers, cleanup]) await consumer.start();
      return {
        async stop() {
          for (const consumer of [...workers, cleanup]) await consumer.stop();
          parts.catalog.close();
          parts.engine.close();
        },
      };
    },
  });
}
