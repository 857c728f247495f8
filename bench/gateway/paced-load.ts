// An open-loop load generator: requests leave at evenly spaced times whatever the server does,
// and each latency counts from when its request was due, so a stall shows up in every request
// it delays (autocannon's rate mode sends each second's quota back to back, which measures
// bursts, not a steady rate).
import { Agent, request } from 'node:http';

export interface PacedResult {
  sent: number;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  'max ms': number;
  errors: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100;
}

/**
 * Sends GET `url` at `rate` requests per second for `seconds`, after a one-second warm-up at the
 * same rate (connections opening are not what is measured), and reports latency percentiles.
 */
export async function pacedLoad(
  url: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  try {
    await paced(agent, url, headers, rate, 1);
    return await paced(agent, url, headers, rate, seconds);
  } finally {
    agent.destroy();
  }
}

async function paced(
  agent: Agent,
  url: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
): Promise<PacedResult> {
  const target = new URL(url);
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  let sent = 0;
  let done = 0;
  let errors = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const finish = (index: number, due: number, ok: boolean) => {
      latencies[index] = performance.now() - due;
      if (!ok) errors += 1;
      done += 1;
      if (done === total) resolve();
    };
    const fire = () => {
      const dueCount = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      while (sent < dueCount) {
        const index = sent;
        const due = started + (index / rate) * 1000;
        sent += 1;
        const req = request(
          { host: target.hostname, port: target.port, path: target.pathname, headers, agent },
          (res) => {
            res.resume();
            res.on('end', () => finish(index, due, (res.statusCode ?? 500) < 400));
          },
        );
        req.on('error', () => finish(index, due, false));
        req.end();
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
