export {
  deadLetterTopic,
  eventsTopic,
  newEvent,
  parseCloudEvent,
  toRecord,
  type CloudEvent,
  type EventRecord,
  type NewEvent,
} from './cloudevent.js';
export {
  createEventConsumer,
  type EventConsumer,
  type EventConsumerOptions,
  type EventHandler,
} from './consumer.js';
export {
  DELETED_FIELD,
  deletionWithEvents,
  ensureOutboxIndexes,
  notDeleted,
  OUTBOX_FIELD,
  OutboxRelay,
  outboxFields,
  withEvents,
  type OutboxRelayOptions,
  type OutboxUpdate,
  type OutboxSource,
} from './outbox.js';
export {
  createKafka,
  createKafkaPublisher,
  ensureTopics,
  type EventPublisher,
  type KafkaOptions,
} from './publisher.js';
