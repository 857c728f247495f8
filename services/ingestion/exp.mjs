import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await instance.connect();
await c.run("SET preserve_insertion_order = false");
const full = readFileSync('/tmp/w/copy.sql', 'utf8').trim();
const csv = full.slice(full.indexOf("read_csv("), full.indexOf("auto_detect = false)") + 20);
const names = ['order_id','order_date','region','product','category','quantity','unit_price','revenue','customer_type'];
const variants = {
  refTable: `CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv_auto('/tmp/sightline-bench-sales-1000000.csv')`,
  textOnlyCopy: `COPY (SELECT * FROM ${csv}) TO '/tmp/w/x.parquet' (FORMAT parquet, COMPRESSION snappy)`,
  textCount: `SELECT count(*) FROM ${csv}`,
  textOnlyUncompressed: `COPY (SELECT * FROM ${csv}) TO '/tmp/w/x.parquet' (FORMAT parquet, COMPRESSION uncompressed)`,
  nativeTypedCopy: `COPY (SELECT * FROM read_csv('/tmp/sightline-bench-sales-1000000.csv', columns={'order_id':'VARCHAR','order_date':'DATE','region':'VARCHAR','product':'VARCHAR','category':'VARCHAR','quantity':'BIGINT','unit_price':'DOUBLE','revenue':'DOUBLE','customer_type':'VARCHAR'}, header=true, auto_detect=false)) TO '/tmp/w/x.parquet' (FORMAT parquet, COMPRESSION snappy)`,
  full: full.replace(/TO '[^']*'/, "TO '/tmp/w/x.parquet'"),
  fullUncompressed: full.replace(/TO '[^']*'/, "TO '/tmp/w/x.parquet'").replace('snappy','uncompressed'),
  fullZstd: full.replace(/TO '[^']*'/, "TO '/tmp/w/x.parquet'").replace('snappy','zstd'),
  fullNoRegex: full.replace(/TO '[^']*'/, "TO '/tmp/w/x.parquet'").replace(/regexp_full_match\((c\d), '[^']*'\)/g, '$1 IS NOT NULL'),
  fullNoBlank: full.replace(/TO '[^']*'/, "TO '/tmp/w/x.parquet'").replace(/CASE WHEN starts_with\((c\d), ' '\) OR ends_with\(c\d, ' '\) THEN NULLIF\(trim\(c\d\), ''\) ELSE NULLIF\(c\d, ''\) END/g, '$1'),
};
const only = process.argv[2]?.split(',');
for (const [name, sql] of Object.entries(variants)) {
  if (only && !only.includes(name)) continue;
  const r = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now(); const c0 = process.cpuUsage();
    await c.run(sql);
    const u = process.cpuUsage(c0);
    r.push(`${Math.round(performance.now() - t)}/${Math.round((u.user + u.system) / 1000)}`);
  }
  console.log(name.padEnd(22), r.join('  '), '(wall/cpu ms)');
}
