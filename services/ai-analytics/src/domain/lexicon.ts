/** English word knowledge the question reader may use; provided by @sightline/lexicon (WordNet). */
export type { Lexicon } from '@sightline/lexicon';
