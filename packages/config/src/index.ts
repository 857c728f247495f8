import { readFileSync } from 'node:fs';
import { z } from 'zod';

export { z };

/** Raised when the environment does not satisfy a service's configuration schema. */
export class ConfigError extends Error {
  constructor(
    message: string,
    /** Every offending variable with what is wrong with it. */
    readonly problems: ReadonlyArray<{ variable: string; problem: string }>,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Resolves `<NAME>_FILE` indirections for the given names: a secret may be given as the path of
 * a file holding it (Kubernetes and Docker secrets). A value and a file for one name is an error.
 */
export function resolveFileVariables(
  env: Env,
  names: readonly string[],
  readFile: (path: string) => string = defaultReadFile,
): Env {
  const resolved: Env = { ...env };
  const problems: Array<{ variable: string; problem: string }> = [];
  for (const name of names) {
    const key = `${name}_FILE`;
    const path = env[key];
    if (path === undefined || path === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push({ variable: key, problem: `both ${name} and ${key} are set; set only one` });
      continue;
    }
    try {
      resolved[name] = readFile(path).replace(/\r?\n$/, '');
    } catch (error) {
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      problems.push({ variable: key, problem: `cannot read file ${path} (${reason})` });
    }
  }
  if (problems.length > 0) throw new ConfigError(formatProblems(problems), problems);
  return resolved;
}

function defaultReadFile(path: string): string {
  return readFileSync(path, 'utf8');
}

function formatProblems(problems: ReadonlyArray<{ variable: string; problem: string }>): string {
  return `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n')}`;
}

/**
 * Parses the environment against a zod object whose keys are variable names.
 * Empty strings count as unset, so defaults apply. Throws ConfigError naming each bad variable.
 */
export function parseConfig<S extends z.ZodObject>(schema: S, env: Env = process.env): z.infer<S> {
  const names = Object.keys(schema.shape);
  const withFiles = resolveFileVariables(env, names);
  const input: Record<string, string> = {};
  for (const key of names) {
    const value = withFiles[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    variable: issue.path.map(String).join('.') || '(root)',
    problem:
      issue.code === 'invalid_type' && input[String(issue.path[0])] === undefined
        ? 'is required'
        : issue.message,
  }));
  throw new ConfigError(formatProblems(problems), problems);
}

/**
 * Like parseConfig, but on a bad value prints the problems to stderr and exits with code 78
 * (EX_CONFIG), so an orchestrator sees a clear reason instead of a crash loop with a stack trace.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env = process.env): z.infer<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

/** Common field types for environment variables. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  url: () => z.string().url(),
  mongoUrl: () =>
    z.string().regex(/^mongodb(\+srv)?:\/\/.+/, 'must be a mongodb:// or mongodb+srv:// connection string'),
  brokers: () =>
    z
      .string()
      .regex(/^[^,\s:]+:\d+(,[^,\s:]+:\d+)*$/, 'must be a comma-separated list of host:port')
      .transform((v) => v.split(',')),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};
