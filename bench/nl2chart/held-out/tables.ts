// The held-out tables: nine public tables from vega-datasets (BSD-3-Clause) of other domains
// and naming styles than the tuning tables (spaced names with units, snake_case, camelCase,
// a column called `count`, integer year and month columns; dates as ISO days, ISO times with
// offsets and "Jun 12 1998"). Each is read twice: through ingestion's own conversion (what a
// user's upload becomes) for the engine, and as plain JavaScript rows, parsed here by hand,
// for the expected answers.
import { copyFileSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { convertToColumnar } from '@sightline/ingestion/columnar-copy';
import { Engine } from '@sightline/ingestion/duckdb-engine';
import type { Dataset, Row } from '../datasets.js';

const require = createRequire(import.meta.url);
const DATA = join(dirname(require.resolve('vega-datasets')), '..', 'data');

export const HELD_OUT_TABLES = [
  'penguins',
  'movies',
  'football',
  'unemployment',
  'birdstrikes',
  'budgets',
  'iowa_electricity',
  'co2',
  'la_riots',
  // The second batch's tables, added with its questions after the engine was tuned.
  'jobs',
  'barley',
  'disasters',
  'health_income',
  'population',
  'sp500',
  // Development tables: their questions (../development.ts) are tuned on, like the tuned set's.
  'flights',
  'airports',
  'us_employment',
  'crimea',
  'driving',
  'github',
  // The third held-out batch's tables (questions-3.ts).
  'political',
  'income',
  'ohlc',
  'windvectors',
  'engineers',
  'anscombe',
  // A second set of development tables (../development.ts).
  'routes',
  'hourly_normals',
  'monarchs',
  'people',
] as const;
export type HeldOutTable = (typeof HELD_OUT_TABLES)[number];

const FILES: Record<HeldOutTable, string> = {
  penguins: 'penguins.json',
  movies: 'movies.json',
  football: 'football.json',
  unemployment: 'unemployment-across-industries.json',
  birdstrikes: 'birdstrikes.csv',
  budgets: 'budgets.json',
  iowa_electricity: 'iowa-electricity.csv',
  co2: 'co2-concentration.csv',
  la_riots: 'la-riots.csv',
  jobs: 'jobs.json',
  barley: 'barley.json',
  disasters: 'disasters.csv',
  health_income: 'gapminder-health-income.csv',
  population: 'population.json',
  sp500: 'sp500-2000.csv',
  flights: 'flights-5k.json',
  airports: 'airports.csv',
  us_employment: 'us-employment.csv',
  crimea: 'crimea.json',
  driving: 'driving.json',
  github: 'github.csv',
  political: 'political-contributions.json',
  income: 'income.json',
  ohlc: 'ohlc.json',
  windvectors: 'windvectors.csv',
  engineers: 'population_engineers_hurricanes.csv',
  anscombe: 'anscombe.json',
  routes: 'flights-airport.csv',
  hourly_normals: 'seattle-weather-hourly-normals.csv',
  monarchs: 'monarchs.json',
  people: 'lookup_people.csv',
};

/** RFC 4180 with quotes; blank fields are null. */
function parseCsv(text: string): Array<Record<string, string | null>> {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...body] = records;
  const names = header as string[];
  return body.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] === '' ? null : (r[i] ?? null)])));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const isoDay = (text: string | null) => (text === null ? null : new Date(`${text.slice(0, 10)}T00:00:00Z`));
const number = (text: unknown) => (text === null || text === undefined || text === '' ? null : Number(text));

