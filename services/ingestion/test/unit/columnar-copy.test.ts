import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertToColumnar } from '../../src/engine/columnar-copy.js';
import { Engine, rows } from '../../src/engine/duckdb.js';

// DuckDB is an embedded library, not infrastructure: these run on files in a temporary folder.
let engine: Engine;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sl-columnar-'));
  engine = await Engine.open({
    tempDirectory: join(dir, 'duck'),
    memoryLimit: '128MB',
    threads: 1,
    dataDirectory: dir,
  });
});

afterAll(async () => {
  engine?.close();
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function convert(content: string | Buffer, fileName = 'f.csv') {
  counter += 1;
  const path = join(dir, `in-${counter}`);
  await writeFile(path, content);
  return convertToColumnar(
    engine,
    { path, fileName, workPath: join(dir, `work-${counter}`) },
    { maxColumns: 100 },
  );
}

function types(result: Awaited<ReturnType<typeof convert>>) {
  return Object.fromEntries(result.table.columns.map((c) => [c.name, c.type]));
}

describe('convertToColumnar', () => {
  it('widens a column the sample got wrong once the whole file disagrees', async () => {
    const lines = ['n,m,late'];
    for (let i = 0; i < 30_000; i += 1) lines.push(`${i},${i},${i < 25_000 ? '' : i}`);
    lines.push('oops,1.5,7');
    const result = await convert(lines.join('\n'));
    // "oops" after 30,000 integers makes n text; 1.5 makes m decimal; late is empty in the sample.
    expect(types(result)).toEqual({ n: 'string', m: 'decimal', late: 'integer' });
    expect(result.table.rows).toBe(30_001);
    const n = result.table.columns[0];
    expect(n?.conformity).toBeCloseTo(30_000 / 30_001, 6);
    const [row] = await engine.withConnection((c) =>
      rows(c, `SELECT sum(m) AS total, count(late) AS late FROM read_parquet('${result.parquetPath}')`),
    );
    expect(Number(row?.total)).toBeCloseTo((29_999 * 30_000) / 2 + 1.5, 3);
    expect(row?.late).toBe('5001');
  });

  it('keeps leading zeros as text, reads null tokens as missing in typed columns only', async () => {
    const result = await convert('zip,qty,code\n02134,1,NA\n10001,N/A,US\n94105,3,NA\n');
    expect(types(result)).toEqual({ zip: 'string', qty: 'integer', code: 'string' });
    const qty = result.table.columns[1];
    expect(qty).toMatchObject({ nullable: true, present: 2, uniqueValues: 2 });
    expect(result.table.columns[2]).toMatchObject({ nullable: false, uniqueValues: 2 });
  });

  it('reads day-first dates when a day is above 12, and stores timestamps in UTC', async () => {
    const result = await convert(
      'd,us,ts\n31/01/2024,01/31/2024,2024-01-15T10:30:00+02:00\n05/02/2024,02/05/2024,2024-01-16 08:00\n',
    );
    expect(result.table.columns.map((c) => c.dateFormat)).toEqual(['dd/mm/yyyy', 'mm/dd/yyyy', 'iso8601']);
    const values = await engine.withConnection((c) =>
      rows(
        c,
        `SELECT strftime(d, '%Y-%m-%d') AS d, strftime(ts, '%Y-%m-%d %H:%M') AS ts FROM read_parquet('${result.parquetPath}') ORDER BY d`,
      ),
    );
    expect(values).toEqual([
      { d: '2024-01-31', ts: '2024-01-15 08:30' },
      { d: '2024-02-05', ts: '2024-01-16 08:00' },
    ]);
  });

  it('reads month-name dates with and without a comma', async () => {
    const result = await convert('a,b\n"Jan 1, 2000",Feb 1 2000\n"Mar 15, 2001",Dec 31 2001\n');
    expect(result.table.columns.map((c) => [c.type, c.dateFormat])).toEqual([
      ['datetime', 'mon dd, yyyy'],
      ['datetime', 'mon dd yyyy'],
    ]);
  });

  it('reads year-first dates with a time of day, with and without seconds', async () => {
    const result = await convert(
      'a,b\n2001/01/01 06:55,2015/01/01 01:00:00\n2001/12/31 23:05,2015/03/02 14:00:59\n',
    );
    expect(result.table.columns.map((c) => [c.type, c.dateFormat])).toEqual([
      ['datetime', 'yyyy/mm/dd hh:mm'],
      ['datetime', 'yyyy/mm/dd hh:mm:ss'],
    ]);
  });

  it('reads UTF-16 text', async () => {
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('city,n\nKöln,1\n', 'utf16le')]);
    const result = await convert(text);
    expect(result.table.columns[0]?.sampleValues).toEqual(['Köln']);
  });

  it('names the line of a ragged row', async () => {
    await expect(convert('a,b\n1,2\n3,4\n5\n')).rejects.toThrow(/line 4 has 1 fields but the header has 2/);
  });
});
