import type { Logger } from '@sightline/logging';

/** Calls admitted for one organization in one calendar month (UTC, YYYY-MM). */
export interface ApiCallCount {
  organizationId: string;
  month: string;
  calls: number;
}

/** Sends counts to where they are kept (identity's RecordApiCalls). */
export type ApiCallReport = (counts: ApiCallCount[]) => Promise<void>;

/** Counts kept while identity does not answer, at most: beyond that, new organizations' calls are dropped. */
const MAX_PENDING_KEYS = 50_000;
/** Counts per report, as identity accepts them. */
const MAX_PER_REPORT = 10_000;

/**
 * API calls admitted per organization and month, counted in memory on the request path and
 * reported to identity every few seconds (an organization's `usage.api_calls_month`). Counts a
 * failed report carried are kept for the next one; what a crash loses is at most one interval.
 */
export class ApiCallTally {
  private counts = new Map<string, ApiCallCount>();
  private month = '';
  private monthEndsAt = 0;
  private readonly timer: NodeJS.Timeout;
  private reporting: Promise<void> | undefined;

  constructor(
    private readonly report: ApiCallReport,
    private readonly logger: Logger,
    intervalMs = 5_000,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Counts one admitted call of an organization. */
  count(organizationId: string, now = Date.now()): void {
    if (now >= this.monthEndsAt) this.startMonth(now);
    const key = `${organizationId}\n${this.month}`;
    const entry = this.counts.get(key);
    if (entry) entry.calls += 1;
    else if (this.counts.size < MAX_PENDING_KEYS) {
      this.counts.set(key, { organizationId, month: this.month, calls: 1 });
    }
  }

  /** Reports what was counted since the last report (one report at a time). */
  flush(): Promise<void> {
    this.reporting ??= this.send().finally(() => {
      this.reporting = undefined;
    });
    return this.reporting;
  }

  /** Stops the timer and reports what is left. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.reporting;
    await this.flush();
  }

  private async send(): Promise<void> {
    if (this.counts.size === 0) return;
    const batch = this.counts;
    this.counts = new Map();
    const entries = [...batch.values()];
    try {
      for (let start = 0; start < entries.length; start += MAX_PER_REPORT) {
        await this.report(entries.slice(start, start + MAX_PER_REPORT));
        for (const entry of entries.slice(start, start + MAX_PER_REPORT)) {
          batch.delete(`${entry.organizationId}\n${entry.month}`);
        }
      }
    } catch (error) {
      // Unsent counts go back, added to those counted meanwhile.
      for (const [key, entry] of batch) {
        const current = this.counts.get(key);
        if (current) current.calls += entry.calls;
        else if (this.counts.size < MAX_PENDING_KEYS) this.counts.set(key, entry);
      }
      this.logger.warn(
        { err: String(error) },
        'could not report API call counts; keeping them for the next try',
      );
    }
  }

  private startMonth(now: number): void {
    const at = new Date(now);
    this.month = at.toISOString().slice(0, 7);
    this.monthEndsAt = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
  }
}
