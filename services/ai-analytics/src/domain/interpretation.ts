/** The computation receipt: how every number of the chart was obtained. */
export interface Interpretation {
  engine: string;
  measures: Array<{ column: string | null; aggregation: string; label: string }>;
  dimension: { column: string; time_grain: string | null } | null;
  series: { column: string; time_grain: string | null } | null;
  filters: Array<Record<string, unknown>>;
  sort: { by: string; direction: string } | null;
  limit: number | null;
  bins: { count: number; width: number } | null;
  chart_type: string;
  chart_type_rule: string;
  rows_scanned: number;
  rows_matched: number;
  rows_returned: number;
  data_source_id: string;
  data_source_version: string;
  sql: string;
  parameters: Array<string | number | boolean>;
  elapsed_ms: number;
  /** Words of the question the plan leaves out because they do not change the answer ("released", "penguins"). */
  not_understood: string[];
  /** Set when a requested remote model failed and the built-in engine answered instead. */
  fallback?: string;
}
