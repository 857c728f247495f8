import { createEventConsumer, type EventConsumer, type EventPublisher } from '@sightline/events';
import type { Logger } from '@sightline/logging';
import type { Kafka } from 'kafkajs';
import type { mongo } from 'mongoose';
import { z } from 'zod';
import type { DataSources } from '../use-cases/data-sources.js';
import { JOB_EVENT } from '../use-cases/data-sources.js';

/** The job topic (before the configured prefix): one message per large upload to process. */
export const JOBS_TOPIC = 'sightline.ingestion.jobs';

const jobData = z.object({ data_source_id: z.string().min(1) });

export interface ProcessingWorkersOptions {
  kafka: Kafka;
  topicPrefix: string;
  dataSources: DataSources;
  processed: mongo.Collection;
  deadLetters: EventPublisher;
  logger: Logger;
  sessionTimeoutMs: number;
}

/**
 * Workers that finish large uploads. Any replica may take a job; a job's offset is committed
 * only after it finished, so one whose worker died is taken again (by this replica after a
 * restart, or by another once the group notices).
 */
export function processingWorkers(options: ProcessingWorkersOptions): EventConsumer {
  return createEventConsumer({
    kafka: options.kafka,
    groupId: 'ingestion-workers',
    topics: [`${options.topicPrefix}${JOBS_TOPIC}`],
    processed: options.processed,
    deadLetters: options.deadLetters,
    logger: options.logger,
    sessionTimeoutMs: options.sessionTimeoutMs,
    maxAttempts: 3,
    handler: async (event) => {
      if (event.type !== JOB_EVENT) return;
      const job = jobData.parse(event.data);
      await options.dataSources.process(job.data_source_id);
    },
  });
}
