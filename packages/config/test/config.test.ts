import { describe, expect, it } from 'vitest';
import { ConfigError, env, parseConfig, resolveFileVariables, z } from '../src/index.js';

const schema = z.object({
  PORT: env.port(8080),
  MONGO_URL: env.mongoUrl(),
  KAFKA_BROKERS: env.brokers(),
  DEBUG_SQL: env.bool(false),
  JWT_SECRET: z.string().min(8).optional(),
});

describe('parseConfig', () => {
  it('applies defaults and coerces types', () => {
    const config = parseConfig(schema, { MONGO_URL: 'mongodb://127.0.0.1:27017', KAFKA_BROKERS: 'a:1,b:2' });
    expect(config).toEqual({
      PORT: 8080,
      MONGO_URL: 'mongodb://127.0.0.1:27017',
      KAFKA_BROKERS: ['a:1', 'b:2'],
      DEBUG_SQL: false,
    });
  });

  it('treats empty strings as unset', () => {
    const config = parseConfig(schema, { PORT: '', MONGO_URL: 'mongodb://x', KAFKA_BROKERS: 'k:9092' });
    expect(config.PORT).toBe(8080);
  });

  it('names a missing variable', () => {
    expect(() => parseConfig(schema, { KAFKA_BROKERS: 'k:9092' })).toThrowError(/MONGO_URL: is required/);
  });

  it('names every malformed variable', () => {
    try {
      parseConfig(schema, { PORT: 'eighty', MONGO_URL: 'postgres://x', KAFKA_BROKERS: 'nope' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
      expect(variables).toEqual(['KAFKA_BROKERS', 'MONGO_URL', 'PORT']);
    }
  });

  it('rejects ports out of range', () => {
    expect(() =>
      parseConfig(schema, { PORT: '70000', MONGO_URL: 'mongodb://x', KAFKA_BROKERS: 'k:1' }),
    ).toThrow(/PORT/);
  });
});

describe('resolveFileVariables', () => {
  const files: Record<string, string> = { '/run/secrets/jwt': 's3cret-value\n' };
  const read = (path: string) => {
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return content;
  };

  it('reads <NAME>_FILE into NAME without the trailing newline', () => {
    expect(
      resolveFileVariables({ JWT_SECRET_FILE: '/run/secrets/jwt' }, ['JWT_SECRET'], read).JWT_SECRET,
    ).toBe('s3cret-value');
  });

  it('refuses both NAME and NAME_FILE', () => {
    expect(() =>
      resolveFileVariables({ JWT_SECRET: 'x', JWT_SECRET_FILE: '/run/secrets/jwt' }, ['JWT_SECRET'], read),
    ).toThrow(/JWT_SECRET_FILE: both JWT_SECRET and JWT_SECRET_FILE are set/);
  });

  it('leaves *_FILE variables of other programs alone', () => {
    expect(resolveFileVariables({ TF_CLI_CONFIG_FILE: '/nope' }, ['JWT_SECRET'], read)).toEqual({
      TF_CLI_CONFIG_FILE: '/nope',
    });
  });

  it('names an unreadable file', () => {
    expect(() => resolveFileVariables({ JWT_SECRET_FILE: '/nope' }, ['JWT_SECRET'], read)).toThrow(
      /JWT_SECRET_FILE: cannot read file \/nope \(ENOENT\)/,
    );
  });
});
