// Prints the engine's reading of questions over one table of either set:
//   npx tsx nl2chart/ask.ts weather "max and min temperature by month" ["…"]
import { readQuestion } from '@sightline/ai-analytics/engine';
import { WordNet } from '@sightline/lexicon';
import { loadDatasets } from './datasets.js';
import { openBenchEngine } from './evaluate.js';
import { loadHeldOutTables } from './held-out/tables.js';

const [table, ...questions] = process.argv.slice(2);
const tuned = (await loadDatasets()) as Record<string, { parquet: string }>;
const all = { ...tuned, ...(tuned[table as string] ? {} : await loadHeldOutTables()) } as Record<
  string,
  { parquet: string }
>;
const engine = await openBenchEngine(1);
const profile = await engine.profile((all[table as string] as { parquet: string }).parquet);
const lexicon = WordNet.fromPackage();
for (const q of questions) {
  console.log(
    q,
    JSON.stringify(readQuestion(q, profile, { now: new Date(), lexicon, tableName: table }), null, 1),
  );
}
engine.close();
