import { createEventConsumer, type EventConsumer, type EventPublisher, eventsTopic } from '@sightline/events';
import type { Logger } from '@sightline/logging';
import type { ServiceDependencies } from '@sightline/service-runtime';
import type { mongo } from 'mongoose';
import { z } from 'zod';
import type { Charts } from '../use-cases/charts.js';

type Kafka = NonNullable<ServiceDependencies['kafka']>;

const dataDeleted = z.object({ data_source_id: z.string().min(1), organization_id: z.string().min(1) });

/** Marks the charts of a data source ingestion deleted: they keep their saved result and say so. */
export function dataSourceDeletions(options: {
  kafka: Kafka;
  topicPrefix: string;
  charts: Charts;
  processed: mongo.Collection;
  deadLetters: EventPublisher;
  logger: Logger;
}): EventConsumer {
  return createEventConsumer({
    kafka: options.kafka,
    groupId: 'ai-analytics-data-source-deletions',
    topics: [eventsTopic('ingestion', options.topicPrefix)],
    processed: options.processed,
    deadLetters: options.deadLetters,
    logger: options.logger,
    handler: async (event) => {
      if (event.type !== 'data.deleted') return;
      const data = dataDeleted.parse(event.data);
      const at = new Date(event.time ?? Date.now());
      const marked = await options.charts.dataSourceDeleted(data.organization_id, data.data_source_id, at);
      if (marked > 0)
        options.logger.info(
          { data_source_id: data.data_source_id, charts: marked },
          'charts kept after their data source was deleted',
        );
    },
  });
}
