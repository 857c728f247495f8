import type { DriverReport } from './driver-analysis.js';

/** A saved driver analysis: the question, the target it measured, and the report. */
export interface Analysis {
  id: string;
  organizationId: string;
  ownerId: string;
  query: string;
  dataSourceId: string;
  analysisType: string;
  options: Record<string, unknown>;
  report: DriverReport;
  elapsedMs: number;
  createdAt: Date;
}
