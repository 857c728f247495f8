import { describe, expect, it } from 'vitest';
import { parseIngestionConfig } from '../../src/config.js';

describe('ingestion configuration', () => {
  it('defaults to its own ports and database', () => {
    const config = parseIngestionConfig({ INTERNAL_AUTH_SECRET: 's'.repeat(32) });
    expect(config.HTTP_PORT).toBe(8083);
    expect(config.GRPC_PORT).toBe(50053);
    expect(config.MONGO_DATABASE).toBe('sightline_ingestion');
  });

  it('names a malformed variable', () => {
    expect(() => parseIngestionConfig({ INTERNAL_AUTH_SECRET: 's'.repeat(32), GRPC_PORT: 'fifty' })).toThrow(
      /GRPC_PORT/,
    );
  });
});
