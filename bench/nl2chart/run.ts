// Prints the engine's accuracy on the question set, per kind of question, and each miss.
//   npm run bench:nl2chart
import { accuracyTable, evaluate } from './evaluate.js';

const outcomes = await evaluate();
console.table(accuracyTable(outcomes));
for (const miss of outcomes.filter((o) => !o.ok)) {
  console.log(`✗ [${miss.case.dataset}] ${miss.case.question}\n    ${miss.why}`);
}
