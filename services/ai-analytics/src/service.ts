import { join } from 'node:path';
import { AppError } from '@sightline/errors';
import { ensureTopics, eventsTopic } from '@sightline/events';
import { createGrpcClient } from '@sightline/grpc-kit';
import type { Logger } from '@sightline/logging';
import { identityV1, ingestionV1 } from '@sightline/proto';
import { type RunningService, type ServiceDependencies, startService } from '@sightline/service-runtime';
import type { mongo } from 'mongoose';
import type { AiAnalyticsConfig } from './config.js';
import { DatasetCache } from './engine/dataset-cache.js';
import { dataSourceDeletions } from './events/data-source-deletions.js';
import { englishLexicon } from './engine/english.js';
import { QueryEngine } from './engine/query-engine.js';
import { GRPC_SERVICE_NAME, registerAiAnalyticsRpc } from './grpc/ai-analytics-rpc.js';
import { registerAnalysisRoutes } from './http/analysis-routes.js';
import { registerChartRoutes } from './http/chart-routes.js';
import { registerModelRoutes } from './http/model-routes.js';
import { registerWorkflowRoutes } from './http/workflow-routes.js';
import { WorkflowStore } from './store/workflow-store.js';
import { AnalysisStore } from './store/analysis-store.js';
import { ChartStore } from './store/chart-store.js';
import { Analyses } from './use-cases/analyses.js';
import { Charts, type DataSourceLookup } from './use-cases/charts.js';
import { ModelRegistry } from './use-cases/models.js';
import { WORKFLOW_LEASE_MS, Workflows } from './use-cases/workflows.js';

export { GRPC_SERVICE_NAME };

/** Starts ai-analytics: its database, Kafka, the query engine, gRPC and HTTP. Tests call this in-process. */
export function startAiAnalytics(config: AiAnalyticsConfig, logger: Logger): Promise<RunningService> {
  return startService({
    name: 'ai-analytics',
    config,
    logger,
    infrastructure: config,
    outboxCollections: ['charts', 'analyses', 'workflow_runs'],
    setup: async (deps: ServiceDependencies) => {
      if (!deps.db) throw new Error('ai-analytics needs its database');
      const store = new ChartStore(deps.db.connection);
      await store.ensureIndexes();
      const analysisStore = new AnalysisStore(deps.db.connection);
      await analysisStore.ensureIndexes();
      const ingestion = createGrpcClient(ingestionV1.IngestionServiceService, config.INGESTION_GRPC_ADDR, {
        deadlineMs: 5_000,
      });
      const lookup: DataSourceLookup = async (organizationId, reference) => {
        const byId = /^ds_[0-9A-Za-z]+$/.test(reference);
        const { dataSource } = await ingestion.getDataSource({
          organizationId,
          dataSourceId: byId ? reference : '',
          name: byId ? '' : reference,
        });
        if (!dataSource)
          throw new AppError('not_found', `Data source ${reference} not found`, { field: 'data_source' });
        return dataSource;
      };
      const cache = new DatasetCache(
        config.DATASET_CACHE_DIR,
        config.DATASET_CACHE_MAX_BYTES,
        async function* (ref) {
          for await (const message of ingestion.readDataset({
            dataSourceId: ref.id,
            organizationId: ref.organizationId,
          })) {
            yield message.chunk;
          }
        },
      );
      await cache.open();
      const engine = await QueryEngine.open({
        memoryLimit: config.DUCKDB_MEMORY_LIMIT,
        threads: config.DUCKDB_THREADS,
        // Under this process's own cache folder: spill files of two replicas on one host never meet.
        tempDirectory: join(config.DATASET_CACHE_DIR, `pid-${process.pid}`, 'duckdb'),
        timeoutMs: config.QUERY_TIMEOUT_MS,
        datasetDirectory: config.DATASET_CACHE_DIR,
      });
      // English (WordNet's indexes, about 6 MB) is read at start, not on the first question.
      englishLexicon().preload();
      const identity = createGrpcClient(identityV1.IdentityServiceService, config.IDENTITY_GRPC_ADDR, {
        deadlineMs: 2_000,
      });
      const models = new ModelRegistry(
        async (organizationId) => {
          const { organization } = await identity.getOrganization({ organizationId });
          return {
            restricts: organization?.restrictsModels ?? false,
            allowed: organization?.aiModelAccess ?? [],
          };
        },
        config.LLM_BASE_URL && config.LLM_MODEL
          ? {
              baseUrl: config.LLM_BASE_URL,
              apiKey: config.LLM_API_KEY,
              model: config.LLM_MODEL,
              timeoutMs: config.LLM_TIMEOUT_MS,
            }
          : undefined,
      );
      const charts = new Charts(
        store,
        engine,
        cache,
        lookup,
        deps.nudgeOutbox,
        logger.child({ component: 'charts' }),
        models,
      );
      const analyses = new Analyses(analysisStore, charts, engine, deps.nudgeOutbox);
      const workflowStore = new WorkflowStore(deps.db.connection);
      await workflowStore.ensureIndexes();
      const workflows = new Workflows(
        workflowStore,
        charts,
        engine,
        deps.nudgeOutbox,
        logger.child({ component: 'workflows' }),
        config.WORKFLOW_SYNC_MS,
      );
      // Ingestion's topic may not exist yet when ai-analytics starts first.
      await ensureTopics(deps.kafka as NonNullable<ServiceDependencies['kafka']>, [
        eventsTopic('ingestion', config.KAFKA_TOPIC_PREFIX),
      ]);
      const processed = deps.db.connection.collection('processed_events') as unknown as mongo.Collection;
      return { deps, store, charts, analyses, workflows, models, engine, ingestion, identity, processed };
    },
    grpc: (server, parts) => registerAiAnalyticsRpc(server, parts),
    http: (app, parts) => {
      registerChartRoutes(app, { charts: parts.charts, secret: config.INTERNAL_AUTH_SECRET });
      registerAnalysisRoutes(app, { analyses: parts.analyses, secret: config.INTERNAL_AUTH_SECRET });
      registerWorkflowRoutes(app, { workflows: parts.workflows, secret: config.INTERNAL_AUTH_SECRET });
      registerModelRoutes(app, { models: parts.models, secret: config.INTERNAL_AUTH_SECRET });
    },
    background: async (parts) => {
      // Runs left `running` by a replica that died are failed cleanly by whichever replica sweeps first.
      const sweep = () =>
        parts.workflows.sweepAbandoned().catch((error: unknown) => {
          logger.warn({ err: String(error) }, 'could not sweep abandoned workflow runs');
        });
      await sweep();
      const sweeper = setInterval(sweep, WORKFLOW_LEASE_MS / 2).unref();
      const deletions = dataSourceDeletions({
        kafka: parts.deps.kafka as NonNullable<ServiceDependencies['kafka']>,
        topicPrefix: config.KAFKA_TOPIC_PREFIX,
        charts: parts.charts,
        processed: parts.processed,
        deadLetters: parts.deps.publisher as NonNullable<ServiceDependencies['publisher']>,
        logger: logger.child({ component: 'data-source-deletions' }),
      });
      await deletions.start();
      return {
        async stop() {
          clearInterval(sweeper);
          await deletions.stop();
          parts.ingestion.close();
          parts.identity.close();
          parts.engine.close();
        },
      };
    },
  });
}
