import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type EventRecorder, recordEvents } from '@sightline/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform, startPlatform } from './platform.js';

const require = createRequire(import.meta.url);
const CARS_FILE = join(dirname(require.resolve('vega-datasets')), '..', 'data', 'cars.json');
interface Car {
  Name: string;
  Miles_per_Gallon: number | null;
  Horsepower: number | null;
  Weight_in_lbs: number;
  Year: string;
  Origin: string;
}
const CARS = JSON.parse(readFileSync(CARS_FILE, 'utf8')) as Car[];

/** A stand-in for a third-party OpenAI-compatible endpoint: it proposes plans, good or bad on request. */
let modelServer: Server;
const MODEL = 'remote-test-model';
function startModelServer(): Promise<string> {
  modelServer = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const question = String(JSON.parse(body).messages?.[1]?.content ?? '');
      const plan = question.includes('invented')
        ? {
            kind: 'aggregate',
            measures: [{ column: 'Profit', aggregate: 'sum' }],
            filters: [],
            chartType: 'bar',
            chartTypeRule: 'x',
          }
        : {
            kind: 'aggregate',
            measures: [{ column: 'Weight_in_lbs', aggregate: 'max' }],
            dimension: { column: 'Origin' },
            filters: [],
            sort: { by: 'label', direction: 'asc' },
            chartType: 'bar',
            chartTypeRule: 'the model chose bars',
          };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ choices: [{ message: { content: JSON.stringify(plan) } }] }));
    });
  });
  return new Promise((resolve) =>
    modelServer.listen(0, '127.0.0.1', () => {
      const address = modelServer.address() as { port: number };
      resolve(`http://127.0.0.1:${address.port}/v1`);
    }),
  );
}

let platform: Platform;
let api: string;
let events: EventRecorder;
let carsId = '';
const tokens: Record<'admin' | 'viewer' | 'stranger', string> = { admin: '', viewer: '', stranger: '' };
const as = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });

async function login(email: string, password: string): Promise<string> {
  const res = await request(api).post('/api/v1/auth/login').send({ email, password });
  expect(res.status).toBe(200);
  return res.body.data.access_token;
}

function ask(body: Record<string, unknown>, who: keyof typeof tokens = 'admin') {
  return request(api).post('/api/v1/analytics/chart').set(as(who)).send(body);
}

/** The average of a column per origin, computed here from the raw file. */
function averageBy(column: keyof Car, rows: Car[] = CARS) {
  const groups = new Map<string, number[]>();
  for (const car of rows) {
    const value = car[column];
    if (typeof value === 'number') groups.set(car.Origin, [...(groups.get(car.Origin) ?? []), value]);
  }
  return new Map([...groups].map(([k, v]) => [k, v.reduce((s, x) => s + x, 0) / v.length]));
}

beforeAll(async () => {
  platform = await startPlatform(
    'charts_e2e',
    {
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      RATE_LIMIT_USERS_PER_MINUTE: '1000',
      RATE_LIMIT_DATA_PER_MINUTE: '1000',
      RATE_LIMIT_ANALYTICS_PER_MINUTE: '1000',
      RATE_LIMIT_AI_PER_MINUTE: '1000',
    },
    { WORKFLOW_SYNC_MS: '1', LLM_BASE_URL: await startModelServer(), LLM_MODEL: MODEL },
  );
  api = platform.gatewayUrl;
  events = await recordEvents([platform.topics['ai-analytics'] as string]);
  tokens.admin = await platform.adminToken();
  await request(api)
    .post('/api/v1/users')
    .set(as('admin'))
    .send({ email: 'viewer@charts.test', password: 'long enough secret 12', role: 'viewer' });
  tokens.viewer = await login('viewer@charts.test', 'long enough secret 12');
  const org = await request(api)
    .post('/api/v1/organizations')
    .set(as('admin'))
    .send({ name: 'Elsewhere', plan: 'free', settings: { ai_model_access: [] } });
  await request(api).post('/api/v1/users').set(as('admin')).send({
    email: 'x@elsewhere.test',
    password: 'stranger pass 12',
    role: 'admin',
    organization: org.body.data.organization_id,
  });
  tokens.stranger = await login('x@elsewhere.test', 'stranger pass 12');
  const upload = await request(api)
    .post('/api/v1/data/upload')
    .set(as('admin'))
    .attach('file', readFileSync(CARS_FILE), 'cars.json')
    .field('data_source_name', 'cars');
  expect(upload.status, JSON.stringify(upload.body)).toBe(201);
  carsId = upload.body.data.data_source_id;
  const sales = await request(api)
    .post('/api/v1/data/upload')
    .set(as('admin'))
    .attach(
      'file',
      Buffer.from('region,sales_amount,sales_count\nNorth,100.5,3\nSouth,80,2\nNorth,20,1\n'),
      'sales.csv',
    )
    .field('data_source_name', 'regional sales');
  expect(sales.status).toBe(201);
});

