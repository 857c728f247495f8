// Prints, side by side in one run on a 1,000,000-row data source: the chart endpoint's p50/p99
// through the gateway with a warm cache, and DuckDB's own time for the same SQL on the same
// Parquet file. Identity, ingestion, ai-analytics and the gateway run as their own processes.
//   npm run bench:analytics            (ROWS=… to change the size, REQUESTS=… the sample)
import { existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ensureInfra } from '../../scripts/infra/index.js';
import { BenchServices, waitHttp } from '../lib/services.js';
import { generateSales } from '../ingestion/sales.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const REQUESTS = Number(process.env.REQUESTS ?? 60);
const FILE = join(tmpdir(), `sightline-bench-sales-${ROWS}.csv`);
const RUN = Date.now();
const CACHE = join(tmpdir(), `sightline-bench-analytics-${RUN}`);
const SECRET = 'bench-internal-auth-secret-0123456789abcdef';
const ADMIN = { email: 'bench@sightline.test', password: 'bench admin password' };
const PORTS = {
  gateway: 18_941,
  identityHttp: 18_942,
  identityGrpc: 18_943,
  ingestionHttp: 18_944,
  ingestionGrpc: 18_945,
  analyticsHttp: 18_946,
  analyticsGrpc: 18_947,
};
const QUESTIONS = [
  'total revenue by region',
  'average unit price by category',
  'revenue by month',
  'number of orders by customer type and year',
  'top 5 products by revenue',
  'average quantity by category in 2022',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) await generateSales(FILE, ROWS);
  const infra = await ensureInfra();
  const services = new BenchServices(
    {
      ...process.env,
      ...infra,
      INTERNAL_AUTH_SECRET: SECRET,
      KAFKA_TOPIC_PREFIX: `bench${RUN}.`,
      LOG_LEVEL: 'warn',
      MALLOC_ARENA_MAX: '2',
    },
    infra.MONGO_URL,
  );
  try {
    services.start('@sightline/identity', {
      HTTP_PORT: String(PORTS.identityHttp),
      GRPC_PORT: String(PORTS.identityGrpc),
      MONGO_DATABASE: `sightline_bench_identity_${RUN}`,
      SIGHTLINE_ADMIN_EMAIL: ADMIN.email,
      SIGHTLINE_ADMIN_PASSWORD: ADMIN.password,
    });
    services.start('@sightline/ingestion', {
      HTTP_PORT: String(PORTS.ingestionHttp),
      GRPC_PORT: String(PORTS.ingestionGrpc),
      MONGO_DATABASE: `sightline_bench_ingestion_${RUN}`,
    });
    services.start('@sightline/ai-analytics', {
      HTTP_PORT: String(PORTS.analyticsHttp),
      GRPC_PORT: String(PORTS.analyticsGrpc),
      MONGO_DATABASE: `sightline_bench_analytics_${RUN}`,
      INGESTION_GRPC_ADDR: `127.0.0.1:${PORTS.ingestionGrpc}`,
      IDENTITY_GRPC_ADDR: `127.0.0.1:${PORTS.identityGrpc}`,
      DATASET_CACHE_DIR: CACHE,
    });
    for (const port of [PORTS.identityHttp, PORTS.ingestionHttp, PORTS.analyticsHttp]) {
      await waitHttp(`http://127.0.0.1:${port}/readyz`);
    }
    services.start('@sightline/gateway', {
      PORT: String(PORTS.gateway),
      IDENTITY_HTTP_URL: `http://127.0.0.1:${PORTS.identityHttp}`,
      IDENTITY_GRPC_ADDR: `127.0.0.1:${PORTS.identityGrpc}`,
      INGESTION_HTTP_URL: `http://127.0.0.1:${PORTS.ingestionHttp}`,
      INGESTION_GRPC_ADDR: `127.0.0.1:${PORTS.ingestionGrpc}`,
      AI_ANALYTICS_HTTP_URL: `http://127.0.0.1:${PORTS.analyticsHttp}`,
      AI_ANALYTICS_GRPC_ADDR: `127.0.0.1:${PORTS.analyticsGrpc}`,
      REDIS_KEY_PREFIX: `bench${RUN}:`,
      RATE_LIMIT_DATA_PER_MINUTE: '100000',
      RATE_LIMIT_ANALYTICS_PER_MINUTE: '100000',
      RATE_LIMIT_ENTERPRISE_PER_HOUR: '10000000',
    });
    const gateway = `http://127.0.0.1:${PORTS.gateway}`;
    await waitHttp(`${gateway}/healthz`);
    const login = await fetch(`${gateway}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
    const auth = { authorization: `Bearer ${token}` };

    const form = new FormData();
    form.append(
      'file',
      new Blob([await import('node:fs/promises').then((fs) => fs.readFile(FILE))]),
      'sales.csv',
    );
    form.append('data_source_name', 'bench sales');
    const upload = (await (
      await fetch(`${gateway}/api/v1/data/upload`, { method: 'POST', headers: auth, body: form })
    ).json()) as {
      data: { data_source_id: string };
    };
    const id = upload.data.data_source_id;
    for (;;) {
      const detail = (await (await fetch(`${gateway}/v1/data/${id}`, { headers: auth })).json()) as {
        status: string;
      };
      if (detail.status === 'ready') break;
      if (detail.status === 'failed') throw new Error('the data source failed to process');
      await new Promise((r) => setTimeout(r, 100));
    }

    const ask = async (query: string) => {
      const res = await fetch(`${gateway}/api/v1/analytics/chart`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ query, data_source: id }),
      });
      if (res.status !== 201) throw new Error(`${query}: ${res.status} ${await res.text()}`);
      return (await res.json()) as {
        data: { interpretation: { sql: string; parameters: Array<string | number>; rows_returned: number } };
      };
    };
    const first = await ask(QUESTIONS[0] as string); // fetches the copy into the cache
    void first;
    const cached = (await readdir(CACHE, { recursive: true })).find((f) => String(f).endsWith('.parquet'));
    const parquet = join(CACHE, String(cached));
    const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");

    const rows = [];
    for (const question of QUESTIONS) {
      for (let i = 0; i < 3; i += 1) await ask(question); // warm
      const api: number[] = [];
      let receipt: Awaited<ReturnType<typeof ask>>['data']['interpretation'] | undefined;
      for (let i = 0; i < REQUESTS; i += 1) {
        const started = performance.now();
        receipt = (await ask(question)).data.interpretation;
        api.push(performance.now() - started);
      }
      const sql = `WITH dataset AS (SELECT * FROM read_parquet('${parquet}')) ${receipt?.sql}`;
      const own: number[] = [];
      for (let i = 0; i < REQUESTS; i += 1) {
        const started = performance.now();
        if (receipt?.parameters.length) await connection.runAndReadAll(sql, receipt.parameters);
        else await connection.runAndReadAll(sql);
        own.push(performance.now() - started);
      }
      api.sort((a, b) => a - b);
      own.sort((a, b) => a - b);
      const p50 = percentile(api, 50);
      const duck = percentile(own, 50);
      rows.push({
        question,
        'API p50 ms': Number(p50.toFixed(1)),
        'API p99 ms': Number(percentile(api, 99).toFixed(1)),
        'DuckDB p50 ms': Number(duck.toFixed(1)),
        'p50 ≤ 100 ms': p50 <= 100 ? 'yes' : 'no',
        'p50 ≤ 2×DuckDB+20': p50 <= 2 * duck + 20 ? 'yes' : 'no',
      });
    }
    connection.closeSync();
    instance.closeSync();
    const size = (await stat(parquet)).size;
    console.log(
      `\nPOST /api/v1/analytics/chart through the gateway, ${ROWS.toLocaleString('en-US')}-row data source (Parquet ${(size / 1e6).toFixed(1)} MB), ${REQUESTS} sequential requests per question after warm-up\n`,
    );
    console.table(rows);
  } finally {
    await services.stop();
    await rm(CACHE, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
