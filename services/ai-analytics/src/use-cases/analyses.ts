import { AppError, isoTimestamp } from '@sightline/errors';
import { newEvent } from '@sightline/events';
import { newId } from '@sightline/mongo';
import type { Principal } from '@sightline/principal';
import { requireRole } from '@sightline/principal';
import type { Analysis } from '../domain/analysis.js';
import { analyzeDrivers } from '../domain/driver-analysis.js';
import { DRIVER_QUESTION_WORDS, readQuestion } from '../domain/question-reader.js';
import { isNumeric } from '../domain/table-profile.js';
import { englishLexicon } from '../engine/english.js';
import { measureFactors } from '../engine/driver-stats.js';
import type { QueryEngine } from '../engine/query-engine.js';
import type { AnalysisStore } from '../store/analysis-store.js';
import type { Charts } from './charts.js';

const SOURCE = '/sightline/ai-analytics';

export interface AnalysisRequest {
  query: string;
  dataSource: string;
  analysisType: string;
  confidenceThreshold: number;
  options: Record<string, unknown>;
}

/** Driver analyses: which columns move with the measure a question names, and how surely. */
export class Analyses {
  constructor(
    private readonly store: AnalysisStore,
    private readonly charts: Charts,
    private readonly engine: QueryEngine,
    private readonly onEvents: () => void,
  ) {}

  async analyze(actor: Principal, request: AnalysisRequest): Promise<Analysis> {
    requireRole(actor, 'user');
    const started = performance.now();
    const { dataset } = await this.charts.prepare(actor, request.dataSource);
    const reading = readQuestion(request.query, dataset.profile, {
      now: new Date(),
      lexicon: englishLexicon(),
      handled: DRIVER_QUESTION_WORDS,
      ...(dataset.name ? { tableName: dataset.name } : {}),
    });
    if (reading.kind === 'clarification') {
      throw new AppError('validation', `The question names its measure ambiguously: ${reading.reason}`, {
        field: 'query',
        details: { candidates: reading.candidates },
      });
    }
    if (reading.kind === 'unanswerable') {
      throw new AppError('validation', reading.message, {
        field: 'query',
        details: { missing: reading.missing, available_columns: reading.available },
      });
    }
    const target = reading.plan.measures.find((m) => m.column !== null)?.column;
    const column = dataset.profile.columns.find((c) => c.name === target);
    if (!target || !column || !isNumeric(column)) {
      throw new AppError('validation', 'Name the numeric measure to explain, e.g. "what drives revenue?"', {
        field: 'query',
        details: { numeric_columns: dataset.profile.columns.filter(isNumeric).map((c) => c.name) },
      });
    }
    const factors = await measureFactors(this.engine, dataset.path, dataset.profile, target);
    const report = analyzeDrivers(target, factors, request.confidenceThreshold);
    const analysis: Analysis = {
      id: newId('analysis'),
      organizationId: actor.org,
      ownerId: actor.sub,
      query: request.query,
      dataSourceId: dataset.dataSourceId,
      analysisType: request.analysisType === 'auto' ? 'correlation_analysis' : request.analysisType,
      options: request.options,
      report,
      elapsedMs: Number((performance.now() - started).toFixed(2)),
      createdAt: new Date(),
    };
    await this.store.insert(analysis, [
      newEvent({
        source: SOURCE,
        type: 'analysis.completed',
        subject: analysis.id,
        orgid: analysis.organizationId,
        data: {
          analysis_id: analysis.id,
          data_source_id: analysis.dataSourceId,
          target,
          primary_drivers: report.primary.map((d) => d.factor),
          created_at: isoTimestamp(analysis.createdAt),
        },
      }),
    ]);
    this.onEvents();
    return analysis;
  }

  async get(actor: Principal, id: string): Promise<Analysis> {
    const analysis = await this.store.byId(actor.org, id);
    if (!analysis) throw new AppError('not_found', `Analysis ${id} not found`);
    return analysis;
  }
}
