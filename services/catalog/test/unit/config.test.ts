import { describe, expect, it } from 'vitest';
import { parseCatalogConfig } from '../../src/config.js';

describe('catalog configuration', () => {
  it('defaults to its own ports and database', () => {
    const config = parseCatalogConfig({ INTERNAL_AUTH_SECRET: 's'.repeat(32) });
    expect(config.HTTP_PORT).toBe(8082);
    expect(config.GRPC_PORT).toBe(50052);
    expect(config.MONGO_DATABASE).toBe('sightline_catalog');
  });

  it('names a malformed variable', () => {
    expect(() => parseCatalogConfig({ INTERNAL_AUTH_SECRET: 's'.repeat(32), GRPC_PORT: 'fifty' })).toThrow(
      /GRPC_PORT/,
    );
  });
});
