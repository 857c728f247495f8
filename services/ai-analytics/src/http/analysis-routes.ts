import { isoTimestamp } from '@sightline/errors';
import { sendResult, validate } from '@sightline/http-kit';
import { PRINCIPAL_HEADER, principalFromHeader } from '@sightline/principal';
import type { Express, Request } from 'express';
import { z } from 'zod';
import type { Analysis } from '../domain/analysis.js';
import type { Analyses } from '../use-cases/analyses.js';

const analysisBody = z
  .object({
    query: z.string().trim().min(1, 'must not be empty').max(500),
    data_source: z.string().trim().min(1, 'is required: a data source id (ds_…) or name').max(200),
    analysis_type: z.enum(['auto', 'correlation_analysis', 'driver_analysis']).default('auto'),
    options: z
      .object({
        include_insights: z.boolean().default(true),
        include_recommendations: z.boolean().default(true),
        confidence_threshold: z.number().min(0.5).max(0.999).default(0.95),
      })
      .strict()
      .default({ include_insights: true, include_recommendations: true, confidence_threshold: 0.95 }),
  })
  .strict();

/** The platform reference's answer, with every tested factor and the method behind the numbers. */
function analysisView(analysis: Analysis) {
  const { report, options } = analysis;
  const withInsights = options.include_insights !== false;
  const withRecommendations = options.include_recommendations !== false;
  return {
    analysis_id: analysis.id,
    query: analysis.query,
    analysis_type: analysis.analysisType,
    data_source_id: analysis.dataSourceId,
    results: {
      target: report.target,
      primary_drivers: report.primary.map((d) => ({
        factor: d.factor,
        correlation: d.correlation,
        impact: d.impact,
        confidence: d.confidence,
      })),
      ...(withInsights
        ? { insights: report.insights.map((i) => i.text), insight_details: report.insights }
        : {}),
      ...(withRecommendations
        ? {
            recommendations: report.recommendations.map((r) => r.text),
            recommendation_details: report.recommendations,
          }
        : {}),
      factors_tested: report.tested,
      // Stored analyses from before components were told apart have none.
      components_of_target: report.components ?? [],
      method: report.method,
    },
    elapsed_ms: analysis.elapsedMs,
    generated_at: isoTimestamp(analysis.createdAt),
  };
}

/** `POST /api/v1/ai/intelligent-analysis` and `GET /api/v1/ai/analysis/{id}`. */
export function registerAnalysisRoutes(app: Express, deps: { analyses: Analyses; secret: string }): void {
  const actor = (req: Request) => principalFromHeader(req.headers[PRINCIPAL_HEADER], deps.secret);

  app.post('/api/v1/ai/intelligent-analysis', async (req, res) => {
    const principal = actor(req);
    const body = validate(analysisBody, req.body);
    const analysis = await deps.analyses.analyze(principal, {
      query: body.query,
      dataSource: body.data_source,
      analysisType: body.analysis_type,
      confidenceThreshold: body.options.confidence_threshold,
      options: body.options,
    });
    sendResult(req, res, analysisView(analysis), { status: 201, message: 'Analysis completed' });
  });

  app.get('/api/v1/ai/analysis/:id', async (req, res) => {
    sendResult(req, res, analysisView(await deps.analyses.get(actor(req), String(req.params.id))));
  });
}
