import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './infra/paths.js';

/** Where the project keeps tools it installs for itself (pnpm shim, helm, kubeconform). */
export const TOOLS_BIN = join(ROOT, '.sightline', 'bin');

/**
 * The environment child processes run in: the project's tool folder first on PATH, so turbo
 * and package scripts find the pnpm pinned in package.json (through corepack).
 */
export function toolEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    // corepack 0.34 cannot verify the npm registry's newer signing keys; the version is pinned.
    COREPACK_INTEGRITY_KEYS: '0',
    PATH: `${TOOLS_BIN}:${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    ...extra,
  };
}

/** Puts a `pnpm` shim (corepack) into the project's tool folder once. */
export function ensurePnpmShim(): void {
  if (existsSync(join(TOOLS_BIN, 'pnpm'))) return;
  mkdirSync(TOOLS_BIN, { recursive: true });
  const result = spawnSync('corepack', ['enable', '--install-directory', TOOLS_BIN, 'pnpm'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('corepack could not install the pnpm shim');
}

/**
 * Runs a command with the tool environment, streaming its output; `onLine` sees every line.
 * Resolves with the exit code.
 */
export function runStep(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = toolEnv(),
  onLine?: (line: string) => void,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        out.write(chunk);
        if (!onLine) return;
        const text = rest + chunk.toString('utf8');
        const lines = text.split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
    };
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on('error', () => resolve(127));
  });
}

/** Go-built tools the checks need, pinned, installed into the project's tool folder by `go install`. */
const GO_TOOLS: Record<string, string> = {
  helm: 'helm.sh/helm/v3/cmd/helm@v3.21.4',
};

/** Builds a pinned Go tool once (a few minutes the first time) and returns its path. */
export async function ensureGoTool(name: keyof typeof GO_TOOLS): Promise<string> {
  const path = join(TOOLS_BIN, name);
  if (existsSync(path)) return path;
  const module = GO_TOOLS[name];
  if (!module) throw new Error(`unknown tool ${name}`);
  mkdirSync(TOOLS_BIN, { recursive: true });
  console.log(`[tools] building ${module} with go install (first run only)`);
  const code = await runStep(
    'go',
    ['install', module],
    toolEnv({ GOBIN: TOOLS_BIN, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' }),
  );
  if (code !== 0) throw new Error(`go install ${module} failed (exit ${code})`);
  return path;
}
