import { randomBytes } from 'node:crypto';
import { currentRequestContext } from '@sightline/logging';
import { z } from 'zod';

/** A CloudEvents 1.0 event as Sightline publishes it (ARCHITECTURE §4). */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  /** Extension attribute: the organization the event belongs to. */
  orgid: string;
  /** Extension attribute: the request that caused the event, so logs join up across Kafka. */
  requestid?: string;
  data: T;
}

const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string().min(1),
  time: z.string().datetime(),
  datacontenttype: z.literal('application/json').default('application/json'),
  orgid: z.string(),
  requestid: z.string().optional(),
  data: z.unknown(),
});

function eventId(): string {
  return `evt_${randomBytes(15).toString('base64url').replace(/[-_]/g, '0')}`;
}

export interface NewEvent<T> {
  /** The emitting service, e.g. `/sightline/catalog`. */
  source: string;
  type: string;
  /** The resource id; also the Kafka key, so one resource's events stay in order. */
  subject: string;
  orgid: string;
  data: T;
}

/** Builds an event with a fresh id and the current time, remembering the request it came from. */
export function newEvent<T>(event: NewEvent<T>, now: Date = new Date()): CloudEvent<T> {
  const requestId = currentRequestContext()?.requestId;
  return {
    specversion: '1.0',
    id: eventId(),
    source: event.source,
    type: event.type,
    subject: event.subject,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    orgid: event.orgid,
    ...(requestId ? { requestid: requestId } : {}),
    data: event.data,
  };
}

/** Validates an untrusted value as a CloudEvent. Throws a zod error when it is not one. */
export function parseCloudEvent(value: unknown): CloudEvent {
  return cloudEventSchema.parse(value) as CloudEvent;
}

/** A Kafka record: the subject as key, the JSON event as value, `ce_*` headers for routing without parsing. */
export interface EventRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The Kafka record for an event (structured mode, with binary-mode headers alongside for routing). */
export function toRecord(event: CloudEvent, requestId = event.requestid): EventRecord {
  return {
    key: event.subject,
    value: JSON.stringify(event),
    headers: {
      ce_id: event.id,
      ce_type: event.type,
      ce_source: event.source,
      ce_subject: event.subject,
      ce_time: event.time,
      ce_specversion: '1.0',
      'content-type': 'application/cloudevents+json',
      ...(requestId ? { request_id: requestId } : {}),
    },
  };
}

/** The conventional topic of a service's domain events, with an optional prefix (tests isolate with it). */
export function eventsTopic(service: string, prefix = ''): string {
  return `${prefix}sightline.${service}.events`;
}

/** The dead-letter topic of a topic. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
