import { describe, expect, it } from 'vitest';
import { parseIngestionConfig } from '../../src/config.js';

describe('ingestion configuration', () => {
  it('defaults to its own ports and database', () => {
    const config = parseIngestionConfig({});
    expect(config.HTTP_PORT).toBe(8083);
    expect(config.GRPC_PORT).toBe(50053);
    expect(config.MONGO_DATABASE).toBe('sightline_ingestion');
  });

  it('names a malformed variable', () => {
    expect(() => parseIngestionConfig({ GRPC_PORT: 'fifty' })).toThrow(/GRPC_PORT/);
  });
});
