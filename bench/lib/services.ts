// Runs the platform's built services as child processes for a benchmark, and cleans up after.
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import mongoose from 'mongoose';
import { INFRA_DIR } from '../../scripts/infra/paths.js';
import { nodeFlagsOf } from '../../scripts/node-flags.js';

const require = createRequire(import.meta.url);

/** CPU seconds (user + system) a process has used so far, from /proc; NaN when it cannot be read. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The local infrastructure's processes, from the pid files its scripts keep (none when it runs elsewhere). */
export function infraPids(): Array<[string, number]> {
  const pids: Array<[string, number]> = [];
  for (const name of ['mongo', 'kafka', 'redis']) {
    const file = join(INFRA_DIR, name, `${name}.pid`);
    if (existsSync(file)) pids.push([`${name} (local)`, Number(readFileSync(file, 'utf8').trim())]);
  }
  return pids;
}

/** Resolves once `url` answers 2xx, polling for up to a minute. */
export async function waitHttp(url: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} never became ready`);
}

/** Services started from their `dist/main.js` with one shared environment; `stop()` ends them and drops their databases. */
export class BenchServices {
  private readonly children: ChildProcess[] = [];
  private readonly databases: string[] = [];

  constructor(
    private readonly common: Record<string, string | undefined>,
    private readonly mongoUrl: string,
  ) {}

  /** Starts a service package (e.g. `@sightline/ingestion`) with the shared environment plus `env`. */
  start(pkg: string, env: Record<string, string>, options: { showStdout?: boolean } = {}): ChildProcess {
    if (env.MONGO_DATABASE) this.databases.push(env.MONGO_DATABASE);
    const main = resolve(require.resolve(`${pkg}/config`), '..', 'main.js');
    const child = fork(main, [], {
      // The flags the service runs with in production.
      execArgv: nodeFlagsOf(pkg.replace('@sightline/', '')),
      env: { ...this.common, ...env },
      stdio: ['ignore', options.showStdout ? 'inherit' : 'ignore', 'inherit', 'ipc'],
    });
    this.children.push(child);
    return child;
  }

  async stop(): Promise<void> {
    for (const child of this.children) child.kill('SIGTERM');
    await Promise.all(
      this.children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)),
    );
    for (const dbName of this.databases) {
      const connection = await mongoose.createConnection(this.mongoUrl, { dbName }).asPromise();
      await connection.dropDatabase();
      await connection.close();
    }
  }
}
