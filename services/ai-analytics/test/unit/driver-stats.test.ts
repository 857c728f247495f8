import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDrivers } from '../../src/domain/driver-analysis.js';
import { measureFactors } from '../../src/engine/driver-stats.js';
import { QueryEngine } from '../../src/engine/query-engine.js';

let directory: string;
let engine: QueryEngine;
let path: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'sightline-drivers-'));
  path = join(directory, 'costs.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // Total cost is repair plus other cost; speed drives repair cost; noise drives nothing.
  await connection.run(
    `COPY (SELECT repair + other AS "Cost Total", repair AS "Cost Repair", other AS "Cost Other", speed, noise FROM (
       SELECT round(speed * 10 + (i % 7) * 3, 2) AS repair, round((i * 37) % 11, 2) AS other, speed, noise FROM (
         SELECT i, 100 + (i * 13) % 97 AS speed, (i * 7919) % 101 AS noise FROM range(600) r(i)))) TO '${path}' (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
  engine = await QueryEngine.open({
    memoryLimit: '128MB',
    threads: 1,
    tempDirectory: join(directory, 'spill'),
    timeoutMs: 10_000,
    datasetDirectory: directory,
  });
});

afterAll(() => {
  engine?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('measureFactors', () => {
  it('finds the columns a target is computed from and keeps them out of the drivers', async () => {
    const profile = await engine.profile(path);
    const report = analyzeDrivers('Cost Total', await measureFactors(engine, path, profile, 'Cost Total'));
    expect(report.components.map((c) => c.factor).sort()).toEqual(['Cost Other', 'Cost Repair']);
    expect(report.components.every((c) => c.relation === 'sum')).toBe(true);
    expect(report.primary.map((d) => d.factor)).toContain('speed');
    expect(report.primary.map((d) => d.factor)).not.toContain('Cost Repair');
  });
});
