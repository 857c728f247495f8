/** The question-to-chart engine, for the benchmarks: reading, planning, running and explaining. */
export { type Answer, answerQuestion, type PreparedDataset, runPlan } from './chart-answer.js';
export { QueryEngine, type QueryEngineSettings } from './query-engine.js';
export { readQuestion, type Reading } from '../domain/question-reader.js';
export type { ChartData } from '../domain/chart-data.js';
export type { ChartPlan } from '../domain/chart-plan.js';
export type { TableProfile } from '../domain/table-profile.js';
