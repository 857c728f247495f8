// Prints the gateway's throughput and latency through its full chain — unauthenticated, with a
// JWT, and with an API key — next to two bare proxies with http-proxy-middleware (on express, and
// on plain node:http) and a direct call to the same upstream: saturation throughput and CPU per
// request (median of interleaved rounds), then latency at half of the full chain's saturation
// rate under evenly paced load. Proxies run in their own processes, pinned to one core; the load
// generator and the upstream share this process on the other, with identity and the local
// infrastructure's processes for the length of the run; identity is the real service on the
// local infrastructure (provisioned if needed), so tokens and keys are real. ONLY=jwt measures
// just the gateway with a JWT next to those baselines; PROFILE_DIR=<dir> keeps its CPU profile.
//   npm run bench:gateway   (DURATION=5 ROUNDS=3 PACED_ROUNDS=5 WARMUP=3 CONNECTIONS=50 PIN=1 to change the load)
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { ensureInfra } from '../../scripts/infra/index.js';
import { nodeFlagsOf } from '../../scripts/node-flags.js';
import { cpuSeconds, infraPids, waitHttp } from '../lib/services.js';
import { type PacedResult, pacedLoad } from './paced-load.js';
import { startUpstream } from './upstream.js';

const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
// Tail latency moves more between rounds than throughput does: more rounds, so the median holds.
const PACED_ROUNDS = Number(process.env.PACED_ROUNDS ?? 5);
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
let unpinInfra: () => void = () => undefined;

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
 * Puts the proxies on one core and everything else the run touches on the other: the load
 * generator with the upstream, identity (idle during the runs) and the local infrastructure's
 * processes (Kafka's and MongoDB's JVMs wake up now and then, and a wake-up on the proxies' core
 * shows in their tail latency). The client then never steals time from what it measures and
 * figures move far less between runs. PIN=0 leaves scheduling to the kernel. Returns what was
 * done and how to undo the infrastructure's pinning (it outlives the run).
 */
