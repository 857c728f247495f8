// Prints, side by side in one run on a generated sales CSV (1,000,000 rows, ~79 MB): the wall
// time from the start of an upload through the gateway until the data source is `ready`, and
// its MB/s (median of ROUNDS uploads after one untimed warm-up upload, whose own figure is shown
// too); where that time and the machine's CPU went; ingestion's peak RSS; and DuckDB's own
// read_csv_auto time on the same file as the reference. Identity, ingestion and the gateway run
// as their own processes on the local infrastructure.
//   npm run bench:ingestion   (ROWS=13500000 for a ~1 GiB file, ROUNDS=3, KEEP_FILE=1 to reuse it)
import { createReadStream, existsSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ensureInfra } from '../../scripts/infra/index.js';
import { BenchServices, cpuSeconds, infraPids, waitHttp } from '../lib/services.js';
import { generateSales } from './sales.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const FILE = join(tmpdir(), `sightline-bench-sales-${ROWS}.csv`);
/** Timed uploads of FILE; the median is reported. */
const ROUNDS = Number(process.env.ROUNDS ?? 3);
/** The warm-up file: larger than the inline limit (16 MiB), so it takes the same path as FILE. */
const WARMUP_ROWS = 250_000;
const WARMUP_FILE = join(tmpdir(), `sightline-bench-warmup-${WARMUP_ROWS}.csv`);
const PORTS = {
  gateway: 18_931,
  identityHttp: 18_932,
  identityGrpc: 18_933,
  ingestionHttp: 18_934,
  ingestionGrpc: 18_935,
};
const SECRET = 'bench-internal-auth-secret-0123456789abcdef';
const RUN = Date.now();
const ADMIN = { email: 'bench@sightline.test', password: 'bench admin password' };
const MB = 1_000_000;

/** CPU readings of a set of processes at named moments: where the wall time went on a machine with few cores. */
class CpuLedger {
  private readonly readings: number[][] = [];

  constructor(private readonly processes: Array<[string, number]>) {}

  /** Reads every process's CPU time now. */
  mark(): void {
    this.readings.push(this.processes.map(([, pid]) => cpuSeconds(pid)));
  }

  /** One row per process: CPU seconds between consecutive marks, under the given phase names. */
  table(phases: string[]): Array<Record<string, string | number | null>> {
    return this.processes.map(([name], i) => {
      const row: Record<string, string | number | null> = { process: name };
      phases.forEach((phase, k) => {
        const used = (this.readings[k + 1]?.[i] ?? Number.NaN) - (this.readings[k]?.[i] ?? Number.NaN);
        row[phase] = Number.isNaN(used) ? null : Number(used.toFixed(2));
      });
      return row;
    });
  }
}

/** The highest resident set size the process has had, from the kernel's own bookkeeping. */
async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return Math.round((kb * 1024) / MB);
}

let uploads = 0;

/** Streams the file as a multipart upload (never whole in memory) and returns the answer. */
function upload(
  url: string,
  token: string,
  path: string,
  size: number,
): Promise<{ status: number; body: string }> {
  const boundary = `----sightline${RUN}`;
  // Data source names are unique per organization: each upload of the run gets its own.
  uploads += 1;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sales.csv"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(
    `\r\n--${boundary}\r\nContent-Disposition: form-data; name="data_source_name"\r\n\r\nbench sales ${uploads}\r\n--${boundary}--\r\n`,
  );
  return new Promise((resolvePromise, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + size + tail.length),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (piece: string) => {
        body += piece;
      });
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body }));
    });
    req.write(head);
    const file = createReadStream(path, { highWaterMark: 1 << 20 });
    file.on('error', reject);
    file.on('end', () => req.end(tail));
    file.pipe(req, { end: false });
  });
}

