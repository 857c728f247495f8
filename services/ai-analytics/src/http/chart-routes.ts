import { isoTimestamp } from '@sightline/errors';
import { sendResult, validate } from '@sightline/http-kit';
import { platformPage, skipFor } from '@sightline/mongo';
import { PRINCIPAL_HEADER, principalFromHeader } from '@sightline/principal';
import type { Express, Request } from 'express';
import { z } from 'zod';
import { CHART_SORT_FIELDS, type Chart, dataSourceStatus } from '../domain/chart.js';
import { CHART_TYPES } from '../domain/chart-plan.js';
import type { Charts } from '../use-cases/charts.js';

const MAX_OPTIONS_BYTES = 16 * 1024;
const options = z
  .record(z.string(), z.unknown())
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_OPTIONS_BYTES, {
    message: `must be at most ${MAX_OPTIONS_BYTES} bytes as JSON`,
  });
const query = z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters');
const chartType = z.enum(['auto', ...CHART_TYPES]);
const generateBody = z
  .object({
    query,
    data_source: z.string().trim().min(1, 'is required: a data source id (ds_…) or name').max(200),
    chart_type: chartType.default('auto'),
    options: options.default({}),
    title: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
const updateBody = z
  .object({ query, chart_type: chartType, options, title: z.string().trim().min(1).max(200) })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, {
    message: 'send at least one of query, chart_type, options, title',
  });
const listQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  query: z.string().max(200).optional(),
  chart_type: z.enum(CHART_TYPES).optional(),
  data_source_id: z.string().trim().min(1).max(200).optional(),
  created_after: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date or timestamp')
    .optional(),
  sort_by: z.enum(CHART_SORT_FIELDS).default('created_at'),
  sort_order: z.enum(['asc', 'desc']).default('desc'),
});

/** A chart as the platform reference shows it, with the receipt and the Vega-Lite spec. */
function chartView(chart: Chart) {
  return {
    chart_id: chart.id,
    query: chart.query,
    title: chart.title,
    data_source_id: chart.dataSourceId,
    data_source_status: dataSourceStatus(chart),
    chart_data: { ...chart.chartData, options: chart.options },
    insights: chart.insights.map((i) => i.text),
    insight_details: chart.insights,
    interpretation: chart.interpretation,
    generated_at: isoTimestamp(chart.updatedAt),
    created_at: isoTimestamp(chart.createdAt),
    updated_at: isoTimestamp(chart.updatedAt),
  };
}

/** `/api/v1/analytics/chart` (generate), `/chart/{id}` (get, update, delete) and `/charts` (list). */
export function registerChartRoutes(app: Express, deps: { charts: Charts; secret: string }): void {
  const { charts, secret } = deps;
  const actor = (req: Request) => principalFromHeader(req.headers[PRINCIPAL_HEADER], secret);

  app.post('/api/v1/analytics/chart', async (req, res) => {
    const principal = actor(req);
    const body = validate(generateBody, req.body);
    const outcome = await charts.generate(principal, {
      query: body.query,
      dataSource: body.data_source,
      chartType: body.chart_type,
      options: body.options,
      ...(body.title ? { title: body.title } : {}),
      ...(typeof body.options.model === 'string' ? { model: body.options.model } : {}),
    });
    if (outcome.kind === 'clarification') {
      sendResult(
        req,
        res,
        {
          query: body.query,
          data_source_id: outcome.dataSourceId,
          clarification: { reason: outcome.reason, candidates: outcome.candidates },
        },
        { message: 'The question can be read more than one way; ask one of the candidates' },
      );
      return;
    }
    sendResult(req, res, chartView(outcome.chart), { status: 201, message: 'Chart generated' });
  });

  app.get('/api/v1/analytics/chart/:id', async (req, res) => {
    sendResult(req, res, chartView(await charts.get(actor(req), String(req.params.id))));
  });

  app.put('/api/v1/analytics/chart/:id', async (req, res) => {
    const body = validate(updateBody, req.body);
    const chart = await charts.update(actor(req), String(req.params.id), {
      ...(body.options ? { options: body.options } : {}),
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.query !== undefined ? { query: body.query } : {}),
      ...(body.chart_type !== undefined ? { chartType: body.chart_type } : {}),
    });
    sendResult(req, res, chartView(chart), { message: 'Chart updated' });
  });

  app.delete('/api/v1/analytics/chart/:id', async (req, res) => {
    await charts.remove(actor(req), String(req.params.id));
    sendResult(
      req,
      res,
      { chart_id: req.params.id, deleted: true },
      { message: 'Chart deleted successfully' },
    );
  });

  app.get('/api/v1/analytics/charts', async (req, res) => {
    const principal = actor(req);
    const q = validate(listQuery, req.query);
    const request = { page: q.page, size: q.limit };
    const { items, total } = await charts.list(principal, {
      ...(q.query ? { text: q.query } : {}),
      ...(q.chart_type ? { chartType: q.chart_type } : {}),
      ...(q.created_after ? { createdAfter: new Date(q.created_after) } : {}),
      ...(q.data_source_id ? { dataSourceId: q.data_source_id } : {}),
      sort: q.sort_by,
      order: q.sort_order,
      skip: skipFor(request),
      limit: request.size,
    });
    sendResult(
      req,
      res,
      platformPage(
        'charts',
        items.map((c) => ({
          chart_id: c.id,
          query: c.query,
          title: c.title,
          chart_type: c.chartData.type,
          data_source_id: c.dataSourceId,
          data_source_status: dataSourceStatus(c),
          created_at: isoTimestamp(c.createdAt),
          updated_at: isoTimestamp(c.updatedAt),
        })),
        total,
        request,
      ),
    );
  });
}
