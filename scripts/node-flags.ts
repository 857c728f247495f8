import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './infra/paths.js';

/**
 * The node flags a service runs with: `sightline.nodeFlags` in its package.json. npm start, the
 * Docker image and the benches all read that one field, so every way of running a service runs it
 * the same way. (V8's heap flags cannot go in NODE_OPTIONS, hence a field of our own.)
 */
export function nodeFlagsOf(service: string): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'services', service, 'package.json'), 'utf8')) as {
    sightline?: { nodeFlags?: unknown };
  };
  const flags = manifest.sightline?.nodeFlags ?? [];
  if (
    !Array.isArray(flags) ||
    !flags.every((flag) => typeof flag === 'string' && /^--[\w-]+(=\S+)?$/.test(flag))
  )
    throw new Error(`services/${service}/package.json: sightline.nodeFlags must be a list of --flags`);
  return flags;
}
