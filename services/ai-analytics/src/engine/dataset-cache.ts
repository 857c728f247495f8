import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A columnar copy as ingestion describes it. */
export interface DatasetRef {
  id: string;
  organizationId: string;
  /** Changes whenever the copy changes; the cache key. */
  version: string;
  size: number;
}

interface Entry {
  path: string;
  size: number;
  lastUsed: number;
}

/**
 * Local Parquet copies of data sources, fetched once per version and kept while they fit in
 * `maxBytes` (least recently used go first). Concurrent requests for one version share one fetch.
 */
export class DatasetCache {
  private readonly entries = new Map<string, Entry>();
  private readonly fetching = new Map<string, Promise<string>>();

  private readonly directory: string;

  constructor(
    private readonly root: string,
    private readonly maxBytes: number,
    private readonly fetch: (ref: DatasetRef) => AsyncIterable<Buffer>,
  ) {
    this.directory = join(root, `pid-${process.pid}`);
  }

  /**
   * Starts empty in a folder of this process's own (copies of a previous run may be stale), and
   * removes the folders of processes that are gone.
   */
  async open(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    for (const name of await readdir(this.root)) {
      const pid = Number(/^pid-(\d+)$/.exec(name)?.[1]);
      if (pid && (pid === process.pid || !alive(pid)))
        await rm(join(this.root, name), { recursive: true, force: true });
    }
    await mkdir(this.directory, { recursive: true });
  }

  /** The local path of a data source's copy, fetching it when this version is not here yet. */
  async path(ref: DatasetRef): Promise<string> {
    const key = ref.version.replace(/[^\w.-]/g, '_');
    const known = this.entries.get(key);
    if (known) {
      known.lastUsed = Date.now();
      return known.path;
    }
    let pending = this.fetching.get(key);
    if (!pending) {
      pending = this.download(key, ref).finally(() => this.fetching.delete(key));
      this.fetching.set(key, pending);
    }
    return pending;
  }

  private async download(key: string, ref: DatasetRef): Promise<string> {
    const path = join(this.directory, `${key}.parquet`);
    const partial = `${path}.partial`;
    try {
      await pipeline(Readable.from(this.fetch(ref)), createWriteStream(partial));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    this.entries.set(key, { path, size: ref.size, lastUsed: Date.now() });
    await this.evict(key);
    return path;
  }

  private async evict(keep: string): Promise<void> {
    let total = [...this.entries.values()].reduce((sum, e) => sum + e.size, 0);
    const oldest = [...this.entries.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [key, entry] of oldest) {
      if (total <= this.maxBytes) break;
      if (key === keep) continue;
      this.entries.delete(key);
      total -= entry.size;
      // A query may still be reading it on this platform only through an open handle, which survives unlinking.
      await rm(entry.path, { force: true });
    }
  }
}
