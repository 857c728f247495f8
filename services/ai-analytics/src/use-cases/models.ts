import { readFileSync } from 'node:fs';
import { AppError } from '@sightline/errors';
import type { Principal } from '@sightline/principal';
import { BUILTIN_MODEL_ID, type ModelDescriptor, modelAllowed, ResponseTimes } from '../domain/models.js';
import type { RemotePlannerSettings } from '../engine/remote-planner.js';

/** An organization's model restrictions. */
export type ModelAccessLookup = (
  organizationId: string,
) => Promise<{ restricts: boolean; allowed: string[] }>;

const ACCESS_CACHE_MS = 30_000;

/** The accuracy the project's question set measured, kept next to the package (checked by its test). */
function benchmarkAccuracy(): number | null {
  try {
    const file = new URL('../../benchmark.json', import.meta.url);
    const figures = JSON.parse(readFileSync(file, 'utf8')) as { accuracy?: unknown };
    return typeof figures.accuracy === 'number' ? figures.accuracy : null;
  } catch {
    return null;
  }
}

/** The models an organization may answer with, their measured performance, and access checks. */
export class ModelRegistry {
  private readonly times = new Map<string, ResponseTimes>();
  private readonly access = new Map<
    string,
    { at: number; value: { restricts: boolean; allowed: string[] } }
  >();
  private readonly accuracy = benchmarkAccuracy();

  constructor(
    private readonly lookup: ModelAccessLookup,
    readonly remote: RemotePlannerSettings | undefined,
  ) {}

  private async accessOf(organizationId: string) {
    const cached = this.access.get(organizationId);
    if (cached && Date.now() - cached.at < ACCESS_CACHE_MS) return cached.value;
    const value = await this.lookup(organizationId);
    this.access.set(organizationId, { at: Date.now(), value });
    return value;
  }

  /** Records how long an answer took with a model. */
  record(modelId: string, ms: number): void {
    let window = this.times.get(modelId);
    if (!window) {
      window = new ResponseTimes();
      this.times.set(modelId, window);
    }
    window.record(ms);
  }

  private all(): ModelDescriptor[] {
    const models: ModelDescriptor[] = [
      {
        model_id: BUILTIN_MODEL_ID,
        provider: 'sightline',
        capabilities: [
          'query_understanding',
          'chart_generation',
          'insight_generation',
          'driver_analysis',
          'forecasting',
        ],
        status: 'active',
        performance_metrics: {
          accuracy: this.accuracy,
          response_time: this.times.get(BUILTIN_MODEL_ID)?.meanSeconds() ?? null,
          cost_per_request: 0,
        },
        description:
          'The built-in deterministic engine: runs offline, answers in milliseconds, explains every number',
      },
    ];
    if (this.remote) {
      models.push({
        model_id: this.remote.model,
        provider: 'openai-compatible',
        capabilities: ['query_understanding'],
        status: 'active',
        performance_metrics: {
          accuracy: null,
          response_time: this.times.get(this.remote.model)?.meanSeconds() ?? null,
          cost_per_request: null,
        },
        description: `Proposes chart plans through ${new URL(this.remote.baseUrl).host}; every plan is validated and run by the built-in engine, which answers whenever the model fails`,
      });
    }
    return models;
  }

  /** The models the actor's organization may use. */
  async list(actor: Principal): Promise<ModelDescriptor[]> {
    const access = await this.accessOf(actor.org);
    return this.all().filter((m) => modelAllowed(access, m.model_id));
  }

  /** Refuses a model that does not exist here (422) or that the organization does not allow (403). */
  async check(actor: Principal, modelId: string): Promise<void> {
    if (!this.all().some((m) => m.model_id === modelId)) {
      throw new AppError(
        'validation',
        `Unknown model "${modelId}"; GET /api/v1/ai/models lists the available ones`,
        {
          field: 'options.model',
        },
      );
    }
    if (!modelAllowed(await this.accessOf(actor.org), modelId)) {
      throw new AppError('forbidden', `Your organization does not allow the model "${modelId}"`);
    }
  }
}
