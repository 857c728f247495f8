// Prints project-list latency (p50/p99) for a 10,000-project organization at per_page=100, first
// and last page: through catalog's API and the same query issued directly against the database,
// side by side in one run. Catalog runs as its own process on the local infrastructure.
//   npm run bench:catalog            (REQUESTS=300 to change the sample size)
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { PRINCIPAL_HEADER, signPrincipal } from '@sightline/principal';
import mongoose from 'mongoose';
import { ensureInfra } from '../../scripts/infra/index.js';

const PROJECTS = 10_000;
const PER_PAGE = 100;
const REQUESTS = Number(process.env.REQUESTS ?? 300);
const PORT = 18_921;
const SECRET = 'bench-internal-auth-secret-0123456789abcdef';
const DATABASE = `sightline_bench_catalog_${Date.now()}`;
const ORG = 'org_benchcatalog';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function sample(run: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i += 1) await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: Number(percentile(times, 50).toFixed(2)), p99: Number(percentile(times, 99).toFixed(2)) };
}

async function main(): Promise<void> {
  const infra = await ensureInfra();
  const connection = await mongoose.createConnection(infra.MONGO_URL, { dbName: DATABASE }).asPromise();
  const projects = connection.collection('projects');
  const start = Date.UTC(2025, 0, 1);
  const docs = Array.from({ length: PROJECTS }, (_, i) => {
    const at = new Date(start + i * 60_000);
    const name = `Project ${String(i).padStart(5, '0')}`;
    return {
      _id: `proj_bench${String(i).padStart(12, '0')}`,
      organizationId: ORG,
      ownerId: 'user_bench',
      name,
      nameKey: name.toLowerCase(),
      description: 'seeded for the benchmark',
      settings: { visibility: 'organization' },
      createdAt: at,
      updatedAt: at,
    };
  });
  for (let i = 0; i < docs.length; i += 1_000) await projects.insertMany(docs.slice(i, i + 1_000) as never[]);

  const require = createRequire(import.meta.url);
  const catalogMain = resolve(require.resolve('@sightline/catalog/config'), '..', 'main.js');
  const catalog = fork(catalogMain, [], {
    env: {
      ...process.env,
      ...infra,
      HTTP_PORT: String(PORT),
      GRPC_PORT: '0',
      MONGO_DATABASE: DATABASE,
      KAFKA_TOPIC_PREFIX: 'bench.',
      INTERNAL_AUTH_SECRET: SECRET,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    for (let i = 0; i < 100; i += 1) {
      if (
        await fetch(`http://127.0.0.1:${PORT}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const principal = signPrincipal(
      { sub: 'user_bench', org: ORG, role: 'admin', pa: false, plan: 'enterprise', via: 'token' },
      SECRET,
      3_600,
    );
    const headers = { [PRINCIPAL_HEADER]: principal, 'x-api-dialect': 'v1' };
    const lastPage = Math.ceil(PROJECTS / PER_PAGE);

    const viaApi = (page: number) => async () => {
      const res = await fetch(`http://127.0.0.1:${PORT}/v1/projects?per_page=${PER_PAGE}&page=${page}`, {
        headers,
      });
      const body = (await res.json()) as { data: unknown[] };
      if (body.data.length !== PER_PAGE) throw new Error(`page ${page} had ${body.data.length} projects`);
    };
    const direct = (page: number) => async () => {
      const filter = { organizationId: ORG, _deleted: { $ne: true } };
      const [items] = await Promise.all([
        projects
          .find(filter)
          .sort({ createdAt: -1, _id: -1 })
          .skip((page - 1) * PER_PAGE)
          .limit(PER_PAGE)
          .toArray(),
        projects.countDocuments(filter),
      ]);
      if (items.length !== PER_PAGE) throw new Error(`page ${page} had ${items.length} projects`);
    };

    const rows = [];
    for (const [label, page] of [
      ['first page', 1],
      ['last page', lastPage],
    ] as const) {
      const api = await sample(viaApi(page));
      const db = await sample(direct(page));
      rows.push({
        page: label,
        'API p50 ms': api.p50,
        'API p99 ms': api.p99,
        'DB p50 ms': db.p50,
        'DB p99 ms': db.p99,
        'API adds p50 ms': Number((api.p50 - db.p50).toFixed(2)),
      });
    }
    console.log(
      `GET /v1/projects?per_page=${PER_PAGE}, ${PROJECTS} projects in one organization, ${REQUESTS} sequential requests each\n`,
    );
    console.table(rows);
    const [first, last] = rows;
    if (first && last)
      console.log(
        `last page / first page through the API at p50: ${(last['API p50 ms'] / first['API p50 ms']).toFixed(2)}×`,
      );
  } finally {
    catalog.kill('SIGTERM');
    await connection.dropDatabase();
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
