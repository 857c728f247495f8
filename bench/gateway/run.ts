// Prints the gateway's throughput and latency through its full chain — unauthenticated, with a
// JWT, and with an API key — next to a bare express + http-proxy-middleware proxy and a direct
// call to the same upstream: saturation throughput and CPU per request (median of interleaved
// rounds), then latency at half of the full chain's saturation rate under evenly paced load.
// Proxies run in their own processes, pinned to one core; the load generator and the upstream
// share this process on the other; identity is the real service on the local infrastructure
// (provisioned if needed), so tokens and keys are real. ONLY=jwt measures just the gateway with
// a JWT, next to a direct call and the express proxy; PROFILE_DIR=<dir> keeps its CPU profile.
//   npm run bench:gateway            (DURATION=5 ROUNDS=3 CONNECTIONS=50 PIN=1 to change the load)
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { ensureInfra } from '../../scripts/infra/index.js';
import { cpuSeconds, waitHttp } from '../lib/services.js';
import { type PacedResult, pacedLoad } from './paced-load.js';
import { startUpstream } from './upstream.js';

const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PORTS = {
  upstream: 18_901,
  bare: 18_902,
  gateway: 18_903,
  identityHttp: 18_904,
  identityGrpc: 18_905,
  nodeProxy: 18_906,
};
const SECRET = 'bench-internal-auth-secret-0123456789abcdef';
const ADMIN = { email: 'bench@sightline.local', password: 'bench password 123' };
const here = import.meta.dirname;
const children: ChildProcess[] = [];
let upstreamServer: Server | undefined;