/** Plain rows with the types an analyst would give each column. */
function plainRows(table: HeldOutTable): Row[] {
  const file = join(DATA, FILES[table]);
  const text = readFileSync(file, 'utf8');
  const json = () => JSON.parse(text) as Array<Record<string, unknown>>;
  switch (table) {
    case 'crimea':
      return json().map((r) => ({ ...(r as Row), date: isoDay(r.date as string) }));
    case 'flights':
      return json().map((r) => {
        const [day, time] = String(r.date).split(' ');
        return { ...(r as Row), date: new Date(`${(day as string).replaceAll('/', '-')}T${time}:00Z`) };
      });
    case 'github':
      return parseCsv(text).map((r) => {
        const [day, time] = String(r.time).split(' ');
        return { time: new Date(`${(day as string).replaceAll('/', '-')}T${time}Z`), count: number(r.count) };
      });
    case 'airports':
      return parseCsv(text).map((r) => ({
        ...r,
        latitude: number(r.latitude),
        longitude: number(r.longitude),
      }));
    case 'us_employment':
      return parseCsv(text).map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'month' ? isoDay(v) : number(v)])),
      ) as Row[];
    case 'political':
      return json().map((r) => {
        const [mm, dd, yyyy] = String(r.Coverage_End_Date).split('/');
        const numeric = (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v));
        return {
          ...(r as Row),
          Incumbent_Challenger_Status:
            r.Incumbent_Challenger_Status === '' ? null : (r.Incumbent_Challenger_Status as string),
          Transfers_from_Authorized_Committees: numeric(r.Transfers_from_Authorized_Committees),
          Other_Loans: numeric(r.Other_Loans),
          Contributions_from_Other_Political_Committees: numeric(
            r.Contributions_from_Other_Political_Committees,
          ),
          Refunds_to_Committees: numeric(r.Refunds_to_Committees),
          Coverage_End_Date: new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd))),
        };
      });
    case 'ohlc':
      return json().map((r) => ({ ...(r as Row), date: isoDay(r.date as string) }));
    case 'windvectors':
      return parseCsv(text).map((r) => ({
        longitude: number(r.longitude),
        latitude: number(r.latitude),
        dir: number(r.dir),
        dirCat: number(r.dirCat),
        speed: number(r.speed),
      }));
    case 'engineers':
      return parseCsv(text).map((r) => ({
        state: r.state ?? null,
        id: number(r.id),
        population: number(r.population),
        engineers: number(r.engineers),
        hurricanes: number(r.hurricanes),
      }));
    case 'routes':
      return parseCsv(text).map((r) => ({
        origin: r.origin ?? null,
        destination: r.destination ?? null,
        count: number(r.count),
      }));
    case 'hourly_normals':
      return parseCsv(text).map((r) => ({
        date: new Date(`${r.date}Z`),
        pressure: number(r.pressure),
        temperature: number(r.temperature),
        wind: number(r.wind),
      }));
    case 'people':
      return parseCsv(text).map((r) => ({
        name: r.name ?? null,
        age: number(r.age),
        height: number(r.height),
      }));
    case 'monarchs':
    case 'income':
    case 'anscombe':
    case 'driving':
    case 'jobs':
    case 'barley':
    case 'population':
    case 'penguins':
    case 'budgets':
    case 'football':
      return json().map((r) => ({
        ...(r as Row),
        ...(table === 'football' ? { date: isoDay(r.date as string) } : {}),
      }));
    case 'movies':
      return json().map((r) => {
        const release = r['Release Date'] as string | null;
        const [mon, day, year] = release ? release.split(' ') : [];
        return {
          ...(r as Row),
          'Release Date': release
            ? new Date(Date.UTC(Number(year), MONTHS.indexOf(mon as string), Number(day)))
            : null,
        };
      });
    case 'unemployment':
      return json().map((r) => ({ ...(r as Row), date: new Date(r.date as string) }));
    case 'birdstrikes':
      return parseCsv(text).map((r) => ({
        ...r,
        'Flight Date': isoDay(r['Flight Date'] ?? null),
        'Cost Other': number(r['Cost Other']),
        'Cost Repair': number(r['Cost Repair']),
        'Cost Total $': number(r['Cost Total $']),
        'Speed IAS in knots': number(r['Speed IAS in knots']),
      }));
    case 'iowa_electricity':
      return parseCsv(text).map((r) => ({
        year: isoDay(r.year ?? null),
        source: r.source ?? null,
        net_generation: number(r.net_generation),
      }));
    case 'co2':
      return parseCsv(text).map((r) => ({
        Date: isoDay(r.Date ?? null),
        CO2: number(r.CO2),
        'adjusted CO2': number(r['adjusted CO2']),
      }));
    case 'disasters':
      return parseCsv(text).map((r) => ({
        Entity: r.Entity ?? null,
        Year: number(r.Year),
        Deaths: number(r.Deaths),
      }));
    case 'health_income':
      return parseCsv(text).map((r) => ({
        country: r.country ?? null,
        income: number(r.income),
        health: number(r.health),
        population: number(r.population),
        region: r.region ?? null,
      }));
    case 'sp500':
      return parseCsv(text).map((r) => ({
        date: isoDay(r.date ?? null),
        open: number(r.open),
        high: number(r.high),
        low: number(r.low),
        close: number(r.close),
        adjclose: number(r.adjclose),
        volume: number(r.volume),
      }));
    case 'la_riots':
      return parseCsv(text).map((r) => ({
        ...r,
        age: number(r.age),
        death_date: isoDay(r.death_date ?? null),
        longitude: number(r.longitude),
        latitude: number(r.latitude),
      }));
  }
}

/** Every held-out table: plain rows for the reference, and a Parquet copy made by ingestion's own conversion. */
export async function loadHeldOutTables(): Promise<Record<HeldOutTable, Dataset>> {
  const dir = join(tmpdir(), 'sightline-nl2chart');
  const work = join(dir, 'held-out-work');
  await mkdir(work, { recursive: true });
  const engine = await Engine.open({
    tempDirectory: join(work, 'duckdb'),
    memoryLimit: '256MB',
    threads: 2,
    dataDirectory: dir,
  });
  try {
    const out = {} as Record<HeldOutTable, Dataset>;
    for (const table of HELD_OUT_TABLES) {
      const upload = join(work, FILES[table]);
      copyFileSync(join(DATA, FILES[table]), upload);
      const converted = await convertToColumnar(
        engine,
        { path: upload, fileName: FILES[table], workPath: join(dir, `held-out-${table}`) },
        { maxColumns: 500 },
      );
      out[table] = { name: table, rows: plainRows(table), parquet: converted.parquetPath };
    }
    return out;
  } finally {
    engine.close();
    await rm(work, { recursive: true, force: true });
  }
}
