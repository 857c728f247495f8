import { describe, expect, it } from 'vitest';
import { parseIdentityConfig } from '../../src/config.js';

describe('identity configuration', () => {
  it('defaults to its own ports and database', () => {
    const config = parseIdentityConfig({ INTERNAL_AUTH_SECRET: 's'.repeat(32) });
    expect(config.HTTP_PORT).toBe(8081);
    expect(config.GRPC_PORT).toBe(50051);
    expect(config.MONGO_DATABASE).toBe('sightline_identity');
  });

  it('names a malformed variable', () => {
    expect(() => parseIdentityConfig({ INTERNAL_AUTH_SECRET: 's'.repeat(32), GRPC_PORT: 'fifty' })).toThrow(
      /GRPC_PORT/,
    );
  });
});
