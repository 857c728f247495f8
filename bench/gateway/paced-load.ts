// An open-loop load generator: requests leave at evenly spaced times whatever the server does,
// and each latency counts from when its request was due, so a stall shows up in every request
// it delays (autocannon's rate mode sends each second's quota back to back, which measures
// bursts, not a steady rate). Like wrk, it writes one prepared request over keep-alive
// connections and reads just enough of each answer to know where it ends: the generator shares
// a core with the upstream, and node:http's client, which rebuilds and validates every header
// of every request (an access token is 860 bytes), added delays of its own to what it measured.
import { connect, type Socket } from 'node:net';

export interface PacedResult {
  sent: number;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  'max ms': number;
  errors: number;
}

/** Connections opened at most; beyond them requests wait for a free one (their clock runs). */
const MAX_CONNECTIONS = 256;
/**
 * Seconds of load before measuring. A proxy that sat idle while other targets were measured has
 * had its heap shrunk by V8, and resuming load brings a major collection within about two
 * seconds: with one second, that transient landed in whichever target followed an idle spell.
 */
const WARMUP_SECONDS = Number(process.env.WARMUP ?? 3);

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100;
}

/**
 * Sends GET `url` at `rate` requests per second for `seconds`, after a warm-up at the same rate
 * (connections opening and heaps growing back are not what is measured), and reports latency
 * percentiles.
 */
export async function pacedLoad(
  url: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
): Promise<PacedResult> {
  const pool = new ConnectionPool(new URL(url), headers);
  try {
    await paced(pool, rate, WARMUP_SECONDS);
    return await paced(pool, rate, seconds);
  } finally {
    pool.close();
  }
}

type Done = (ok: boolean) => void;

/** Keep-alive connections to one origin, each carrying one request at a time. */
class ConnectionPool {
  private readonly request: Buffer;
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly waiting: Done[] = [];

  constructor(
    private readonly target: URL,
    headers: Record<string, string>,
  ) {
    const lines = [`GET ${target.pathname} HTTP/1.1`, `Host: ${target.host}`];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    this.request = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  }

  send(done: Done): void {
    const connection = this.idle.pop();
    if (connection) connection.send(this.request, done);
    else if (this.all.size < MAX_CONNECTIONS) this.open().send(this.request, done);
    else this.waiting.push(done);
  }

  close(): void {
    for (const connection of this.all) connection.socket.destroy();
    this.all.clear();
    this.idle.length = 0;
  }

  private open(): Connection {
    const socket = connect({ host: this.target.hostname, port: Number(this.target.port), noDelay: true });
    const connection = new Connection(socket, () => {
      const next = this.waiting.shift();
      if (next) connection.send(this.request, next);
      else this.idle.push(connection);
    });
    socket.on('close', () => {
      this.all.delete(connection);
      const at = this.idle.indexOf(connection);
      if (at !== -1) this.idle.splice(at, 1);
      connection.fail();
      // Requests waiting for a free connection get a new one instead of this.
      const next = this.waiting.shift();
      if (next) this.open().send(this.request, next);
    });
    socket.on('error', () => undefined); // 'close' follows and fails the request in flight
    this.all.add(connection);
    return connection;
  }
}

/** One connection's request in flight and the answer read so far (Content-Length or chunked). */
class Connection {
  private done: Done | undefined;
  private buffered: Buffer = Buffer.alloc(0);

  constructor(
    readonly socket: Socket,
    private readonly free: () => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
  }

  send(request: Buffer, done: Done): void {
    this.done = done;
    this.socket.write(request);
  }

  fail(): void {
    const done = this.done;
    this.done = undefined;
    done?.(false);
  }

  private read(chunk: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const headEnd = this.buffered.indexOf('\r\n\r\n');
    if (headEnd === -1) return;
    const head = this.buffered.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let end: number;
    if (length) {
      end = headEnd + 4 + Number(length[1]);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      end = chunkedEnd(this.buffered, headEnd + 4);
    } else {
      this.socket.destroy(); // an answer without a known end: count it as failed
      return;
    }
    if (end === -1 || this.buffered.length < end) return;
    this.buffered = this.buffered.subarray(end);
    const done = this.done;
    this.done = undefined;
    this.free();
    done?.(status > 0 && status < 400);
  }
}

/** Where a chunked body starting at `from` ends, or -1 while it is incomplete. */
function chunkedEnd(buffer: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd === -1) return -1;
    const size = Number.parseInt(buffer.toString('latin1', at, lineEnd), 16);
    if (Number.isNaN(size)) return -1;
    at = lineEnd + 2 + size + 2;
    if (size === 0) return buffer.length >= at ? at : -1;
    if (buffer.length < at) return -1;
  }
}

async function paced(pool: ConnectionPool, rate: number, seconds: number): Promise<PacedResult> {
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  let sent = 0;
  let done = 0;
  let errors = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const fire = () => {
      const dueCount = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      while (sent < dueCount) {
        const index = sent;
        const due = started + (index / rate) * 1000;
        sent += 1;
        pool.send((ok) => {
          latencies[index] = performance.now() - due;
          if (!ok) errors += 1;
          done += 1;
          if (done === total) resolve();
        });
      }
      // Timers fire about every millisecond: a handful of requests leave together at most.
      if (sent < total) setTimeout(fire, 1);
    };
    fire();
  });
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.slice(0, done).sort();
  return {
    sent: total,
    'req/s': Math.round(total / elapsed),
    'p50 ms': percentile(sorted, 50),
    'p99 ms': percentile(sorted, 99),
    'max ms': percentile(sorted, 100),
    errors,
  };
}
