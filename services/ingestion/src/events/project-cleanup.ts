import { createEventConsumer, type EventConsumer, type EventPublisher, eventsTopic } from '@sightline/events';
import type { Logger } from '@sightline/logging';
import type { Kafka } from 'kafkajs';
import type { mongo } from 'mongoose';
import { z } from 'zod';
import type { DataSources } from '../use-cases/data-sources.js';

const projectDeleted = z.object({ project_id: z.string().min(1), organization_id: z.string().min(1) });

/** Deletes a project's data sources when catalog says the project was deleted. */
export function projectCleanup(options: {
  kafka: Kafka;
  topicPrefix: string;
  dataSources: DataSources;
  processed: mongo.Collection;
  deadLetters: EventPublisher;
  logger: Logger;
}): EventConsumer {
  return createEventConsumer({
    kafka: options.kafka,
    groupId: 'ingestion-project-cleanup',
    topics: [eventsTopic('catalog', options.topicPrefix)],
    processed: options.processed,
    deadLetters: options.deadLetters,
    logger: options.logger,
    handler: async (event) => {
      if (event.type !== 'project.deleted') return;
      const data = projectDeleted.parse(event.data);
      const removed = await options.dataSources.removeProject(data.organization_id, data.project_id);
      if (removed > 0)
        options.logger.info({ project_id: data.project_id, removed }, 'project data sources deleted');
    },
  });
}
