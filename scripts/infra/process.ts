import { type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';

/** True when something accepts TCP connections on host:port. */
export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Waits until the port accepts connections, or fails after `timeoutMs` naming the log to read. */
export async function waitForPort(
  name: string,
  port: number,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  const tail = existsSync(logFile)
    ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')
    : '(no log)';
  throw new Error(
    `${name} did not open port ${port} within ${timeoutMs} ms; last lines of ${logFile}:\n${tail}`,
  );
}

/** Runs a command to completion, inheriting output; throws with the command line on failure. */
export function run(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code ?? signal})`));
    });
  });
}

/** Runs a command and returns its standard output. */
export function capture(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** True when a command is on the PATH. */
export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

// apt takes a lock: installs run one after another, and the package lists are updated once.
let aptQueue: Promise<void> = Promise.resolve();
let aptUpdated = false;
/** Installs a Debian package when a command is missing (as root, or through sudo otherwise). */
export function ensureDebianPackage(command: string, pkg: string): Promise<void> {
  if (hasCommand(command)) return Promise.resolve();
  const apt = (...args: string[]) =>
    process.getuid?.() === 0
      ? run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
      : run('sudo', ['-E', 'apt-get', ...args], {
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        });
  aptQueue = aptQueue.then(async () => {
    if (hasCommand(command)) return;
    console.log(`[infra] installing ${pkg} from Debian packages`);
    if (!aptUpdated) {
      await apt('update', '-qq');
      aptUpdated = true;
    }
    await apt('install', '-y', '-qq', pkg);
  });
  return aptQueue;
}

/** Starts a long-running process detached from this one, logging to a file and recording its pid. */
export function startDetached(
  command: string,
  args: string[],
  logFile: string,
  pidFile: string,
  cwd?: string,
): number {
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], cwd });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  return child.pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the process recorded in a pid file: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopFromPidFile(pidFile: string, graceMs = 15_000): Promise<boolean> {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  return true;
}

/** Kills the recorded process at once (fault tests simulate a crash with this). */
export function killFromPidFile(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || !alive(pid)) return false;
  process.kill(pid, 'SIGKILL');
  return true;
}
