// Prints the gateway's requests per second and latency through its full middleware chain —
// unauthenticated, with a JWT, and with an API key — next to a bare express +
// http-proxy-middleware proxy and a direct call to the same upstream, measured one after
// another in one run (ONLY=jwt measures just the gateway with a JWT, PROFILE_DIR=<dir> keeps its
// CPU profile). Each server runs in its own process; identity is the real service on the
// local infrastructure (provisioned if needed), so tokens and keys are real.
//   npm run bench:gateway            (DURATION=10 CONNECTIONS=50 to change the load)
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { ensureInfra } from '../../scripts/infra/index.js';

const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const PORTS = { upstream: 18_901, bare: 18_902, gateway: 18_903, identityHttp: 18_904, identityGrpc: 18_905 };
const SECRET = 'bench-internal-auth-secret-0123456789abcdef';
const ADMIN = { email: 'bench@sightline.local', password: 'bench password 123' };
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

/** Latency at a fixed request rate (below saturation, where latency means something). */
async function measureAtRate(name: string, url: string, headers: Record<string, string>, rate: number) {
  const result = await autocannon({
    url,
    headers,
    connections: CONNECTIONS,
    duration: DURATION,
    overallRate: rate,
  });
  return {
    target: name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
  };
}

async function measure(name: string, url: string, headers: Record<string, string> = {}) {
  // A short warm-up lets the JIT and the keep-alive pools settle.
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 2 });
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION });
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
    execArgv: profile,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
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

  console.log(`GET /v1/projects, ${CONNECTIONS} connections, ${DURATION} s each, node ${process.version}\n`);
  const targets: Array<[string, string, Record<string, string>]> = [
    ['direct to upstream', `${upstream}/v1/projects`, {}],
    ['express + http-proxy-middleware', `http://127.0.0.1:${PORTS.bare}/v1/projects`, {}],
    ['gateway, no credentials (401)', `${gatewayUrl}/v1/projects`, {}],
    ['gateway + JWT (full chain)', `${gatewayUrl}/v1/projects`, { authorization: `Bearer ${jwt}` }],
    ['gateway + API key (full chain)', `${gatewayUrl}/v1/projects`, { authorization: `Bearer ${apiKey}` }],
  ];
  const rows = [];
  for (const [name, url, headers] of targets) {
    if (process.env.ONLY === 'jwt' && !name.includes('JWT')) continue;
    rows.push(await measure(name, url, headers));
  }
  console.table(rows);
  const bare = rows.find((row) => row.target.startsWith('express'));
  if (bare) {
    for (const row of rows.filter((r) => r.target.includes('full chain'))) {
      console.log(
        `${row.target}: ${Math.round((row['req/s'] / bare['req/s']) * 100)}% of the bare proxy's throughput`,
      );
    }
  }
  const jwtRow = rows.find((row) => row.target.includes('JWT'));
  if (jwtRow && process.env.ONLY !== 'jwt') {
    // Latency added by the chain at half of the full chain's saturation rate, both at that rate.
    const rate = Math.round(jwtRow['req/s'] / 2);
    const half = [
      await measureAtRate(
        'express + http-proxy-middleware',
        `http://127.0.0.1:${PORTS.bare}/v1/projects`,
        {},
        rate,
      ),
      await measureAtRate(
        'gateway + JWT (full chain)',
        `${gatewayUrl}/v1/projects`,
        { authorization: `Bearer ${jwt}` },
        rate,
      ),
    ];
    console.log(`\nAt ${rate} req/s (half of the full chain's saturation):`);
    console.table(half);
    const [b, g] = half;
    if (b && g)
      console.log(`added at p99: ${g['p99 ms'] - b['p99 ms']} ms, at p50: ${g['p50 ms'] - b['p50 ms']} ms`);
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
