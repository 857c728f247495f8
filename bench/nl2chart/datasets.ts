// The public datasets the question set runs on: vega-datasets (BSD-3-Clause), loaded twice —
// as Parquet through DuckDB for the engine, and as plain JavaScript rows for the expected
// answers, which are computed here without DuckDB or the engine.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const require = createRequire(import.meta.url);
// The package exports only its JS entry; the data folder sits next to its build folder.
const DATA = join(dirname(require.resolve('vega-datasets')), '..', 'data');

export type Row = Record<string, string | number | Date | null>;

export interface Dataset {
  name: string;
  rows: Row[];
  /** A Parquet copy with proper types, as ingestion would make it. */
  parquet: string;
}

function csv(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(join(DATA, file), 'utf8').trim().split('\n');
  const names = (header as string).split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i] as string, v])));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The four tables, with the conversions an analyst would make. */
export async function loadDatasets(): Promise<Record<'cars' | 'stocks' | 'weather' | 'gapminder', Dataset>> {
  const dir = join(tmpdir(), 'sightline-nl2chart');
  await mkdir(dir, { recursive: true });
  const cars: Row[] = (
    JSON.parse(readFileSync(join(DATA, 'cars.json'), 'utf8')) as Array<Record<string, unknown>>
  ).map((r) => ({ ...(r as Row), Year: new Date(`${r.Year as string}T00:00:00Z`) }));
  const stocks: Row[] = csv('stocks.csv').map((r) => {
    const [mon, day, year] = (r.date as string).split(' ');
    return {
      symbol: r.symbol as string,
      date: new Date(Date.UTC(Number(year), MONTHS.indexOf(mon as string), Number(day))),
      price: Number(r.price),
    };
  });
  const weather: Row[] = csv('seattle-weather.csv').map((r) => ({
    date: new Date(`${r.date}T00:00:00Z`),
    precipitation: Number(r.precipitation),
    temp_max: Number(r.temp_max),
    temp_min: Number(r.temp_min),
    wind: Number(r.wind),
    weather: r.weather as string,
  }));
  const gapminder: Row[] = JSON.parse(readFileSync(join(DATA, 'gapminder.json'), 'utf8')) as Row[];

  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const out = (name: string) => join(dir, `${name}.parquet`);
  await connection.run(
    `COPY (SELECT * REPLACE (CAST("Year" AS TIMESTAMP) AS "Year") FROM read_json('${join(DATA, 'cars.json')}')) TO '${out('cars')}' (FORMAT parquet)`,
  );
  await connection.run(
    `COPY (SELECT symbol, strptime(date, '%b %d %Y') AS date, CAST(price AS DOUBLE) AS price FROM read_csv('${join(DATA, 'stocks.csv')}', all_varchar = true)) TO '${out('stocks')}' (FORMAT parquet)`,
  );
  await connection.run(
    `COPY (SELECT CAST(date AS TIMESTAMP) AS date, CAST(precipitation AS DOUBLE) AS precipitation, CAST(temp_max AS DOUBLE) AS temp_max, CAST(temp_min AS DOUBLE) AS temp_min, CAST(wind AS DOUBLE) AS wind, weather FROM read_csv('${join(DATA, 'seattle-weather.csv')}', all_varchar = true)) TO '${out('weather')}' (FORMAT parquet)`,
  );
  await connection.run(
    `COPY (SELECT * FROM read_json('${join(DATA, 'gapminder.json')}')) TO '${out('gapminder')}' (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
  return {
    cars: { name: 'cars', rows: cars, parquet: out('cars') },
    stocks: { name: 'stocks', rows: stocks, parquet: out('stocks') },
    weather: { name: 'weather', rows: weather, parquet: out('weather') },
    gapminder: { name: 'gapminder', rows: gapminder, parquet: out('gapminder') },
  };
}
