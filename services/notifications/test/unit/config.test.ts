import { describe, expect, it } from 'vitest';
import { parseNotificationsConfig } from '../../src/config.js';

describe('notifications configuration', () => {
  it('defaults to its own ports and database', () => {
    const config = parseNotificationsConfig({ INTERNAL_AUTH_SECRET: 's'.repeat(32) });
    expect(config.HTTP_PORT).toBe(8086);
    expect(config.GRPC_PORT).toBe(50056);
    expect(config.MONGO_DATABASE).toBe('sightline_notifications');
  });

  it('names a malformed variable', () => {
    expect(() =>
      parseNotificationsConfig({ INTERNAL_AUTH_SECRET: 's'.repeat(32), GRPC_PORT: 'fifty' }),
    ).toThrow(/GRPC_PORT/);
  });
});
