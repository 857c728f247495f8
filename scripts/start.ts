// `npm start`: build, provision local infrastructure, start all seven services as separate
// processes, wait until each is ready, and print where the platform listens.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureInfra } from './infra/index.js';
import { ROOT } from './infra/paths.js';
import { nodeFlagsOf } from './node-flags.js';
import { ensurePnpmShim, runStep, toolEnv } from './toolchain.js';

interface ServiceProcess {
  name: string;
  readyUrl: string;
  env: NodeJS.ProcessEnv;
}

const gatewayPort = Number(process.env.PORT ?? 8080);
const BACKEND: Array<[name: string, httpPort: number]> = [
  ['identity', 8081],
  ['catalog', 8082],
  ['ingestion', 8083],
  ['ai-analytics', 8084],
  ['export', 8085],
  ['notifications', 8086],
];

const children = new Map<string, ChildProcess>();
let stopping = false;

function prefixLines(name: string, stream: NodeJS.ReadableStream, out: NodeJS.WriteStream): void {
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
}

function launch(service: ServiceProcess): void {
  const main = join(ROOT, 'services', service.name, 'dist', 'main.js');
  const child = spawn(process.execPath, [...nodeFlagsOf(service.name), main], {
    cwd: join(ROOT, 'services', service.name),
    env: service.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(service.name, child);
  prefixLines(service.name, child.stdout, process.stdout);
  prefixLines(service.name, child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(service.name);
    if (!stopping) {
      console.error(`[start] ${service.name} exited (${code ?? signal}); stopping the platform`);
      void stopAll(1);
    }
  });
}

async function waitReady(service: ServiceProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (!children.has(service.name)) throw new Error(`${service.name} exited before it was ready`);
    try {
      const res = await fetch(service.readyUrl, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${service.name} was not ready within the time limit (${service.readyUrl})`);
}

async function stopAll(code: number): Promise<never> {
  stopping = true;
  const exits = [...children.values()].map(
    (child) =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 15_000).unref();
      }),
  );
  await Promise.all(exits);
  console.log(
    '[start] all services stopped (local infrastructure keeps running: `npm run infra:down` stops it)',
  );
  process.exit(code);
}

/**
 * The secret gateway and services share to sign forwarded principals: INTERNAL_AUTH_SECRET when
 * set, else one generated once and kept (mode 600) under .sightline/ so restarts agree.
 */
function internalAuthSecret(): string {
  if (process.env.INTERNAL_AUTH_SECRET) return process.env.INTERNAL_AUTH_SECRET;
  const file = join(ROOT, '.sightline', 'internal-auth-secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

async function main(): Promise<void> {
  ensurePnpmShim();
  console.log('[start] building');
  if ((await runStep('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'])) !== 0) {
    throw new Error('build failed');
  }
  const infra = await ensureInfra();
  const base = toolEnv({
    ...infra,
    INTERNAL_AUTH_SECRET: internalAuthSecret(),
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    // Fewer glibc malloc arenas: DuckDB's threads (ingestion) hand freed memory back, keeping RSS near its limit.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
  });
  const services: ServiceProcess[] = BACKEND.map(([name, port]) => ({
    name,
    readyUrl: `http://127.0.0.1:${port}/readyz`,
    env: { ...base, PORT: undefined },
  }));
  services.push({
    name: 'gateway',
    readyUrl: `http://127.0.0.1:${gatewayPort}/readyz`,
    env: { ...base, PORT: String(gatewayPort) },
  });
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  for (const service of services) launch(service);
  const deadline = Date.now() + 120_000;
  await Promise.all(services.map((service) => waitReady(service, deadline)));
  const url = `http://127.0.0.1:${gatewayPort}`;
  console.log(`\nSightline is running at ${url}`);
  console.log(`  status: ${url}/v1/status   API docs: ${url}/docs   Ctrl-C stops every service\n`);
}

main().catch(async (error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
});
