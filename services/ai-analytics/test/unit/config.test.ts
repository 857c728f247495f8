import { describe, expect, it } from 'vitest';
import { parseAiAnalyticsConfig } from '../../src/config.js';

describe('ai-analytics configuration', () => {
  it('defaults to its own ports and database', () => {
    const config = parseAiAnalyticsConfig({ INTERNAL_AUTH_SECRET: 's'.repeat(32) });
    expect(config.HTTP_PORT).toBe(8084);
    expect(config.GRPC_PORT).toBe(50054);
    expect(config.MONGO_DATABASE).toBe('sightline_ai_analytics');
  });

  it('names a malformed variable', () => {
    expect(() =>
      parseAiAnalyticsConfig({ INTERNAL_AUTH_SECRET: 's'.repeat(32), GRPC_PORT: 'fifty' }),
    ).toThrow(/GRPC_PORT/);
  });
});
