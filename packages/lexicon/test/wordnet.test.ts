import { afterAll, describe, expect, it } from 'vitest';
import { WordNet } from '../src/index.js';

const wordnet = WordNet.fromPackage();
afterAll(() => wordnet.close());

describe('WordNet', () => {
  it('finds base forms by WordNet morphology', () => {
    expect(wordnet.baseForms('penguins', 'noun')).toEqual(['penguin']);
    expect(wordnet.baseForms('women', 'noun')).toContain('woman');
    expect(wordnet.baseForms('heaviest', 'adj')).toContain('heavy');
    expect(wordnet.baseForms('biggest', 'adj')).toContain('big');
    expect(wordnet.baseForms('released', 'verb')).toContain('release');
    expect(wordnet.baseForms('qwertyuiop', 'noun')).toEqual([]);
  });

  it('tells nouns from words that are only verbs', () => {
    expect(wordnet.partsOfSpeech('died')).toEqual(new Set(['verb']));
    expect(wordnet.partsOfSpeech('wingspan').has('noun')).toBe(true);
    expect(wordnet.partsOfSpeech('lufthansa').size).toBe(0);
  });

  it('knows synonyms and is not fooled by unrelated words', () => {
    expect(wordnet.synonymous('bill', 'beak')).toBe(true);
    expect(wordnet.synonymous('revenue', 'gross')).toBe(true);
    expect(wordnet.synonymous('beak', 'flipper')).toBe(false);
    expect(wordnet.synonymous('penguins', 'penguin')).toBe(true);
  });

  it('knows what a noun is a kind of, one step up', () => {
    expect(wordnet.isKindOf('rainfall', 'precipitation')).toBe(true);
    expect(wordnet.isKindOf('precipitation', 'rainfall')).toBe(false);
    expect(wordnet.isKindOf('matches', 'score')).toBe(false);
  });

  it('knows the nouns formed from a verb', () => {
    expect(wordnet.nounsOfVerb('generated')).toContain('generation');
    expect(wordnet.nounsOfVerb('released')).toContain('release');
  });

  it('knows the attribute an adjective measures', () => {
    expect(wordnet.attributeNouns('heavy')).toContain('weight');
    expect(wordnet.attributeNouns('heaviest')).toContain('weight');
    expect(wordnet.attributeNouns('old')).toContain('age');
  });
});
