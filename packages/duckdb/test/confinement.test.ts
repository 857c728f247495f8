import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB } from '../src/index.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sightline-duckdb-'));
  await writeFile(join(root, 'table.csv'), 'a,b\n1,2\n');
  await writeFile(`${root}-sibling.csv`, 'secret\n1\n');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(`${root}-sibling.csv`, { force: true });
});

describe('openDuckDB', () => {
  it('reads and writes its own directories, and nothing else, for good', async () => {
    const instance = await openDuckDB({
      memoryLimit: '64MB',
      threads: 1,
      tempDirectory: join(root, 'spill'),
      allowedDirectories: [root],
    });
    const connection = await instance.connect();
    try {
      const table = `${join(root, 'table.csv')}`;
      const copy = await connection.runAndReadAll(`SELECT count(*) AS n FROM read_csv('${table}')`);
      expect(copy.getRowObjectsJson()).toEqual([{ n: '1' }]);
      await connection.run(
        `COPY (SELECT * FROM read_csv('${table}')) TO '${join(root, 'out.parquet')}' (FORMAT parquet)`,
      );
      for (const outside of [
        '/etc/passwd',
        `${root}/../${root.split('/').at(-1)}-sibling.csv`,
        `${root}-sibling.csv`,
      ]) {
        await expect(connection.run(`SELECT * FROM read_csv('${outside}')`)).rejects.toThrow(
          /Permission Error/,
        );
      }
      await expect(connection.run("SELECT * FROM read_text('/etc/hostname')")).rejects.toThrow(
        /Permission Error/,
      );
      await expect(connection.run('SET enable_external_access = true')).rejects.toThrow();
      await expect(connection.run("SET allowed_directories = ['/']")).rejects.toThrow();
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
