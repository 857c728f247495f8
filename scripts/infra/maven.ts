import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureDebianPackage, run } from './process.js';
import { ROOT } from './paths.js';

/**
 * Resolves the runtime jars a pom names into `libsDir` (once; a marker records success), using
 * the machine's Maven against Maven Central. Nothing is compiled.
 */
export async function ensureMavenLibs(pomDir: string, libsDir: string): Promise<void> {
  const marker = join(libsDir, '.complete');
  if (existsSync(marker) && readdirSync(libsDir).some((f) => f.endsWith('.jar'))) return;
  await ensureDebianPackage('java', 'openjdk-17-jre-headless');
  await ensureDebianPackage('mvn', 'maven');
  mkdirSync(libsDir, { recursive: true });
  console.log(`[infra] resolving ${pomDir} jars from Maven Central`);
  await run(
    'mvn',
    ['-B', '-q', 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${libsDir}`],
    {
      cwd: resolve(ROOT, 'scripts', 'infra', pomDir),
    },
  );
  writeFileSync(marker, new Date().toISOString());
}
