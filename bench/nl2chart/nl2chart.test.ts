import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accuracyTable, evaluate } from './evaluate.js';
import { QUESTIONS } from './questions.js';

describe('the question set', () => {
  it('has at least 150 questions over real public tables', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(150);
  });

  it('is answered exactly right (type, labels and values) at least 90% of the time', async () => {
    const outcomes = await evaluate();
    const table = accuracyTable(outcomes);
    console.table(table);
    for (const miss of outcomes.filter((o) => !o.ok)) console.log(`✗ ${miss.case.question}: ${miss.why}`);
    const right = outcomes.filter((o) => o.ok).length / outcomes.length;
    expect(right).toBeGreaterThanOrEqual(0.9);
    // GET /api/v1/ai/models publishes this figure: it must be the one measured now.
    const published = JSON.parse(
      readFileSync(new URL('../../services/ai-analytics/benchmark.json', import.meta.url), 'utf8'),
    );
    expect(published).toEqual({
      question_set: 'bench/nl2chart',
      questions: outcomes.length,
      exactly_right: outcomes.filter((o) => o.ok).length,
      accuracy: Number(right.toFixed(3)),
    });
  }, 120_000);
});
