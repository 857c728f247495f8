import {
  createKafka,
  createKafkaPublisher,
  ensureOutboxIndexes,
  ensureTopics,
  type EventPublisher,
  eventsTopic,
  OutboxRelay,
} from '@sightline/events';
import { GrpcServer } from '@sightline/grpc-kit';
import { createHttpApp, finishHttpApp, type ReadinessCheck, serveHttp } from '@sightline/http-kit';
import type { Logger } from '@sightline/logging';
import { connectMongo, type MongoHandle } from '@sightline/mongo';
import type { Express } from 'express';
import type { Admin, Kafka } from 'kafkajs';
import type { mongo } from 'mongoose';
import type { CommonServiceConfig, InfrastructureConfig } from './config.js';

/** What a service's own code gets to build its routes and RPCs from. */
export interface ServiceDependencies {
  logger: Logger;
  /** Present when the service keeps state. */
  db?: MongoHandle;
  /** Present when the service talks to Kafka. */
  kafka?: Kafka;
  publisher?: EventPublisher;
  /** The service's own domain-event topic (with the configured prefix). */
  topic: string;
  /** Publishes outbox events right away instead of at the next poll. */
  nudgeOutbox(): void;
}

export interface ServiceDefinition<P = ServiceDependencies> {
  /** The service's name, e.g. `catalog`. */
  name: string;
  config: CommonServiceConfig;
  /** Where the service's database and Kafka are; a stateless service has none. */
  infrastructure?: InfrastructureConfig;
  logger: Logger;
  /** Collections whose documents carry an outbox, published to the service's topic. */
  outboxCollections?: string[];
  /**
   * Event types the outbox publishes to a topic of their own instead of the service's events
   * topic, e.g. `{ 'ingestion.job.requested': 'sightline.ingestion.jobs' }` (prefixed like every topic).
   */
  outboxRoutes?: Record<string, string>;
  /**
   * Builds the service's parts (stores, use cases) once, before anything listens: indexes and
   * other preparation belong here, so no request is served before they exist.
   */
  setup?(deps: ServiceDependencies): Promise<P> | P;
  /** Registers the service's gRPC services. */
  grpc(server: GrpcServer, parts: P): void;
  /** Adds the service's routes. */
  http(app: Express, parts: P): void;
  /** Starts background work (consumers, workers) once everything else is up. */
  background?(parts: P): Promise<{ stop(): Promise<void> }>;
}

/** A started service. */
export interface RunningService {
  httpPort: number;
  grpcPort: number;
  deps: ServiceDependencies;
  /** Stops in order: stop taking work, drain requests, stop background work, flush, disconnect. */
  stop(): Promise<void>;
}

function kafkaReadiness(kafka: Kafka): ReadinessCheck {
  let admin: Admin | undefined;
  return async () => {
    if (!admin) {
      const fresh = kafka.admin();
      await fresh.connect();
      admin = fresh;
    }
    try {
      const cluster = await admin.describeCluster();
      return { status: 'up', detail: `${cluster.brokers.length} broker(s)` };
    } catch (error) {
      const stale = admin;
      admin = undefined;
      await stale.disconnect().catch(() => undefined);
      throw error;
    }
  };
}

/** Starts a service: database, Kafka, outbox relay, gRPC and HTTP, and background work. */
export async function startService<P = ServiceDependencies>(
  definition: ServiceDefinition<P>,
): Promise<RunningService> {
  const { config, logger, name, infrastructure } = definition;
  const topic = eventsTopic(name, infrastructure?.KAFKA_TOPIC_PREFIX);
  const readiness: Record<string, ReadinessCheck> = {};
  const stops: Array<() => Promise<void>> = [];

  const db = infrastructure
    ? await connectMongo({ url: infrastructure.MONGO_URL, database: infrastructure.MONGO_DATABASE, logger })
    : undefined;
  if (db) {
    readiness.mongo = async () => {
      await db.ping();
      return { status: 'up' };
    };
  }

  let kafka: Kafka | undefined;
  let publisher: EventPublisher | undefined;
  let relay: OutboxRelay | undefined;
  if (infrastructure) {
    kafka = createKafka({ brokers: infrastructure.KAFKA_BROKERS, clientId: `sightline-${name}`, logger });
    const routes = Object.fromEntries(
      Object.entries(definition.outboxRoutes ?? {}).map(([type, name]) => [
        type,
        `${infrastructure.KAFKA_TOPIC_PREFIX}${name}`,
      ]),
    );
    await ensureTopics(kafka, [topic, ...Object.values(routes)]);
    publisher = createKafkaPublisher(kafka);
    readiness.kafka = kafkaReadiness(kafka);
    const collections = definition.outboxCollections ?? [];
    if (db && collections.length > 0) {
      const sources = collections.map((c) => ({
        collection: db.connection.collection(c) as unknown as mongo.Collection,
        topic,
        routes,
      }));
      for (const source of sources) await ensureOutboxIndexes(source.collection);
      relay = new OutboxRelay({ publisher, sources, logger: logger.child({ component: 'outbox' }) });
      relay.start();
    }
  }

  const deps: ServiceDependencies = {
    logger,
    ...(db ? { db } : {}),
    ...(kafka ? { kafka } : {}),
    ...(publisher ? { publisher } : {}),
    topic,
    nudgeOutbox: () => relay?.nudge(),
  };

  const parts = definition.setup ? await definition.setup(deps) : (deps as P);
  const grpcServer = new GrpcServer({ logger });
  definition.grpc(grpcServer, parts);
  const grpcPort = await grpcServer.listen(config.HOST, config.GRPC_PORT);

  const { app } = createHttpApp({ service: name, logger, readiness });
  definition.http(app, parts);
  finishHttpApp(app, logger);
  const http = await serveHttp(app, config.HTTP_PORT, config.HOST);

  const background = definition.background ? await definition.background(parts) : undefined;
  grpcServer.setServing(true);
  logger.info({ http_port: http.port, grpc_port: grpcPort }, `${name} ready`);

  stops.push(
    () => grpcServer.shutdown(config.SHUTDOWN_GRACE_MS),
    () => http.close(config.SHUTDOWN_GRACE_MS),
    async () => background?.stop(),
    async () => relay?.stop(),
    async () => publisher?.close(),
    async () => db?.close(),
  );
  let stopping: Promise<void> | undefined;
  return {
    httpPort: http.port,
    grpcPort,
    deps,
    stop() {
      stopping ??= (async () => {
        for (const step of stops) {
          await step().catch((error: unknown) => logger.error({ err: error }, 'stop step failed'));
        }
      })();
      return stopping;
    },
  };
}
