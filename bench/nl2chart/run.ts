// Prints the engine's accuracy on the question set, per kind of question, and each miss.
//   npm run bench:nl2chart            (WRITE=1 also records the figure GET /api/v1/ai/models shows)
import { writeFileSync } from 'node:fs';
import { accuracyTable, evaluate } from './evaluate.js';

const outcomes = await evaluate();
console.table(accuracyTable(outcomes));
if (process.env.WRITE) {
  const right = outcomes.filter((o) => o.ok).length;
  const figures = {
    question_set: 'bench/nl2chart',
    questions: outcomes.length,
    exactly_right: right,
    accuracy: Number((right / outcomes.length).toFixed(3)),
  };
  writeFileSync(
    new URL('../../services/ai-analytics/benchmark.json', import.meta.url),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
  console.log('recorded', figures);
}
for (const miss of outcomes.filter((o) => !o.ok)) {
  console.log(`✗ [${miss.case.dataset}] ${miss.case.question}\n    ${miss.why}`);
}
