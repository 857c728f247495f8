// Prints the gateway's requests per second and latency through its full middleware chain,
// next to a bare express + http-proxy-middleware proxy and a direct call to the same upstream,
// measured one after another in one run. Each server runs in its own process.
//   npm run bench:gateway            (DURATION=10 CONNECTIONS=50 to change the load)
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import autocannon from 'autocannon';

const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const PORTS = { upstream: 18_901, bare: 18_902, gateway: 18_903 };
const here = import.meta.dirname;
const children: ChildProcess[] = [];

function start(script: string, env: Record<string, string>, tsx = true): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(script, [], {
      env: { ...process.env, ...env },
      execArgv: tsx ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    children.push(child);
    child.once('message', () => resolvePromise());
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function waitHttp(url: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}

async function measure(name: string, url: string) {
  // A short warm-up lets the JIT and the keep-alive pools settle.
  await autocannon({ url, connections: CONNECTIONS, duration: 2 });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  return {
    target: name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function main(): Promise<void> {
  const require = createRequire(import.meta.url);
  const gatewayMain = resolve(require.resolve('@sightline/gateway/config'), '..', 'main.js');
  await start(resolve(here, 'upstream.ts'), { PORT: String(PORTS.upstream) });
  const upstream = `http://127.0.0.1:${PORTS.upstream}`;
  await start(resolve(here, 'bare-proxy.ts'), { PORT: String(PORTS.bare), UPSTREAM_URL: upstream });
  const gatewayEnv: Record<string, string> = { PORT: String(PORTS.gateway), LOG_LEVEL: 'warn' };
  for (const name of ['IDENTITY', 'CATALOG', 'INGESTION', 'AI_ANALYTICS', 'EXPORT', 'NOTIFICATIONS']) {
    gatewayEnv[`${name}_HTTP_URL`] = upstream;
  }
  const gateway = fork(gatewayMain, [], {
    env: { ...process.env, ...gatewayEnv },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(gateway);
  await waitHttp(`http://127.0.0.1:${PORTS.gateway}/healthz`);

  console.log(`GET /v1/projects, ${CONNECTIONS} connections, ${DURATION} s each, node ${process.version}\n`);
  const rows = [
    await measure('direct to upstream', `${upstream}/v1/projects`),
    await measure('express + http-proxy-middleware', `http://127.0.0.1:${PORTS.bare}/v1/projects`),
    await measure('Sightline gateway (full chain)', `http://127.0.0.1:${PORTS.gateway}/v1/projects`),
  ];
  console.table(rows);
  const [, bare, full] = rows;
  if (bare && full) {
    console.log(
      `gateway throughput is ${Math.round((full['req/s'] / bare['req/s']) * 100)}% of the bare proxy`,
    );
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) child.kill('SIGTERM');
  });
