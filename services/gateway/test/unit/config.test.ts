import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../../src/config.js';

describe('gateway configuration', () => {
  it('defaults to port 8080 and the local services', () => {
    const config = parseGatewayConfig({});
    expect(config.PORT).toBe(8080);
    expect(config.upstreams['ai-analytics']).toEqual({
      httpUrl: 'http://127.0.0.1:8084',
      grpcAddress: '127.0.0.1:50054',
    });
  });

  it('takes PORT and upstream addresses from the environment', () => {
    const config = parseGatewayConfig({
      PORT: '9000',
      CATALOG_HTTP_URL: 'http://catalog:8082',
      CATALOG_GRPC_ADDR: 'catalog:50052',
    });
    expect(config.PORT).toBe(9000);
    expect(config.upstreams.catalog).toEqual({
      httpUrl: 'http://catalog:8082',
      grpcAddress: 'catalog:50052',
    });
  });

  it('names malformed variables', () => {
    expect(() => parseGatewayConfig({ UPSTREAM_TIMEOUT_MS: '-1' })).toThrow(/UPSTREAM_TIMEOUT_MS/);
    expect(() => parseGatewayConfig({ IDENTITY_HTTP_URL: 'not a url' })).toThrow(/IDENTITY_HTTP_URL/);
    expect(() => parseGatewayConfig({ EXPORT_GRPC_ADDR: 'nohost' })).toThrow(/EXPORT_GRPC_ADDR/);
  });
});
