import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, withRequestContext } from '../src/index.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'catalog', destination }) };
}

describe('createLogger', () => {
  it('writes JSON with the service name and an ISO time', () => {
    const { lines, logger } = capture();
    logger.info('started');
    expect(lines[0]).toMatchObject({ service: 'catalog', level: 'info', msg: 'started' });
    expect(String(lines[0]?.time)).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  it('stamps request id and organization from the request context', async () => {
    const { lines, logger } = capture();
    await withRequestContext({ requestId: 'req_1', organizationId: 'org_9' }, async () => {
      await Promise.resolve();
      logger.info('inside');
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({ request_id: 'req_1', organization: 'org_9' });
    expect(lines[1]).not.toHaveProperty('request_id');
  });

  it('redacts secrets at the top level and one level down', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: 'hunter2',
        user: { token: 'abc', name: 'Ann' },
        req: { headers: { authorization: 'Bearer x' } },
      },
      'login',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('"abc"');
    expect(text).not.toContain('Bearer x');
    expect(lines[0]).toMatchObject({ user: { name: 'Ann', token: '[redacted]' } });
  });
});