async function duckdbReference(path: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const started = performance.now();
  await connection.run(`CREATE TABLE sales AS SELECT * FROM read_csv_auto('${path.replaceAll("'", "''")}')`);
  const elapsed = performance.now() - started;
  connection.closeSync();
  instance.closeSync();
  return elapsed;
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) {
    process.stdout.write(`generating ${ROWS.toLocaleString('en-US')} rows … `);
    await generateSales(FILE, ROWS);
    console.log('done');
  }
  const size = (await stat(FILE)).size;
  const infra = await ensureInfra();
  const services = new BenchServices(
    {
      ...process.env,
      ...infra,
      INTERNAL_AUTH_SECRET: SECRET,
      KAFKA_TOPIC_PREFIX: `bench${RUN}.`,
      LOG_LEVEL: 'warn',
      // As npm start, the image and the chart run services (README, ingestion's memory).
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
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
    // INGESTION_LOG_LEVEL=info shows ingestion's own log, with the time each processing stage took.
    const ingestion = services.start(
      '@sightline/ingestion',
      {
        ...(process.env.INGESTION_LOG_LEVEL ? { LOG_LEVEL: process.env.INGESTION_LOG_LEVEL } : {}),
        HTTP_PORT: String(PORTS.ingestionHttp),
        GRPC_PORT: String(PORTS.ingestionGrpc),
        MONGO_DATABASE: `sightline_bench_ingestion_${RUN}`,
      },
      { showStdout: Boolean(process.env.INGESTION_LOG_LEVEL) },
    );
    await waitHttp(`http://127.0.0.1:${PORTS.identityHttp}/readyz`);
    await waitHttp(`http://127.0.0.1:${PORTS.ingestionHttp}/readyz`);
    const gatewayProcess = services.start('@sightline/gateway', {
      PORT: String(PORTS.gateway),
      IDENTITY_HTTP_URL: `http://127.0.0.1:${PORTS.identityHttp}`,
      IDENTITY_GRPC_ADDR: `127.0.0.1:${PORTS.identityGrpc}`,
      INGESTION_HTTP_URL: `http://127.0.0.1:${PORTS.ingestionHttp}`,
      INGESTION_GRPC_ADDR: `127.0.0.1:${PORTS.ingestionGrpc}`,
      REDIS_KEY_PREFIX: `bench${RUN}:`,
      // Polling for readiness every 20 ms must not hit the data limit.
      RATE_LIMIT_DATA_PER_MINUTE: '100000',
    });
    const gateway = `http://127.0.0.1:${PORTS.gateway}`;
    await waitHttp(`${gateway}/healthz`);
    const login = await fetch(`${gateway}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
    const rssBefore = await peakRssMb(ingestion.pid as number);

    const watched: Array<[string, number]> = [
      ['gateway', gatewayProcess.pid as number],
      ['ingestion', ingestion.pid as number],
      ['bench (client)', process.pid],
      ...infraPids(),
    ];
    /** One upload through the gateway, polled until ready, then deleted (so rounds do not pile up). */
    const uploadUntilReady = async (path: string, bytes: number, ledger?: CpuLedger) => {
      ledger?.mark();
      const started = performance.now();
      const answer = await upload(`${gateway}/api/v1/data/upload`, token, path, bytes);
      const uploaded = performance.now();
      ledger?.mark();
      if (answer.status !== 201 && answer.status !== 202)
        throw new Error(`upload answered ${answer.status}: ${answer.body}`);
      const { data } = JSON.parse(answer.body) as { data: { data_source_id: string; status: string } };
      let detail: Record<string, unknown> = { status: data.status };
      while (detail.status === 'processing') {
        await new Promise((r) => setTimeout(r, 20));
        const res = await fetch(`${gateway}/v1/data/${data.data_source_id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        detail = (await res.json()) as Record<string, unknown>;
      }
      const ready = performance.now();
      ledger?.mark();
      if (detail.status !== 'ready')
        throw new Error(`the data source ended ${String(detail.status)}: ${JSON.stringify(detail)}`);
      await fetch(`${gateway}/api/v1/data/sources/${data.data_source_id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
      return { wall: ready - started, request: uploaded - started, rows: detail.rows };
    };

    // A service answers its first upload with cold code paths (JIT, DuckDB, GridFS, the job
    // topic): one untimed upload larger than the inline limit goes first, as on a running platform.
    await generateSales(WARMUP_FILE, WARMUP_ROWS);
    const warmupSize = (await stat(WARMUP_FILE)).size;
    const warmup = await uploadUntilReady(WARMUP_FILE, warmupSize);
    await rm(WARMUP_FILE, { force: true });
    const peakAfterWarmup = await peakRssMb(ingestion.pid as number);

    const rounds: Array<{ wall: number; request: number; rows: unknown; ledger: CpuLedger }> = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const ledger = new CpuLedger(watched);
      rounds.push({ ...(await uploadUntilReady(FILE, size, ledger)), ledger });
    }
    const byWall = [...rounds].sort((x, y) => x.wall - y.wall);
    const median = byWall[Math.floor((byWall.length - 1) / 2)] as (typeof rounds)[number];
    const peak = await peakRssMb(ingestion.pid as number);
    const reference = await duckdbReference(FILE);

    const seconds = (ms: number) => Number((ms / 1000).toFixed(2));
    const rate = (bytes: number, ms: number) => Number((bytes / MB / (ms / 1000)).toFixed(1));
    console.log(
      `\n${ROWS.toLocaleString('en-US')}-row sales CSV, ${(size / MB).toFixed(1)} MB, uploaded through the gateway (all processes on this machine)`,
    );
    console.log(
      `median of ${ROUNDS} rounds (${rounds.map((r) => `${rate(size, r.wall)} MB/s`).join(', ')}), after one warm-up upload\n`,
    );
    console.table([
      {
        measure: 'upload → ready, through the gateway',
        seconds: seconds(median.wall),
        'MB/s': rate(size, median.wall),
      },
      {
        measure: '  of which the upload request',
        seconds: seconds(median.request),
        'MB/s': rate(size, median.request),
      },
      {
        measure: '  of which processing after it',
        seconds: seconds(median.wall - median.request),
        'MB/s': null,
      },
      {
        measure: `warm-up: a fresh service's first upload (${(warmupSize / MB).toFixed(1)} MB)`,
        seconds: seconds(warmup.wall),
        'MB/s': rate(warmupSize, warmup.wall),
      },
      {
        measure: "DuckDB's own read_csv_auto (reference)",
        seconds: seconds(reference),
        'MB/s': rate(size, reference),
      },
    ]);
    console.log(
      'CPU seconds each process used in the median round (two cores: twice the wall time is all there is):',
    );
    console.table(
      median.ledger.table([
        `upload request (${seconds(median.request)} s)`,
        `processing after it (${seconds(median.wall - median.request)} s)`,
      ]),
    );
    console.log(
      `ingestion peak RSS: ${peak} MB (${rssBefore} MB before any upload, ${peakAfterWarmup} MB after the warm-up); rows: ${String(median.rows ?? ROWS)}`,
    );
  } finally {
    await services.stop();
    if (!process.env.KEEP_FILE) await rm(FILE, { force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