function pinCores(
  proxyPids: Array<number | undefined>,
  loadPids: Array<number | undefined>,
  infra: number[],
): { pinning: string; unpin: () => void } {
  const none = () => undefined;
  if (process.env.PIN === '0' || availableParallelism() < 2) return { pinning: 'not pinned', unpin: none };
  const taskset = (args: string[]) => execFileSync('taskset', args, { stdio: 'ignore' });
  try {
    for (const pid of proxyPids) if (pid) taskset(['-p', '-c', '1', String(pid)]);
    for (const pid of loadPids) if (pid) taskset(['-a', '-p', '-c', '0', String(pid)]);
  } catch {
    return { pinning: 'not pinned (taskset failed)', unpin: none };
  }
  const all = `0-${availableParallelism() - 1}`;
  const pinned = infra.filter((pid) => {
    try {
      taskset(['-a', '-p', '-c', '0', String(pid)]);
      return true;
    } catch {
      return false; // not ours to move (another user's), or gone: leave it
    }
  });
  return {
    pinning: `proxies pinned to core 1; load generator, upstream, identity${pinned.length ? ' and local infrastructure' : ''} to core 0`,
    unpin: () => {
      for (const pid of pinned) {
        try {
          taskset(['-a', '-p', '-c', all, String(pid)]);
        } catch {
          // it stopped meanwhile
        }
      }
    },
  };
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
    // The gateway's production flags (its package.json), then any the run adds.
    execArgv: [
      ...nodeFlagsOf('gateway'),
      ...profile,
      ...(process.env.GW_FLAGS ? process.env.GW_FLAGS.split(' ') : []),
    ],
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

  const { pinning, unpin } = pinCores(
    [barePid, nodeProxyPid, gateway.pid],
    [process.pid, identity.pid],
    infraPids().map(([, pid]) => pid),
  );
  unpinInfra = unpin;
  console.log(
    `GET /v1/projects, ${CONNECTIONS} connections, ${DURATION} s each, node ${process.version}, ${pinning}\n`,
  );
  const bareUrl = `http://127.0.0.1:${PORTS.bare}/v1/projects`;
  const gatewayApi = `${gatewayUrl}/v1/projects`;
  const DIRECT = 'direct to upstream';
  const BARE = 'express + http-proxy-middleware';
  const NODE_PROXY = 'node:http + http-proxy-middleware';
  const JWT = 'gateway + JWT (full chain)';
  const API_KEY = 'gateway + API key (full chain)';
  const everyTarget: Target[] = [
    { name: DIRECT, url: `${upstream}/v1/projects`, headers: {}, pid: undefined },
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
  // ONLY=jwt keeps what the JWT chain is compared with: a direct call and the two bare proxies.
  const targets = everyTarget.filter(
    (target) => process.env.ONLY !== 'jwt' || [JWT, BARE, NODE_PROXY, DIRECT].includes(target.name),
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
    // Latency at half of saturation, evenly paced. The gateway's targets, a direct call and the
    // plain node:http proxy run at half of the JWT chain's saturation; the express proxy at half of
    // its own (it saturates sooner, and at the chain's rate it would be near its limit).
    const rate = Math.round(jwtRow['req/s'] / 2);
    const bareRate = Math.round(bareRow['req/s'] / 2);
    const pacedTargets = targets.filter((target) => target.name !== 'gateway, no credentials (401)');
    const rateOf = (target: Target) => (target.name === BARE ? bareRate : rate);
    const paced = new Map<string, PacedResult[]>(pacedTargets.map((target) => [target.name, []]));
    // Every other round runs the targets in reverse, so no target always follows the same one.
    for (let round = 0; round < PACED_ROUNDS; round += 1) {
      const order = round % 2 === 0 ? pacedTargets : [...pacedTargets].reverse();
      for (const target of order) {
        paced.get(target.name)?.push(await pacedLoad(target.url, target.headers, rateOf(target), DURATION));
      }
    }
    const half = pacedTargets.map((target) => {
      const runs = paced.get(target.name) ?? [];
      const ms = (values: number[]) => Math.round(median(values) * 100) / 100;
      return {
        target: target.name,
        'req/s': Math.round(median(runs.map((run) => run['req/s']))),
        'p50 ms': ms(runs.map((run) => run['p50 ms'])),
        'p99 ms': ms(runs.map((run) => run['p99 ms'])),
        'max ms': ms(runs.map((run) => run['max ms'])),
        'p99 per round': runs.map((run) => run['p99 ms']).join(' '),
        errors: runs.reduce((sum, run) => sum + run.errors, 0),
      };
    });
    console.log(
      `\nAt half of saturation (${rate} req/s, the express proxy ${bareRate} req/s), evenly paced, median of ${PACED_ROUNDS} rounds:`,
    );
    console.table(half);
    // Three readings of what the chain adds at p99: over the bare express proxy, each at half of
    // its own saturation (the target's comparison); over plain proxying with the same library at
    // the same rate (node:http + http-proxy-middleware: any Node proxy pays that hop); and over
    // calling the upstream directly (the hop included).
    const row = (name: string) => half.find((r) => r.target === name);
    const added = (target: string, base: string, key: 'p50 ms' | 'p99 ms') => {
      const a = row(target);
      const b = row(base);
      return a && b ? Math.round((a[key] - b[key]) * 100) / 100 : Number.NaN;
    };
    console.log(
      `${NODE_PROXY} adds ${added(NODE_PROXY, DIRECT, 'p99 ms')} ms at p99, ` +
        `${added(NODE_PROXY, DIRECT, 'p50 ms')} ms at p50 over a direct call`,
    );
    for (const name of [JWT, API_KEY]) {
      if (!row(name)) continue;
      console.log(
        `${name} adds at p99: ${added(name, BARE, 'p99 ms')} ms over the express proxy (each at half its ` +
          `saturation), ${added(name, NODE_PROXY, 'p99 ms')} ms over plain proxying, ` +
          `${added(name, DIRECT, 'p99 ms')} ms over a direct call`,
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
    unpinInfra();
    for (const child of children) child.kill('SIGTERM');
    upstreamServer?.closeAllConnections();
    upstreamServer?.close();
  });