function start(script: string, env: Record<string, string>, tsx = true): Promise<number | undefined> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(script, [], {
      env: { ...process.env, ...env },
      execArgv: tsx ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    children.push(child);
    child.once('message', () => resolvePromise(child.pid));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/**
 * Puts the proxies on one core and the load generator with the upstream (and identity, idle
 * during the runs) on the other, so the client never steals time from what it measures and
 * figures move far less between runs. PIN=0 leaves scheduling to the kernel.
 */
function pinCores(proxyPids: Array<number | undefined>, loadPids: Array<number | undefined>): string {
  if (process.env.PIN === '0' || availableParallelism() < 2) return 'not pinned';
  try {
    for (const pid of proxyPids) if (pid) execFileSync('taskset', ['-p', '-c', '1', String(pid)]);
    for (const pid of loadPids) if (pid) execFileSync('taskset', ['-a', '-p', '-c', '0', String(pid)]);
    return 'proxies pinned to core 1, load generator and upstream to core 0';
  } catch {
    return 'not pinned (taskset failed)';
  }
}

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** The process whose CPU time the request costs (the proxy, or the upstream when direct). */
  pid: number | undefined;
}

interface Saturation {
  reqs: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
  errors: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Throughput at saturation: CONNECTIONS clients sending back to back for DURATION seconds. */
async function saturate(target: Target): Promise<Saturation> {
  // A short warm-up lets the JIT and the keep-alive pools settle.
  await autocannon({ url: target.url, headers: target.headers, connections: CONNECTIONS, duration: 1 });
  const before = cpuSeconds(target.pid) * 1000;
  const result = await autocannon({
    url: target.url,
    headers: target.headers,
    connections: CONNECTIONS,
    duration: DURATION,
  });
  const cpu = cpuSeconds(target.pid) * 1000 - before;
  return {
    reqs: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // CPU the proxying process spent per request: steadier than req/s on a shared machine.
    cpuPerRequest: (cpu * 1000) / Math.max(1, result.requests.total),
    errors: result.errors + result.non2xx,
  };
}

async function main(): Promise<void> {
  const require = createRequire(import.meta.url);
  const gatewayMain = resolve(require.resolve('@sightline/gateway/config'), '..', 'main.js');
  // The upstream lives in this process, with the load generator: each of the two processes on
  // the measured path then has a core to itself, and no wake-up waits behind another process.
  upstreamServer = await startUpstream(PORTS.upstream);
  const upstream = `http://127.0.0.1:${PORTS.upstream}`;
  const nodeProxyPid = await start(resolve(here, 'node-proxy.ts'), {
    PORT: String(PORTS.nodeProxy),
    UPSTREAM_URL: upstream,
  });
  const barePid = await start(resolve(here, 'bare-proxy.ts'), {
    PORT: String(PORTS.bare),
    UPSTREAM_URL: upstream,
  });
  const infra = await ensureInfra();
  const identityMain = resolve(require.resolve('@sightline/identity/config'), '..', 'main.js');
  const identity = fork(identityMain, [], {
    env: {
      ...process.env,
      ...infra,
      HTTP_PORT: String(PORTS.identityHttp),
      GRPC_PORT: String(PORTS.identityGrpc),
      MONGO_DATABASE: 'sightline_bench_identity',
      KAFKA_TOPIC_PREFIX: 'bench.',
      INTERNAL_AUTH_SECRET: SECRET,
      SIGHTLINE_ADMIN_EMAIL: ADMIN.email,
      SIGHTLINE_ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(identity);
  await waitHttp(`http://127.0.0.1:${PORTS.identityHttp}/readyz`);
  const gatewayEnv: Record<string, string> = {
    PORT: String(PORTS.gateway),
    LOG_LEVEL: 'warn',
    INTERNAL_AUTH_SECRET: SECRET,
    REDIS_URL: infra.REDIS_URL,
    REDIS_KEY_PREFIX: `bench${Date.now()}:`,
    // Quotas far above what the run sends: the bench measures the checks, not refusals.
    RATE_LIMIT_PROFESSIONAL_PER_HOUR: '100000000',
    RATE_LIMIT_ENTERPRISE_PER_HOUR: '100000000',
    RATE_LIMIT_ANONYMOUS_PER_HOUR: '100000000',
    IDENTITY_HTTP_URL: `http://127.0.0.1:${PORTS.identityHttp}`,
    IDENTITY_GRPC_ADDR: `127.0.0.1:${PORTS.identityGrpc}`,
  };
  for (const name of ['CATALOG', 'INGESTION', 'AI_ANALYTICS', 'EXPORT', 'NOTIFICATIONS']) {
    gatewayEnv[`${name}_HTTP_URL`] = upstream;
  }
  // PROFILE_DIR=<dir> writes the gateway's CPU profile there when the run ends.
  const profile = process.env.PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.PROFILE_DIR] : [];
  const gateway = fork(gatewayMain, [], {
    env: { ...process.env, ...gatewayEnv },
    execArgv: [...profile, ...(process.env.GW_FLAGS ? process.env.GW_FLAGS.split(' ') : [])],
    stdio: ['ignore', process.env.GW_FLAGS ? 'inherit' : 'ignore', 'inherit', 'ipc'],
  });
  children.push(gateway);
  await waitHttp(`http://127.0.0.1:${PORTS.gateway}/healthz`);
  const gatewayUrl = `http://127.0.0.1:${PORTS.gateway}`;
  const login = (await (
    await fetch(`${gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    })
  ).json()) as { data: { access_token: string } };
  const jwt = login.data.access_token;
  const created = (await (
    await fetch(`${gatewayUrl}/api/v1/auth/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: JSON.stringify({ name: `bench ${Date.now()}` }),
    })
  ).json()) as { data: { key: string } };
  const apiKey = created.data.key;

  const pinning = pinCores([barePid, nodeProxyPid, gateway.pid], [process.pid, identity.pid]);
  console.log(
    `GET /v1/projects, ${CONNECTIONS} connections, ${DURATION} s each, node ${process.version}, ${pinning}\n`,
  );
  const bareUrl = `http://127.0.0.1:${PORTS.bare}/v1/projects`;
  const gatewayApi = `${gatewayUrl}/v1/projects`;
  const BARE = 'express + http-proxy-middleware';
  const NODE_PROXY = 'node:http + http-proxy-middleware';
  const JWT = 'gateway + JWT (full chain)';
  const API_KEY = 'gateway + API key (full chain)';
  const everyTarget: Target[] = [
    { name: 'direct to upstream', url: `${upstream}/v1/projects`, headers: {}, pid: undefined },
    { name: BARE, url: bareUrl, headers: {}, pid: barePid },
    {
      name: NODE_PROXY,
      url: `http://127.0.0.1:${PORTS.nodeProxy}/v1/projects`,
      headers: {},
      pid: nodeProxyPid,
    },
    { name: 'gateway, no credentials (401)', url: gatewayApi, headers: {}, pid: gateway.pid },
    { name: JWT, url: gatewayApi, headers: { authorization: `Bearer ${jwt}` }, pid: gateway.pid },
    { name: API_KEY, url: gatewayApi, headers: { authorization: `Bearer ${apiKey}` }, pid: gateway.pid },
  ];
  // ONLY=jwt keeps what the JWT chain is compared with: a direct call and the express proxy.
  const targets = everyTarget.filter(
    (target) => process.env.ONLY !== 'jwt' || [JWT, BARE, 'direct to upstream'].includes(target.name),
  );

  // Rounds interleave the targets, so a slow spell of the machine hits all of them; medians shown.
  const samples = new Map<string, Saturation[]>(targets.map((target) => [target.name, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const target of targets) samples.get(target.name)?.push(await saturate(target));
  }
  const rows = targets.map((target) => {
    const runs = samples.get(target.name) ?? [];
    return {
      target: target.name,
      'req/s': Math.round(median(runs.map((run) => run.reqs))),
      'p50 ms': median(runs.map((run) => run.p50)),
      'p99 ms': median(runs.map((run) => run.p99)),
      'cpu µs/req': Math.round(median(runs.map((run) => run.cpuPerRequest))),
      errors: runs.reduce((sum, run) => sum + run.errors, 0),
    };
  });
  console.log(`Saturation, median of ${ROUNDS} interleaved rounds (CPU per request of the proxy):`);
  console.table(
    rows.map((row) => ({ ...row, 'cpu µs/req': Number.isNaN(row['cpu µs/req']) ? '' : row['cpu µs/req'] })),
  );
  const bareRuns = samples.get(BARE);
  const bareRow = rows.find((row) => row.target === BARE);
  if (bareRuns && bareRow) {
    for (const name of [JWT, API_KEY]) {
      const row = rows.find((r) => r.target === name);
      const runs = samples.get(name);
      if (!row || !runs) continue;
      const perRound = runs.map((run, i) => Math.round((run.reqs / (bareRuns[i]?.reqs ?? Number.NaN)) * 100));
      console.log(
        `${name}: ${Math.round((row['req/s'] / bareRow['req/s']) * 100)}% of the bare proxy's throughput ` +
          `(rounds: ${perRound.join('%, ')}%); CPU per request ${Math.round((row['cpu µs/req'] / bareRow['cpu µs/req']) * 100)}% of the bare proxy's`,
      );
    }
  }
  const jwtRow = rows.find((row) => row.target === JWT);
  if (jwtRow && bareRow) {
    // Latency at half of the full chain's saturation rate, evenly paced, each target in turn. What
    // the gateway adds is measured against calling the upstream directly at the same rate; the
    // express proxy joins only if that rate is at most half of its own saturation too.
    const rate = Math.round(jwtRow['req/s'] / 2);
    const bareKeepsUp = bareRow['req/s'] >= rate * 2;
    const pacedTargets = targets.filter(
      (target) => target.name !== 'gateway, no credentials (401)' && (target.name !== BARE || bareKeepsUp),
    );
    const paced = new Map<string, PacedResult[]>(pacedTargets.map((target) => [target.name, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const target of pacedTargets) {
        paced.get(target.name)?.push(await pacedLoad(target.url, target.headers, rate, DURATION));
      }
    }
    const half = pacedTargets.map((target) => {
      const runs = paced.get(target.name) ?? [];
      return {
        target: target.name,
        'req/s': Math.round(median(runs.map((run) => run['req/s']))),
        'p50 ms': median(runs.map((run) => run['p50 ms'])),
        'p99 ms': median(runs.map((run) => run['p99 ms'])),
        'max ms': median(runs.map((run) => run['max ms'])),
        'p99 per round': runs.map((run) => run['p99 ms']).join(' '),
        errors: runs.reduce((sum, run) => sum + run.errors, 0),
      };
    });
    console.log(
      `\nAt ${rate} req/s, half of the full chain's saturation, evenly paced (median of ${ROUNDS} rounds):`,
    );
    console.table(half);
    if (!bareKeepsUp)
      console.log(
        `(not the express proxy: this rate is over half of its saturation, ${bareRow['req/s']} req/s)`,
      );
    const direct = half.find((row) => row.target === 'direct to upstream');
    // The plain Node proxy shows what any extra Node hop adds on this machine.
    for (const row of half.filter((r) => r !== direct)) {
      if (!direct) break;
      const added = (key: 'p50 ms' | 'p99 ms') => Math.round((row[key] - direct[key]) * 100) / 100;
      console.log(
        `${row.target} adds ${added('p99 ms')} ms at p99, ${added('p50 ms')} ms at p50 over a direct call`,
      );
    }
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) child.kill('SIGTERM');
    upstreamServer?.closeAllConnections();
    upstreamServer?.close();
  });
