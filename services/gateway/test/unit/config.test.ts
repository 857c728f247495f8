import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../../src/config.js';

const secret = 's'.repeat(32);

describe('gateway configuration', () => {
  it('defaults to port 8080 and the local services', () => {
    const config = parseGatewayConfig({ INTERNAL_AUTH_SECRET: secret });
    expect(config.PORT).toBe(8080);
    expect(config.upstreams['ai-analytics']).toEqual({
      httpUrl: 'http://127.0.0.1:8084',
      grpcAddress: '127.0.0.1:50054',
    });
  });

  it('takes PORT and upstream addresses from the environment', () => {
    const config = parseGatewayConfig({
      INTERNAL_AUTH_SECRET: secret,
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

  it('reads rate limits and CORS origins', () => {
    const config = parseGatewayConfig({
      INTERNAL_AUTH_SECRET: secret,
      RATE_LIMIT_AUTH_PER_MINUTE: '3',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.limits.perMinute.auth).toBe(3);
    expect(config.limits.hourly).toEqual({ free: 1000, professional: 10_000, enterprise: 100_000 });
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('names malformed variables', () => {
    expect(() => parseGatewayConfig({})).toThrow(/INTERNAL_AUTH_SECRET: is required/);
    expect(() => parseGatewayConfig({ INTERNAL_AUTH_SECRET: secret, REDIS_URL: 'localhost' })).toThrow(
      /REDIS_URL/,
    );
    expect(() => parseGatewayConfig({ INTERNAL_AUTH_SECRET: secret, UPSTREAM_TIMEOUT_MS: '-1' })).toThrow(
      /UPSTREAM_TIMEOUT_MS/,
    );
    expect(() =>
      parseGatewayConfig({ INTERNAL_AUTH_SECRET: secret, IDENTITY_HTTP_URL: 'not a url' }),
    ).toThrow(/IDENTITY_HTTP_URL/);
    expect(() => parseGatewayConfig({ INTERNAL_AUTH_SECRET: secret, EXPORT_GRPC_ADDR: 'nohost' })).toThrow(
      /EXPORT_GRPC_ADDR/,
    );
    expect(() =>
      parseGatewayConfig({ INTERNAL_AUTH_SECRET: secret, TRUSTED_PROXIES: '10.0.0.0/8, ingress-nginx' }),
    ).toThrow(/TRUSTED_PROXIES: "ingress-nginx" is not an IP address/);
  });
});
