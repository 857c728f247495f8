import { describe, expect, it } from 'vitest';
import { parseNotificationsConfig } from '../../src/config.js';

describe('notifications configuration', () => {
  it('defaults to its own ports and database', () => {
    const config = parseNotificationsConfig({});
    expect(config.HTTP_PORT).toBe(8086);
    expect(config.GRPC_PORT).toBe(50056);
    expect(config.MONGO_DATABASE).toBe('sightline_notifications');
  });

  it('names a malformed variable', () => {
    expect(() => parseNotificationsConfig({ GRPC_PORT: 'fifty' })).toThrow(/GRPC_PORT/);
  });
});
