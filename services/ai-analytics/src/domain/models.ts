/** A model the platform can answer with, as `GET /api/v1/ai/models` lists it. */
export interface ModelDescriptor {
  model_id: string;
  provider: string;
  capabilities: string[];
  status: 'active' | 'unavailable';
  performance_metrics: {
    /** Share of the project's question set answered exactly right; null when not measured. */
    accuracy: number | null;
    /** Mean seconds per answer over recent live requests; null before the first. */
    response_time: number | null;
    cost_per_request: number | null;
  };
  description: string;
}

export const BUILTIN_MODEL_ID = 'sightline-builtin';

/** Whether an organization's `ai_model_access` (when it restricts) lets its members use a model. */
export function modelAllowed(access: { restricts: boolean; allowed: string[] }, modelId: string): boolean {
  return !access.restricts || access.allowed.includes(modelId);
}

/** Mean of the latest timings, kept in a fixed-size window. */
export class ResponseTimes {
  private readonly samples: number[] = [];

  constructor(private readonly size = 200) {}

  record(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > this.size) this.samples.shift();
  }

  /** Mean seconds, or null before the first sample. */
  meanSeconds(): number | null {
    if (this.samples.length === 0) return null;
    return Number((this.samples.reduce((s, v) => s + v, 0) / this.samples.length / 1000).toFixed(4));
  }
}
