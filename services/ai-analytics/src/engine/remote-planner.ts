import { AppError } from '@sightline/errors';
import { type ChartPlan, chartPlanSchema } from '../domain/chart-plan.js';
import { isNumeric, type TableProfile } from '../domain/table-profile.js';

export interface RemotePlannerSettings {
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  timeoutMs: number;
}

const INSTRUCTIONS = `You turn a question about one table into a chart plan. Answer with one JSON object only, matching:
{"kind":"aggregate"|"scatter"|"histogram","measures":[{"column":string|null,"aggregate":"sum"|"avg"|"median"|"count"|"count_distinct"|"min"|"max"}],
 "dimension"?:{"column":string,"grain"?:"year"|"quarter"|"month"|"month_of_year"|"week"|"weekday"|"day"|"hour"},
 "series"?:{"column":string},"filters":[{"op":"in"|"not_in","column":string,"values":[...],"rule":string}|{"op":"gt"|"gte"|"lt"|"lte"|"eq"|"ne","column":string,"value":number,"rule":string}|{"op":"date_range","column":string,"from"?:"YYYY-MM-DD","to"?:"YYYY-MM-DD","rule":string}],
 "sort"?:{"by":"measure"|"label","direction":"asc"|"desc"},"limit"?:number,"bins"?:number,"chartType":"bar"|"line"|"pie"|"doughnut"|"scatter","chartTypeRule":string}
Use only the columns listed. A null measure column counts rows.`;

/** Checks that a proposed plan only names columns the table has, of types that fit their role. */
function checkColumns(plan: ChartPlan, table: TableProfile): void {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const need = (name: string, why: string) => {
    const column = byName.get(name);
    if (!column) throw new Error(`the plan names a column the table does not have: ${name} (${why})`);
    return column;
  };
  for (const m of plan.measures) {
    if (m.column === null) continue;
    const column = need(m.column, 'measure');
    if (!['count', 'count_distinct'].includes(m.aggregate) && !isNumeric(column))
      throw new Error(`${m.aggregate} of a non-numeric column ${m.column}`);
  }
  if (plan.dimension) need(plan.dimension.column, 'dimension');
  if (plan.series) need(plan.series.column, 'series');
  for (const f of plan.filters) need(f.column, 'filter');
}

/**
 * Asks an OpenAI-compatible model for a plan. Whatever comes back is only a proposal: it must
 * parse against the plan schema and name real columns, or this throws and the built-in engine answers.
 */
export async function proposePlan(
  settings: RemotePlannerSettings,
  question: string,
  table: TableProfile,
): Promise<ChartPlan> {
  const columns = table.columns
    .map((c) => `${c.name} (${c.type}${c.values ? `; values: ${c.values.slice(0, 30).join(', ')}` : ''})`)
    .join('\n');
  const response = await fetch(`${settings.baseUrl.replace(/\/$/, '')}/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
    },
    body: JSON.stringify({
      model: settings.model,
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: INSTRUCTIONS },
        { role: 'user', content: `Columns:\n${columns}\n\nQuestion: ${question}` },
      ],
    }),
    signal: AbortSignal.timeout(settings.timeoutMs),
  });
  if (!response.ok) throw new AppError('unavailable', `the model endpoint answered ${response.status}`);
  const body = (await response.json()) as { choices?: Array<{ message?: { content?: string } }> };
  const content = body.choices?.[0]?.message?.content ?? '';
  const plan = chartPlanSchema.parse(JSON.parse(content.replace(/^```(json)?|```$/g, '').trim()));
  checkColumns(plan, table);
  return plan;
}
