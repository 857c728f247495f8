import { parseConfig, z } from '@sightline/config';
import { describe, expect, it } from 'vitest';
import { commonServiceConfig, infrastructureConfig } from '../src/index.js';

const schema = z.object({
  ...commonServiceConfig({ http: 8084, grpc: 50054 }),
  ...infrastructureConfig('ai-analytics'),
});

const secret = 'x'.repeat(32);

describe('commonServiceConfig', () => {
  it('defaults to local infrastructure and a database named after the service', () => {
    expect(parseConfig(schema, { INTERNAL_AUTH_SECRET: secret })).toEqual({
      HOST: '127.0.0.1',
      HTTP_PORT: 8084,
      GRPC_PORT: 50054,
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: 10_000,
      INTERNAL_AUTH_SECRET: secret,
      MONGO_URL: 'mongodb://127.0.0.1:27017',
      MONGO_DATABASE: 'sightline_ai_analytics',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_PREFIX: '',
    });
  });

  it('names the variable that is malformed', () => {
    expect(() => parseConfig(schema, {})).toThrow(/INTERNAL_AUTH_SECRET: is required/);
    expect(() => parseConfig(schema, { INTERNAL_AUTH_SECRET: secret, MONGO_URL: 'localhost' })).toThrow(
      /MONGO_URL: must be a mongodb/,
    );
    expect(() => parseConfig(schema, { KAFKA_BROKERS: 'no-port' })).toThrow(/KAFKA_BROKERS/);
    expect(() => parseConfig(schema, { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
