import { withRequestContext } from '@sightline/logging';
import { describe, expect, it } from 'vitest';
import {
  deadLetterTopic,
  eventsTopic,
  newEvent,
  parseCloudEvent,
  toRecord,
  withEvents,
} from '../src/index.js';

const event = newEvent(
  {
    source: '/sightline/catalog',
    type: 'project.created',
    subject: 'proj_1',
    orgid: 'org_1',
    data: { name: 'A' },
  },
  new Date('2025-11-29T12:00:00Z'),
);

describe('CloudEvents', () => {
  it('builds a 1.0 event with an evt_ id', () => {
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'project.created',
      subject: 'proj_1',
      orgid: 'org_1',
      time: '2025-11-29T12:00:00.000Z',
      datacontenttype: 'application/json',
    });
    expect(event.id).toMatch(/^evt_[0-9A-Za-z]{20}$/);
  });

  it('keys the record by subject and mirrors attributes in ce_ headers', () => {
    const record = toRecord(event, 'req_7');
    expect(record.key).toBe('proj_1');
    expect(JSON.parse(record.value)).toEqual(event);
    expect(record.headers).toMatchObject({
      ce_id: event.id,
      ce_type: 'project.created',
      request_id: 'req_7',
    });
  });

  it('remembers the request that caused it and carries it as a Kafka header', () => {
    const caused = withRequestContext({ requestId: 'req_cause' }, () =>
      newEvent({ source: '/s', type: 't.created', subject: 's_1', orgid: 'org_1', data: {} }),
    );
    expect(caused.requestid).toBe('req_cause');
    expect(toRecord(caused).headers.request_id).toBe('req_cause');
    expect(event).not.toHaveProperty('requestid');
  });

  it('round-trips through parse and rejects what is not an event', () => {
    expect(parseCloudEvent(JSON.parse(toRecord(event).value))).toEqual(event);
    expect(() => parseCloudEvent({ id: 'x' })).toThrow();
    expect(() => parseCloudEvent({ ...event, specversion: '0.3' })).toThrow();
  });

  it('names topics', () => {
    expect(eventsTopic('catalog')).toBe('sightline.catalog.events');
    expect(eventsTopic('catalog', 't1.')).toBe('t1.sightline.catalog.events');
    expect(deadLetterTopic('sightline.catalog.events')).toBe('sightline.catalog.events.dlq');
  });

  it('adds events to an update without losing its own $set', () => {
    const update = withEvents({ $set: { name: 'B' } }, [event]);
    expect(update).toEqual({
      $set: { name: 'B', _outbox_pending: true },
      $push: { _outbox: { $each: [event] } },
    });
  });
});