afterAll(async () => {
  await events?.stop();
  await platform?.stop();
  modelServer?.close();
});

describe('generating a chart', () => {
  let chartId = '';

  it('answers a question with the chart, computed insights and its receipt', async () => {
    const res = await ask({ query: 'average horsepower by origin', data_source: carsId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const data = res.body.data;
    chartId = data.chart_id;
    expect(chartId).toMatch(/^chart_/);
    const expected = averageBy('Horsepower');
    const order = [...expected.entries()].sort((a, b) => b[1] - a[1]);
    expect(data.chart_data.type).toBe('bar');
    expect(data.chart_data.data.labels).toEqual(order.map(([k]) => k));
    expect(data.chart_data.data.datasets).toHaveLength(1);
    data.chart_data.data.datasets[0].data.forEach((v: number, i: number) => {
      expect(v).toBeCloseTo(order[i]?.[1] as number, 9);
    });
    expect(data.chart_data.vega_lite).toMatchObject({
      mark: { type: 'bar' },
      data: { values: expect.any(Array) },
    });
    expect(data.insights.length).toBeGreaterThan(0);
    expect(Date.parse(data.generated_at)).not.toBeNaN();
    expect(data.interpretation).toMatchObject({
      measures: [{ column: 'Horsepower', aggregation: 'avg' }],
      dimension: { column: 'Origin', time_grain: null },
      rows_scanned: CARS.length,
      rows_matched: CARS.length,
      rows_returned: 3,
      data_source_id: carsId,
      data_source_version: `${carsId}.v1`,
      chart_type_rule: expect.stringContaining('categories'),
    });
    expect(data.interpretation.sql).toContain('avg("Horsepower")');
    expect(data.interpretation.elapsed_ms).toBeGreaterThan(0);
  });

  it('writes only numbers the chart data supports in every insight', async () => {
    const res = await ask({ query: 'number of cars by origin', data_source: carsId });
    const { insight_details: details, chart_data: chart } = res.body.data;
    const values: number[] = chart.data.datasets[0].data;
    const labels: string[] = chart.data.labels;
    const total = values.reduce((s, v) => s + v, 0);
    for (const insight of details as Array<{
      type: string;
      text: string;
      values: Record<string, number | string>;
    }>) {
      const numbers = (insight.text.match(/-?\d[\d,]*(\.\d+)?/g) ?? []).map((n) =>
        Number(n.replaceAll(',', '')),
      );
      const allowed = Object.values(insight.values).filter((v): v is number => typeof v === 'number');
      for (const n of numbers) expect(allowed, insight.text).toContain(n);
      if (insight.type === 'peak') expect(insight.values.value).toBe(Math.max(...values));
      if (insight.type === 'low') expect(insight.values.value).toBe(Math.min(...values));
      if (insight.type === 'share') {
        expect(insight.values.total).toBe(total);
        expect(insight.values.share_percent).toBe(Number(((Math.max(...values) / total) * 100).toFixed(1)));
        expect(labels[values.indexOf(Math.max(...values))]).toBe(insight.values.label);
      }
    }
    expect(details.map((d: { type: string }) => d.type)).toEqual(
      expect.arrayContaining(['peak', 'low', 'share']),
    );
  });

  it('finds the data source by name, filters by a named value, and says how', async () => {
    const res = await ask({ query: 'average mpg of japanese cars by year', data_source: 'cars' });
    expect(res.status).toBe(201);
    const data = res.body.data;
    expect(data.chart_data.type).toBe('line');
    expect(data.interpretation.filters).toEqual([
      { column: 'Origin', operator: 'in', values: ['Japan'], rule: 'named in the question' },
    ]);
    const japan = CARS.filter((c) => c.Origin === 'Japan');
    expect(data.interpretation.rows_matched).toBe(japan.length);
    const in1980 = japan.filter((c) => c.Year.startsWith('1980') && c.Miles_per_Gallon !== null);
    const index = data.chart_data.data.labels.indexOf('1980');
    expect(data.chart_data.data.datasets[0].data[index]).toBeCloseTo(
      in1980.reduce((s, c) => s + (c.Miles_per_Gallon as number), 0) / in1980.length,
      9,
    );
  });

  it('honours an explicit chart type that fits, and says when one does not', async () => {
    const pie = await ask({ query: 'number of cars by origin', data_source: carsId, chart_type: 'pie' });
    expect(pie.body.data.chart_data.type).toBe('pie');
    expect(pie.body.data.chart_data.vega_lite.mark.type).toBe('arc');
    const scatter = await ask({
      query: 'number of cars by origin',
      data_source: carsId,
      chart_type: 'scatter',
    });
    expect(scatter.body.data.chart_data.type).toBe('bar');
    expect(scatter.body.data.interpretation.chart_type_rule).toContain('scatter does not fit');
  });

  it('asks back when a word could mean two columns', async () => {
    const res = await ask({ query: 'average sales by region', data_source: 'regional sales' });
    expect(res.status).toBe(200);
    expect(res.body.data.chart_id).toBeUndefined();
    expect(res.body.data.clarification.candidates).toEqual([
      'average sales_amount by region',
      'average sales_count by region',
    ]);
    const reasked = await ask({
      query: res.body.data.clarification.candidates[0],
      data_source: 'regional sales',
    });
    expect(reasked.status).toBe(201);
    expect(reasked.body.data.chart_data.data.labels).toEqual(['South', 'North']);
    expect(reasked.body.data.chart_data.data.datasets[0].data).toEqual([80, 60.25]);
  });

  it('answers 422 naming what the table lacks and what it offers', async () => {
    const res = await ask({ query: 'total profit by origin', data_source: carsId });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.message).toContain('"profit"');
    expect(res.body.error.message).toContain('Horsepower (integer)');
    expect(res.body.error.details).toMatchObject({ field: 'query', missing: ['profit'] });
  });

  it('refuses bad requests, unknown data sources and viewers, in the platform error body', async () => {
    const noQuery = await ask({ data_source: carsId });
    expect(noQuery.status).toBe(422);
    expect(noQuery.body.error.details.field).toBe('query');
    const badType = await ask({ query: 'x', data_source: carsId, chart_type: 'radar' });
    expect(badType.status).toBe(422);
    const unknown = await ask({ query: 'average horsepower', data_source: 'ds_nope' });
    expect(unknown.status).toBe(404);
    const foreign = await ask({ query: 'average horsepower', data_source: carsId }, 'stranger');
    expect(foreign.status).toBe(404);
    const viewer = await ask({ query: 'average horsepower', data_source: carsId }, 'viewer');
    expect(viewer.status).toBe(403);
  });

  it('reads, lists, updates, re-runs and deletes charts, with events', async () => {
    const got = await request(api).get(`/api/v1/analytics/chart/${chartId}`).set(as('viewer'));
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({ chart_id: chartId, query: 'average horsepower by origin' });
    expect((await request(api).get(`/api/v1/analytics/chart/${chartId}`).set(as('stranger'))).status).toBe(
      404,
    );

    const list = await request(api)
      .get('/api/v1/analytics/charts?query=HORSEPOWER&sort_by=query&sort_order=asc')
      .set(as('admin'));
    expect(list.status).toBe(200);
    expect(list.body.data.charts.map((c: { query: string }) => c.query)).toEqual([
      'average horsepower by origin',
    ]);
    const lines = await request(api).get('/api/v1/analytics/charts?chart_type=line').set(as('admin'));
    expect(lines.body.data.charts.every((c: { chart_type: string }) => c.chart_type === 'line')).toBe(true);
    expect(lines.body.data.pagination.total).toBe(1);
    const later = await request(api)
      .get(
        `/api/v1/analytics/charts?created_after=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
      )
      .set(as('admin'));
    expect(later.body.data.charts).toEqual([]);

    const styled = await request(api)
      .put(`/api/v1/analytics/chart/${chartId}`)
      .set(as('admin'))
      .send({ options: { theme: 'dark' }, title: 'Power by origin' });
    expect(styled.status).toBe(200);
    expect(styled.body.data).toMatchObject({
      title: 'Power by origin',
      chart_data: { options: { theme: 'dark' } },
    });
    const rerun = await request(api)
      .put(`/api/v1/analytics/chart/${chartId}`)
      .set(as('admin'))
      .send({ query: 'average weight by origin' });
    expect(rerun.body.data.interpretation.measures[0].column).toBe('Weight_in_lbs');
    expect(rerun.body.data.title).toBe('Power by origin');
    expect(
      (await request(api).put(`/api/v1/analytics/chart/${chartId}`).set(as('viewer')).send({ title: 'x' }))
        .status,
    ).toBe(403);

    const deleted = await request(api).delete(`/api/v1/analytics/chart/${chartId}`).set(as('admin'));
    expect(deleted.body.data).toEqual({ chart_id: chartId, deleted: true });
    expect((await request(api).get(`/api/v1/analytics/chart/${chartId}`).set(as('admin'))).status).toBe(404);
    const types = (await events.waitFor((e) => e.subject === chartId, 4)).map((e) => e.type);
    expect(types).toEqual(['chart.created', 'chart.updated', 'chart.updated', 'chart.deleted']);
  });
});

describe('charts and their data sources over time', () => {
  it('lists charts by data source, and keeps a deleted data source’s charts with a 409 on re-runs', async () => {
    const upload = await request(api)
      .post('/api/v1/data/upload')
      .set(as('admin'))
      .attach('file', Buffer.from('team,goals\nred,3\nblue,5\nred,4\n'), 'goals.csv')
      .field('data_source_name', 'goals to delete');
    expect(upload.status).toBe(201);
    const dataSourceId = upload.body.data.data_source_id as string;
    const created = await ask({ query: 'total goals by team', data_source: dataSourceId });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const chartId = created.body.data.chart_id as string;
    expect(created.body.data.data_source_status).toBe('available');
    await ask({ query: 'average horsepower by origin', data_source: carsId });

    const listed = await request(api)
      .get(`/api/v1/analytics/charts?data_source_id=${dataSourceId}`)
      .set(as('admin'));
    expect(listed.status).toBe(200);
    expect(listed.body.data.charts.map((c: { chart_id: string }) => c.chart_id)).toEqual([chartId]);
    expect(listed.body.data.pagination.total).toBe(1);

    const removed = await request(api).delete(`/api/v1/data/sources/${dataSourceId}`).set(as('admin'));
    expect(removed.status).toBe(200);
    await eventuallyDone(async () => {
      const got = await request(api).get(`/api/v1/analytics/chart/${chartId}`).set(as('admin'));
      return got.body.data?.data_source_status === 'deleted';
    });
    const kept = await request(api).get(`/api/v1/analytics/chart/${chartId}`).set(as('admin'));
    expect(kept.status).toBe(200);
    expect(kept.body.data.chart_data.data.datasets[0].data).toEqual([7, 5]);
    const rerun = await request(api)
      .put(`/api/v1/analytics/chart/${chartId}`)
      .set(as('admin'))
      .send({ query: 'average goals by team' });
    expect(rerun.status, JSON.stringify(rerun.body)).toBe(409);
    expect(rerun.body.error).toMatchObject({ code: 'CONFLICT' });
    expect(rerun.body.error.message).toContain(dataSourceId);
    // What needs no data still works.
    const retitled = await request(api)
      .put(`/api/v1/analytics/chart/${chartId}`)
      .set(as('admin'))
      .send({ title: 'Goals, as they were' });
    expect(retitled.status).toBe(200);
  });
});

describe('intelligent analysis', () => {
  function pearson(xs: number[], ys: number[]) {
    const n = xs.length;
    const mx = xs.reduce((s, v) => s + v, 0) / n;
    const my = ys.reduce((s, v) => s + v, 0) / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i += 1) {
      sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
      sxx += ((xs[i] as number) - mx) ** 2;
      syy += ((ys[i] as number) - my) ** 2;
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  it('scores every other column against the measure the question names, with corrected confidence', async () => {
    const res = await request(api)
      .post('/api/v1/ai/intelligent-analysis')
      .set(as('admin'))
      .send({ query: 'What are the key drivers of horsepower?', data_source: carsId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const data = res.body.data;
    expect(data.analysis_id).toMatch(/^analysis_/);
    expect(data.analysis_type).toBe('correlation_analysis');
    expect(data.results.target).toBe('Horsepower');
    const drivers = data.results.primary_drivers as Array<{
      factor: string;
      correlation: number;
      impact: string;
      confidence: number;
    }>;
    expect(drivers.map((d) => d.factor)).toEqual(
      expect.arrayContaining(['Displacement', 'Weight_in_lbs', 'Miles_per_Gallon']),
    );
    for (const d of drivers) {
      expect(Object.keys(d).sort()).toEqual(['confidence', 'correlation', 'factor', 'impact']);
      expect(d.confidence).toBeGreaterThanOrEqual(0.95);
      expect(['High', 'Medium']).toContain(d.impact);
    }
    const pairs = CARS.filter((c) => c.Horsepower !== null);
    const expected = pearson(
      pairs.map((c) => (c as unknown as { Displacement: number }).Displacement),
      pairs.map((c) => c.Horsepower as number),
    );
    expect(drivers.find((d) => d.factor === 'Displacement')?.correlation).toBeCloseTo(expected, 3);
    const tested = data.results.factors_tested as Array<{
      factor: string;
      kind: string;
      evidence: Record<string, unknown>;
    }>;
    expect(tested.find((f) => f.factor === 'Origin')?.kind).toBe('categorical');
    expect(tested.find((f) => f.factor === 'Origin')?.evidence).toHaveProperty('group_means');
    expect(tested.find((f) => f.factor === 'Displacement')?.evidence).toHaveProperty('spearman');
    const factors = new Set(drivers.map((d) => d.factor));
    for (const r of data.results.recommendation_details as Array<{ driver: string; text: string }>) {
      expect(factors.has(r.driver)).toBe(true);
      expect(r.text).toContain(r.driver);
      expect(r.text).toMatch(/caus/);
    }
    expect(data.results.insights.length).toBeGreaterThan(0);
    const again = await request(api).get(`/api/v1/ai/analysis/${data.analysis_id}`).set(as('viewer'));
    expect(again.body.data.results.primary_drivers).toEqual(drivers);
    expect(
      (await request(api).get(`/api/v1/ai/analysis/${data.analysis_id}`).set(as('stranger'))).status,
    ).toBe(404);
  });

  it('refuses a measure the table lacks and a malformed request', async () => {
    const missing = await request(api)
      .post('/api/v1/ai/intelligent-analysis')
      .set(as('admin'))
      .send({ query: 'what drives profit?', data_source: carsId });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details.missing).toEqual(['profit']);
    const bad = await request(api)
      .post('/api/v1/ai/intelligent-analysis')
      .set(as('admin'))
      .send({ query: 'what drives horsepower?', data_source: carsId, options: { confidence_threshold: 2 } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.field).toBe('options.confidence_threshold');
  });
});

describe('workflows', () => {
  const CO2_FILE = join(dirname(require.resolve('vega-datasets')), '..', 'data', 'co2-concentration.csv');

  it('prepares a series, analyses its trend and forecasts it, in the background when it takes long', async () => {
    const upload = await request(api)
      .post('/api/v1/data/upload')
      .set(as('admin'))
      .attach('file', readFileSync(CO2_FILE), 'co2.csv')
      .field('data_source_name', 'co2');
    expect(upload.status).toBe(201);
    const res = await request(api)
      .post('/api/v1/ai/workflow')
      .set(as('admin'))
      .send({
        workflow_name: 'co2 outlook',
        steps: [
          {
            step: 1,
            type: 'data_preparation',
            parameters: {
              data_source: 'co2',
              measure: 'CO2',
              time_range: 'since_2000',
              cleaning_rules: ['remove_outliers', 'fill_missing'],
            },
          },
          { step: 2, type: 'trend_analysis', parameters: { method: 'moving_average', window_size: 3 } },
          {
            step: 3,
            type: 'forecasting',
            parameters: { model: 'arima', forecast_periods: 6, confidence_interval: 0.95 },
          },
        ],
        options: { parallel_execution: true, save_intermediate_results: true },
      });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const id = res.body.data.workflow_id;
    expect(id).toMatch(/^wf_/);
    let run: Record<string, unknown> = res.body.data;
    await eventuallyDone(async () => {
      run = (await request(api).get(`/api/v1/ai/workflow/${id}`).set(as('admin'))).body.data;
      return run.status !== 'running';
    });
    expect(run.status).toBe('completed');
    const steps = run.steps as Array<{ step: number; status: string; output: Record<string, unknown> }>;
    expect(steps.map((s) => s.status)).toEqual(['completed', 'completed', 'completed']);
    const series = steps[0]?.output as {
      labels: string[];
      values: number[];
      measure: string;
      cleaning: Record<string, string[]>;
    };
    expect(series.measure).toBe('CO2');
    expect(series.labels[0]).toBe('2000-01');
    const rows = readFileSync(CO2_FILE, 'utf8').trim().split('\n').slice(1);
    const jan2000 = rows.find((r) => r.startsWith('2000-01'))?.split(',')[1];
    if (!series.cleaning.remove_outliers?.includes('2000-01'))
      expect(series.values[0]).toBeCloseTo(Number(jan2000), 6);
    const trend = steps[1]?.output as { smoothed: Array<number | null> };
    expect(trend.smoothed[2]).toBeCloseTo(
      ((series.values[0] as number) + (series.values[1] as number) + (series.values[2] as number)) / 3,
      9,
    );
    const forecast = steps[2]?.output as {
      labels: string[];
      forecast: number[];
      lower: number[];
      upper: number[];
      backtest: { model: { mae: number }; seasonal_naive: { mae: number } };
      specification: string;
    };
    expect(forecast.labels).toHaveLength(6);
    expect(forecast.specification).toMatch(/^ARIMA\(/);
    forecast.forecast.forEach((v, i) => {
      expect(forecast.lower[i]).toBeLessThan(v);
      expect(forecast.upper[i]).toBeGreaterThan(v);
    });
    expect(forecast.backtest.model.mae).toBeLessThan(forecast.backtest.seasonal_naive.mae);
    const completed = await events.waitFor((e) => e.subject === id && e.type === 'workflow.completed');
    expect(completed[0]?.data).toMatchObject({ workflow_id: id, status: 'completed' });
  });

  it('builds the series of one group with filters, and fails a run whose filter names no column', async () => {
    const run = (filters: Record<string, unknown>) =>
      request(api)
        .post('/api/v1/ai/workflow')
        .set(as('admin'))
        .send({
          workflow_name: 'origin series',
          steps: [
            {
              step: 1,
              type: 'data_preparation',
              parameters: {
                data_source: carsId,
                measure: 'Horsepower',
                aggregation: 'avg',
                grain: 'year',
                filters,
              },
            },
          ],
        });
    const res = await run({ Origin: 'Japan' });
    expect([200, 201, 202]).toContain(res.status);
    let body: Record<string, unknown> = res.body.data;
    await eventuallyDone(async () => {
      body = (await request(api).get(`/api/v1/ai/workflow/${body.workflow_id}`).set(as('admin'))).body.data;
      return body.status !== 'running';
    });
    expect(body.status).toBe('completed');
    const output = (body.results as Record<string, { labels: string[]; values: number[] }>)
      .step_1_data_preparation;
    const japan1970 = CARS.filter(
      (c) => c.Origin === 'Japan' && c.Year.startsWith('1970') && c.Horsepower !== null,
    );
    const expected = japan1970.reduce((s, c) => s + (c.Horsepower as number), 0) / japan1970.length;
    expect(output?.labels[0]).toBe('1970');
    expect(output?.values[0]).toBeCloseTo(expected, 9);
    // Columns are checked against the data when the step runs: the run fails saying which is missing.
    const bad = await run({ Continent: 'Asia' });
    let failed: Record<string, unknown> = bad.body.data;
    await eventuallyDone(async () => {
      failed = (await request(api).get(`/api/v1/ai/workflow/${failed.workflow_id}`).set(as('admin'))).body
        .data;
      return failed.status !== 'running';
    });
    expect(failed.status).toBe('failed');
    expect(String(failed.error)).toContain('"Continent", which is not a column');
  });

  it('refuses malformed workflows with what is wrong', async () => {
    const noPrep = await request(api)
      .post('/api/v1/ai/workflow')
      .set(as('admin'))
      .send({ workflow_name: 'x', steps: [{ step: 1, type: 'forecasting', parameters: {} }] });
    expect(noPrep.status).toBe(422);
    expect(noPrep.body.error.message).toContain('needs a data_preparation step');
    const badType = await request(api)
      .post('/api/v1/ai/workflow')
      .set(as('admin'))
      .send({ workflow_name: 'x', steps: [{ step: 1, type: 'clustering', parameters: {} }] });
    expect(badType.status).toBe(422);
    const unknownRun = await request(api).get('/api/v1/ai/workflow/wf_nope').set(as('admin'));
    expect(unknownRun.status).toBe(404);
  });
});

async function eventuallyDone(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

describe('models', () => {
  it('lists the built-in engine with its measured accuracy and live response time, and the remote model', async () => {
    const res = await request(api).get('/api/v1/ai/models').set(as('admin'));
    expect(res.status).toBe(200);
    const [builtin, remote] = res.body.data.available_models;
    const benchmark = JSON.parse(
      readFileSync(new URL('../../services/ai-analytics/benchmark.json', import.meta.url), 'utf8'),
    );
    expect(builtin).toMatchObject({ model_id: 'sightline-builtin', status: 'active' });
    expect(builtin.performance_metrics.accuracy).toBe(benchmark.accuracy);
    expect(builtin.performance_metrics.cost_per_request).toBe(0);
    expect(builtin.performance_metrics.response_time).toBeGreaterThan(0);
    expect(remote).toMatchObject({ model_id: MODEL, provider: 'openai-compatible' });
    const restricted = await request(api).get('/api/v1/ai/models').set(as('stranger'));
    expect(restricted.body.data.available_models).toEqual([]);
  });

  it('runs a remote model’s plan through the same engine, and falls back to the built-in one when it is invalid', async () => {
    const remote = await ask({
      query: 'heaviest car per origin',
      data_source: carsId,
      options: { model: MODEL },
    });
    expect(remote.status, JSON.stringify(remote.body)).toBe(201);
    expect(remote.body.data.interpretation.engine).toBe(MODEL);
    const heaviest = new Map<string, number>();
    for (const car of CARS)
      heaviest.set(car.Origin, Math.max(heaviest.get(car.Origin) ?? 0, car.Weight_in_lbs));
    expect(remote.body.data.chart_data.data.labels).toEqual(['Europe', 'Japan', 'USA']);
    expect(remote.body.data.chart_data.data.datasets[0].data).toEqual(
      ['Europe', 'Japan', 'USA'].map((o) => heaviest.get(o)),
    );
    const invalid = await ask({
      query: 'invented: average horsepower by origin',
      data_source: carsId,
      options: { model: MODEL },
    });
    expect(invalid.status).toBe(201);
    expect(invalid.body.data.interpretation.engine).toBe('sightline-builtin');
    expect(invalid.body.data.interpretation.fallback).toContain('Profit');
    expect(invalid.body.data.interpretation.measures[0]).toMatchObject({
      column: 'Horsepower',
      aggregation: 'avg',
    });
    const unknown = await ask({
      query: 'average horsepower',
      data_source: carsId,
      options: { model: 'gpt-unknown' },
    });
    expect(unknown.status).toBe(422);
  });

  it('limits analytics requests per minute at the gateway', async () => {
    const gateway = await platform.extraGateway({
      RATE_LIMIT_ANALYTICS_PER_MINUTE: '2',
      REDIS_KEY_PREFIX: `rl${Date.now()}:`,
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const res = await request(gateway.url).get('/api/v1/analytics/charts').set(as('admin'));
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await gateway.stop();
    }
  });
});
