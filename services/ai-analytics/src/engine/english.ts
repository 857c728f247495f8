import { WordNet } from '@sightline/lexicon';

let shared: WordNet | undefined;

/** The process's English lexicon (WordNet), opened on first use and shared by every question. */
export function englishLexicon(): WordNet {
  shared ??= WordNet.fromPackage();
  return shared;
}
