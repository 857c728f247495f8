// Prints the engine's accuracy on both question sets side by side, per table and per question
// form, and each miss.
//   npm run bench:nl2chart            (WRITE=1 also records the newest held-out batch's figure, which GET /api/v1/ai/models shows)
//   SET=held-out npm run bench:nl2chart   (one set only)
import { writeFileSync } from 'node:fs';
import { evaluate, figures, pct, type QuestionSet, sideBySide, UNTOUCHED } from './evaluate.js';

const sets = (
  process.env.SET ? process.env.SET.split(',') : ['tuned', 'held-out', 'held-out-2', 'held-out-3']
) as QuestionSet[];
const outcomes = await evaluate(sets);

console.log(
  '\nPer table (exact charts over answerable questions · chart type · unanswerable declined · confident wrong charts / questions)',
);
console.table(sideBySide(outcomes, (o) => o.table));
console.log('\nPer question form');
console.table(sideBySide(outcomes, (o) => o.form));

for (const set of sets) {
  const f = figures(outcomes.filter((o) => o.set === set));
  console.log(
    `${set}: ${f.questions} questions · exact ${pct(f.exact)} of ${f.answerable} answerable · chart type ${pct(f.chartType)} · declined ${pct(f.declined)} of ${f.unanswerable} unanswerable · confident wrong charts ${f.confidentWrong} (${pct(f.confidentWrong / f.questions)}) · all right ${pct(f.accuracy)}`,
  );
}

if (process.env.WRITE) {
  // The published figure is the held-out batches whose misses no one has read, so never tuned on.
  const held = outcomes.filter((o) => UNTOUCHED.includes(o.set));
  const f = figures(held);
  const record = {
    question_set: 'bench/nl2chart/held-out/questions-2.ts + questions-3.ts',
    questions: f.questions,
    exactly_right: held.filter((o) => o.ok).length,
    accuracy: Number(f.accuracy.toFixed(3)),
  };
  writeFileSync(
    new URL('../../services/ai-analytics/benchmark.json', import.meta.url),
    `${JSON.stringify(record, null, 2)}\n`,
  );
  console.log('recorded', record);
}
// The untouched batches' misses are not printed: reading them would make those batches training data.
for (const miss of outcomes.filter((o) => !o.ok && !UNTOUCHED.includes(o.set))) {
  console.log(`✗ [${miss.set} · ${miss.table} · ${miss.form}] ${miss.question}\n    ${miss.why}`);
}
