import { describe, expect, it } from 'vitest';
import { parseExportConfig } from '../../src/config.js';

describe('export configuration', () => {
  it('defaults to its own ports and needs no database', () => {
    const config = parseExportConfig({ INTERNAL_AUTH_SECRET: 's'.repeat(32) });
    expect(config.HTTP_PORT).toBe(8085);
    expect(config.GRPC_PORT).toBe(50055);
    expect(config).not.toHaveProperty('MONGO_URL');
  });

  it('names a malformed variable', () => {
    expect(() => parseExportConfig({ INTERNAL_AUTH_SECRET: 's'.repeat(32), GRPC_PORT: 'fifty' })).toThrow(
      /GRPC_PORT/,
    );
  });
});
