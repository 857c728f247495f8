import {
  type Aggregate,
  type ChartPlan,
  type ChartType,
  chartPlanSchema,
  type Filter,
  type Measure,
  type TimeGrain,
} from './chart-plan.js';
import type { Lexicon } from './lexicon.js';
import {
  type ColumnProfile,
  defaultAggregate,
  isCategorical,
  isNumeric,
  isTemporal,
  isTimePart,
  type TableProfile,
} from './table-profile.js';
import { resolveTimePhrase, type TimeFilter } from './time-phrases.js';
import {
  AGGREGATION_WORDS,
  CHART_WORDS,
  DEMONYMS,
  GRAIN_WORDS,
  nameParts,
  STOPWORDS,
  stem,
  UNIT_WORDS,
  UNITS,
  WORD_SYNONYMS,
} from './vocabulary.js';

/** What the engine made of a question. */
export type Reading =
  /** `ignored`: words of the question the plan does not use, listed in the receipt. */
  | { kind: 'plan'; plan: ChartPlan; ignored: string[] }
  | { kind: 'clarification'; reason: string; candidates: string[] }
  | { kind: 'unanswerable'; message: string; missing: string[]; available: string[] };

export interface ReadOptions {
  /** `auto`, or a chart type the request insists on. */
  chartType?: ChartType | 'auto';
  /** The current time, for relative phrases when the data reaches it. */
  now: Date;
  /** English word knowledge (synonyms, base forms, parts of speech); without it only names and their inflections match. */
  lexicon?: Lexicon;
  /** The data source's name: a question may call its rows by it ("how many penguins"). */
  tableName?: string;
  /** Words the caller acts on itself (a driver analysis reads "what drives …"), so they are not left unexplained. */
  handled?: ReadonlySet<string>;
}

/** The words of a driver question ("what are the key drivers of revenue?"), which driver analysis acts on. */
export const DRIVER_QUESTION_WORDS: ReadonlySet<string> = new Set([
  'drives',
  'drive',
  'driver',
  'drivers',
  'driving',
  'affects',
  'affect',
  'affecting',
  'influences',
  'influence',
  'explains',
  'explain',
  'impacts',
  'impact',
  'determines',
  'determine',
  'key',
  'main',
  'factors',
  'factor',
  'behind',
  'why',
  'causes',
  'cause',
  'predicts',
  'predict',
]);

interface Token {
  /** Lower-cased text. */
  text: string;
  stem: string;
  /** As typed, for values whose case matters ("R", "B"). */
  raw: string;
}

interface Mention {
  start: number;
  end: number;
  kind: 'column' | 'value';
  /** Every column the span could mean (more than one: ambiguous). */
  columns: string[];
  /** For values: the value per column. */
  values: Map<string, string>;
  /** Full names beat partial ones when spans tie. */
  strength: number;
  /** A grain word that is also a column's name ("year" in cars). */
  grain?: TimeGrain;
  /** Already taken as a grouping or a distinct count. */
  consumed?: boolean;
  /** Only part of a filter ("more than 150 horsepower"), not something to measure. */
  filterOnly?: boolean;
  /** A superlative ("windiest", "least populous"): the measure ranks in this direction. */
  superlative?: 'asc' | 'desc';
}

const COMPARATORS: ReadonlyArray<readonly [string[], 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'ne']> = [
  [['more', 'than'], 'gt'],
  [['greater', 'than'], 'gt'],
  [['higher', 'than'], 'gt'],
  [['larger', 'than'], 'gt'],
  [['bigger', 'than'], 'gt'],
  [['above'], 'gt'],
  [['over'], 'gt'],
  [['exceeding'], 'gt'],
  [['at', 'least'], 'gte'],
  [['no', 'less', 'than'], 'gte'],
  [['or', 'more'], 'gte'],
  [['less', 'than'], 'lt'],
  [['fewer', 'than'], 'lt'],
  [['lower', 'than'], 'lt'],
  [['smaller', 'than'], 'lt'],
  [['below'], 'lt'],
  [['under'], 'lt'],
  [['at', 'most'], 'lte'],
  [['no', 'more', 'than'], 'lte'],
  [['or', 'less'], 'lte'],
  [['or', 'fewer'], 'lte'],
  [['heavier', 'than'], 'gt'],
  [['lighter', 'than'], 'lt'],
  [['older', 'than'], 'gt'],
  [['younger', 'than'], 'lt'],
  [['longer', 'than'], 'gt'],
  [['shorter', 'than'], 'lt'],
  [['taller', 'than'], 'gt'],
  [['faster', 'than'], 'gt'],
  [['slower', 'than'], 'lt'],
  [['cheaper', 'than'], 'lt'],
  [['pricier', 'than'], 'gt'],
  [['wider', 'than'], 'gt'],
  [['deeper', 'than'], 'gt'],
  [['after'], 'gt'],
  [['before'], 'lt'],
  [['exactly'], 'eq'],
  [['equal', 'to'], 'eq'],
  [['>'], 'gt'],
  [['>='], 'gte'],
  [['<'], 'lt'],
  [['<='], 'lte'],
  [['='], 'eq'],
];

const NEGATIONS = new Set(['excluding', 'except', 'without', 'not', 'exclude', 'excludes', 'but']);
const DIMENSION_CUES = new Set(['by', 'per', 'across', 'each', 'every', 'over']);
const SCATTER_CUES = new Set(['vs', 'versus', 'against']);
const COUNT_PHRASES = [
  ['how', 'many'],
  ['number', 'of'],
  ['count', 'of'],
  ['count'],
  ['frequency', 'of'],
  ['amount', 'of'],
];
const DISTINCT_WORDS = new Set(['distinct', 'unique', 'different']);
const DESC_WORDS = new Set([
  'highest',
  'most',
  'largest',
  'biggest',
  'best',
  'greatest',
  'top',
  'max',
  'maximum',
]);
const ASC_WORDS = new Set(['lowest', 'least', 'smallest', 'fewest', 'worst', 'bottom', 'min', 'minimum']);
const DRIVER_WORDS = new Set([
  'drives',
  'drive',
  'driver',
  'drivers',
  'affects',
  'affect',
  'influences',
  'explains',
  'impacts',
  'determines',
]);
const SHARE_WORDS = new Set([
  'share',
  'proportion',
  'percentage',
  'percent',
  'breakdown',
  'composition',
  'split',
  'mix',
  'fraction',
  'fractions',
  'shares',
  'proportions',
]);

/** Words naming where something starts or ends, for "from X" and "to X". */
const START_WORDS = new Set(['origin', 'source', 'from', 'departure', 'sender', 'start']);
const END_WORDS = new Set(['destination', 'target', 'to', 'arrival', 'recipient', 'end', 'dest']);

/** Superlatives that rank the smallest first. */
const LOW_SUPERLATIVES = new Set([
  'lowest',
  'smallest',
  'fewest',
  'slowest',
  'youngest',
  'shortest',
  'lightest',
  'cheapest',
  'earliest',
  'weakest',
  'narrowest',
  'shallowest',
  'coldest',
  'coolest',
  'poorest',
  'worst',
]);

/** What rows may be called in any table. */
const GENERIC_ROW_NOUNS = new Set([
  'people',
  'persons',
  'records',
  'rows',
  'entries',
  'items',
  'cases',
  'observations',
  'things',
]);

/** Prepositions that introduce a filter value: the word after one must name something. */
const FILTER_PREPOSITIONS = new Set(['from', 'for', 'in', 'at', 'on', 'among', 'within', 'during', 'of']);

/** Nouns that only say a column is a quantity: "gas price" is the gas column when nothing else is priced. */
const QUANTITY_NOUNS = new Set([
  'price',
  'cost',
  'speed',
  'rate',
  'level',
  'amount',
  'value',
  'size',
  'figure',
  'total',
  'score',
]);

/** Nouns that add nothing after a column's name: "weather type" is the weather column. */
const CLASSIFIER_NOUNS = new Set(['type', 'kind', 'category', 'class', 'group', 'label', 'status', 'sort']);

/** Words that never name a column themselves: grammar, and the words the reader acts on. */
const FUNCTION_WORDS = new Set<string>([
  ...STOPWORDS,
  ...Object.keys(AGGREGATION_WORDS),
  ...Object.keys(GRAIN_WORDS),
  ...Object.keys(CHART_WORDS),
  ...NEGATIONS,
  ...DIMENSION_CUES,
  ...SCATTER_CUES,
  ...DISTINCT_WORDS,
  ...DESC_WORDS,
  ...ASC_WORDS,
  ...SHARE_WORDS,
  ...COUNT_PHRASES.flat(),
  ...COMPARATORS.flatMap(([words]) => words),
  'many',
  'much',
  'count',
  'counts',
  'total',
  'totals',
  'common',
  'since',
  'until',
  'before',
  'after',
  'during',
  'through',
  'till',
  'year',
  'years',
  'months',
  'days',
  'weeks',
  'quarters',
  'decade',
  'today',
  'yesterday',
  'ago',
  'recent',
  'latest',
  'previous',
  'past',
  'next',
  'current',
  'date',
  'half',
  'first',
  'second',
  'third',
  'fourth',
  'q1',
  'q2',
  'q3',
  'q4',
  'ytd',
  'ascending',
  'descending',
  'alphabetically',
  'alphabetical',
  'order',
  'ranked',
  'ranking',
  'relationship',
  'correlation',
  'correlate',
  'relation',
  'histogram',
  'bins',
  'bin',
  'fraction',
  'ratio',
  'there',
  'any',
  'some',
  'been',
  'being',
  'has',
  'make',
  'made',
  'up',
  'out',
  'off',
  'same',
  'own',
  'versus',
  'including',
  'include',
  'inclusive',
  'later',
  'earlier',
  'onwards',
  'onward',
  'wise',
  'colored',
  'coloured',
  'color',
  'broken',
  'per',
  'respectively',
  'how',
  'its',
  'them',
  'they',
  'those',
  'these',
  'our',
  'my',
  'your',
  'his',
  'her',
  'if',
  'whose',
  'whom',
  'why',
  'would',
  'could',
  'should',
  'will',
  'shall',
  'may',
  'might',
  'must',
  'not',
  'no',
  'yes',
  'very',
  'most',
  'least',
  'ever',
  'never',
  'again',
  'too',
  'well',
]);

const MULTIPLIERS: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  mn: 1e6,
  m: 1e6,
  billion: 1e9,
  bn: 1e9,
  trillion: 1e12,
};

/** The words of a question, lower-cased and singular, numbers whole ("100 million" → 100000000). */
function tokenize(question: string): Token[] {
  const text = question
    .slice(0, 2000)
    .replace(/[’‘]/g, "'")
    .replace(/'s\b/gi, '')
    .replace(/(\d),(\d{3})\b/g, '$1$2')
    .replace(/(\d),(\d{3})\b/g, '$1$2');
  const words = text.match(/(?<![a-z0-9])-?\d+(?:\.\d+)?s?|[a-z][a-z0-9]*|>=|<=|[<>=]/gi) ?? [];
  const tokens: Token[] = [];
  for (const raw of words) {
    const lower = raw.toLowerCase();
    const previous = tokens.at(-1);
    const factor = MULTIPLIERS[lower];
    // "100 million", but not "5 m" when the table measures in metres: only spelled-out or bn/mn/k.
    if (factor && previous && /^-?\d+(\.\d+)?$/.test(previous.text) && (lower.length > 1 || lower === 'k')) {
      const value = String(Number((Number(previous.text) * factor).toPrecision(15)));
      tokens[tokens.length - 1] = { text: value, stem: value, raw: `${previous.raw} ${raw}` };
      continue;
    }
    tokens.push({ text: lower, stem: stem(lower), raw });
  }
  return tokens;
}

interface Alias {
  words: string[];
  strength: number;
}

const aliasCache = new WeakMap<ColumnProfile, Alias[]>();
const nearCache = new WeakMap<Lexicon, Map<string, 'near' | 'derived' | undefined>>();
const valueWordCache = new WeakMap<ColumnProfile, Map<string, string[]>>();

/** Every way a question may name a column (computed once per profiled column). */
function columnAliases(column: ColumnProfile): Alias[] {
  let aliases = aliasCache.get(column);
  if (!aliases) {
    aliases = buildAliases(column);
    aliasCache.set(column, aliases);
  }
  return aliases;
}

/** A value's words as questions are split (computed once per profiled column). */
function valueWords(column: ColumnProfile, value: string): string[] {
  let words = valueWordCache.get(column);
  if (!words) {
    words = new Map();
    valueWordCache.set(column, words);
  }
  let found = words.get(value);
  if (!found) {
    found = tokenize(value).map((t) => t.stem);
    words.set(value, found);
  }
  return found;
}

/** Every way a question may name a column, as stem sequences, with how strongly each names it. */
function buildAliases(column: ColumnProfile): Alias[] {
  const { words } = nameParts(column.name);
  const aliases: Alias[] = [];
  const add = (w: readonly string[], strength: number) => {
    const key = w.map(stem);
    if (key.length === 0) return;
    if (!aliases.some((a) => a.words.join(' ') === key.join(' '))) aliases.push({ words: key, strength });
  };
  const significant = words.filter((w) => !STOPWORDS.has(w));
  add(words, 3);
  // Without its grammar words a name is a little less itself: `nonfarm_change` is not `nonfarm`.
  add(significant, significant.length === words.length ? 3 : 2.5);
  // Initials of a name of three words or more: "mpg" for Miles_per_Gallon.
  if (words.length >= 3) add([words.map((w) => w[0]).join('')], 2.5);
  // Abbreviations spelled out, and two-word names read backwards ("temp max" → "maximum temperature").
  const variants = significant.map((w) => [w, ...(WORD_SYNONYMS[w] ?? [])]);
  const expand = (parts: string[][]): string[][] =>
    parts.reduce<string[][]>(
      (acc, options) => acc.flatMap((prefix) => options.map((o) => [...prefix, o])),
      [[]],
    );
  if (variants.reduce((n, v) => n * v.length, 1) <= 32) {
    for (const v of expand(variants)) add(v, 3);
    if (significant.length === 2) for (const v of expand([...variants].reverse())) add(v, 3);
  }
  // Part of a longer name names it weakly ("flipper" or "length" for Flipper Length (mm)); when
  // parts are shared by several columns, the longest span of the question decides, or the user.
  if (words.length > 1) {
    for (let length = words.length - 1; length >= 1; length -= 1) {
      for (let at = 0; at + length <= words.length; at += 1) {
        const run = words.slice(at, at + length);
        if (STOPWORDS.has(run[0] as string) || STOPWORDS.has(run.at(-1) as string)) continue;
        if (length === 1) {
          const w = run[0] as string;
          if (w.length < 3 || w in AGGREGATION_WORDS || w in UNITS) continue;
          add([w], 1);
          for (const synonym of WORD_SYNONYMS[w] ?? [])
            if (!(synonym in AGGREGATION_WORDS)) add([synonym], 1);
        } else add(run, 1 + length / 2);
      }
    }
  }
  return aliases;
}

/** Whether a question word is a short ticker-like value written out ("amazon" for AMZN). */
function abbreviates(value: string, word: string): boolean {
  if (
    value.length < 2 ||
    value.length > 5 ||
    word[0] !== value[0]?.toLowerCase() ||
    !/^[A-Z]{2,5}$/.test(value)
  )
    return false;
  // A doubled letter of a ticker may stand for one letter of the name (AAPL → "apple").
  const letters = value.replace(/(.)\1+/g, '$1').toLowerCase();
  if (word.length < letters.length) return false;
  let at = 0;
  for (const ch of word) if (ch === letters[at]) at += 1;
  return at === letters.length;
}

/** "rainy" and "sunny" name the values rain and sun (words of three letters or more only: "by" is not "b"). */
function adjectiveOf(value: string, word: string): boolean {
  if (!word.endsWith('y') || (word.length !== value.length + 1 && word.length !== value.length + 2))
    return false;
  const v = value.toLowerCase();
  if (!/^[a-z]{3,}$/.test(v)) return false;
  return word === `${v}y` || word === `${v}${v.at(-1)}y`;
}

/** A reading before its final checks. */
type Draft = Exclude<Reading, { kind: 'plan' }> | { kind: 'plan'; plan: ChartPlan };

class QuestionReader {
  private readonly tokens: Token[];
  private readonly mentions: Mention[] = [];
  /** Token positions already explained. */
  private readonly used = new Set<number>();
  private readonly columns: Map<string, ColumnProfile>;

  constructor(
    question: string,
    private readonly table: TableProfile,
    private readonly options: ReadOptions,
  ) {
    this.tokens = tokenize(question);
    this.columns = new Map(table.columns.map((c) => [c.name, c]));
  }

  private word(i: number): string {
    return this.tokens[i]?.text ?? '';
  }

  private matchesAt(i: number, words: string[]): boolean {
    return words.every((w, k) => this.tokens[i + k]?.stem === stem(w) || this.tokens[i + k]?.text === w);
  }

  /**
   * How a question word names a word of a column's name: as written or inflected (`exact`), or
   * through English (`near`: a synonym, "bill" for beak; or a spelled-out abbreviation,
   * "population" for pop).
   */
  private wordMatch(token: Token | undefined, nameWord: string): 'exact' | 'near' | 'derived' | undefined {
    if (!token) return undefined;
    if (token.stem === nameWord || token.text === nameWord) return 'exact';
    const lexicon = this.options.lexicon;
    if (!lexicon) return undefined;
    // English does not change between questions: what a word means to a name word is kept.
    let known = nearCache.get(lexicon);
    if (!known || known.size > 200_000) {
      known = new Map();
      nearCache.set(lexicon, known);
    }
    const key = `${token.text} ${nameWord}`;
    if (known.has(key)) return known.get(key);
    const found = this.nearMatch(token, nameWord);
    known.set(key, found);
    return found;
  }

  private nearMatch(token: Token, nameWord: string): 'near' | 'derived' | undefined {
    const lexicon = this.options.lexicon;
    const t = token.text;
    if (!lexicon || t.length < 2 || !/^[a-z]+$/.test(t) || FUNCTION_WORDS.has(t)) return undefined;
    if (nameWord.length < 3 || FUNCTION_WORDS.has(nameWord) || nameWord in UNITS) return undefined;
    // A verb form of the name's word ("delayed" for delay), or a verb the name's noun is made
    // from ("generated" for generation).
    if (lexicon.baseForms(t, 'verb').some((base) => base === nameWord && base !== t)) return 'derived';
    if (lexicon.nounsOfVerb(t).includes(nameWord)) return 'derived';
    // An abbreviation in the name spelled out in the question: a noun of its own, not an inflection ("windiest").
    if (t.length >= nameWord.length + 3 && t.startsWith(nameWord) && lexicon.baseForms(t, 'noun').includes(t))
      return 'near';
    // A synonym ("bill" for beak), or a kind of what the column measures ("rainfall" for precipitation).
    return lexicon.synonymous(t, nameWord) || lexicon.isKindOf(t, nameWord) ? 'near' : undefined;
  }

  private findMentions(): void {
    const candidates: Mention[] = [];
    for (const column of this.table.columns) {
      for (const alias of columnAliases(column)) {
        for (let i = 0; i + alias.words.length <= this.tokens.length; i += 1) {
          let near = 0;
          // Part of a name ("production" of Production Budget) is matched only as written: through
          // English, "movies" would be a kind of production. The data source's own name never is.
          const partial = alias.strength < 2.5;
          const all = alias.words.every((w, k) => {
            const token = this.tokens[i + k];
            const match = this.wordMatch(token, w);
            // A verb's own noun ("generated" → generation) may name part of a name; a mere synonym may not.
            if (match === 'near' && (partial || (token && this.namesTable(token)))) return false;
            if (match === 'near' || match === 'derived') near += 1;
            return match !== undefined;
          });
          if (all) {
            const grain = alias.words.length === 1 ? GRAIN_WORDS[alias.words[0] as string] : undefined;
            candidates.push({
              start: i,
              end: i + alias.words.length,
              kind: 'column',
              columns: [column.name],
              values: new Map(),
              strength: alias.strength + alias.words.length - near,
              ...(grain && isTemporal(column) ? { grain } : {}),
            });
          }
        }
      }
      for (const value of column.values ?? []) {
        // Values are split like questions are, so "O'Brien's Ale" matches what a user types.
        const words = valueWords(column, value);
        if (words.length === 0) continue;
        // A one- or two-letter value ("R", "B") is named only as typed, standing alone: never inside "by".
        const short = value.replace(/[^a-z0-9]/gi, '').length <= 2;
        // Three capitals are a code (an airport, a ticker), not a word written in capitals ("MALE").
        const acronym = /^[A-Z]{3}$/.test(value);
        const places = new Set([value.toLowerCase()]);
        for (let i = 0; i < this.tokens.length; i += 1) {
          const token = this.tokens[i] as Token;
          let length = 0;
          if (short) {
            // "R" and "B" only as typed, standing alone: "by" is never B.
            if (token.raw === value && !STOPWORDS.has(token.text)) length = 1;
          } else if (words.every((w, k) => this.tokens[i + k]?.stem === w)) {
            // A code that is also a word ("DAY", "LAX") only as typed: "day" is not Dayton's airport.
            const codeAsWord =
              acronym && token.raw !== value && this.options.lexicon?.partsOfSpeech(token.text).size;
            length = codeAsWord ? 0 : words.length;
          } else if (
            (abbreviates(value, token.text) || adjectiveOf(value, token.text)) &&
            this.mayStandForValue(token)
          )
            length = -1;
          else if ((DEMONYMS[token.text] ?? []).some((place) => places.has(place))) length = 1;
          else if (words.length === 1 && this.meansValue(token, value)) length = -1;
          if (length === 0) continue;
          candidates.push({
            start: i,
            end: i + Math.abs(length),
            kind: 'value',
            columns: [column.name],
            values: new Map([[column.name, value]]),
            // A value named as written beats a column's synonym ("rain" the weather, not rainfall);
            // a guessed one ("amazon" for AMZN, "rainy" for rain) yields to any column name ("delay" is not DAY).
            strength: length < 0 ? 1.5 : 3.5 + length,
          });
        }
      }
    }
    // "max and min temperature": the first word, with the shared last word, may name another column.
    const columnCandidates = [...candidates];
    for (const candidate of columnCandidates) {
      if (candidate.kind !== 'column' || candidate.end - candidate.start !== 2) continue;
      const and = candidate.start - 1;
      if (this.word(and) !== 'and' || and < 1) continue;
      const pair = [this.tokens[and - 1]?.stem, this.tokens[candidate.end - 1]?.stem];
      for (const column of this.table.columns) {
        if (
          columnAliases(column).some(
            (a) => a.words.length === 2 && a.words[0] === pair[0] && a.words[1] === pair[1],
          )
        ) {
          candidates.push({
            ...candidate,
            start: and - 1,
            end: and,
            columns: [column.name],
            values: new Map(),
            strength: candidate.strength,
          });
        }
      }
    }
    // Superlatives name a measure and a direction: "windiest" (wind), "least populous" (population).
    for (let i = 0; i < this.tokens.length; i += 1) {
      const t = this.tokens[i]?.text ?? '';
      const previous = this.word(i - 1);
      const bases =
        t.length >= 6 && t.endsWith('iest')
          ? [`${t.slice(0, -4)}y`, t.slice(0, -4)]
          : t.length >= 6 && t.endsWith('est') && !['least', 'latest', 'interest'].includes(t)
            ? [t.slice(0, -3), `${t.slice(0, -3)}e`]
            : [];
      for (const column of this.table.columns) {
        if (!isNumeric(column)) continue;
        const single = columnAliases(column)
          .filter((a) => a.words.length === 1)
          .map((a) => a.words[0] as string);
        const bySuffix =
          bases.some((b) => single.includes(b) || single.includes(b.replace(/y$/, ''))) ||
          // "tallest" measures height: the attribute English gives the adjective.
          (bases.length > 0 &&
            (this.options.lexicon?.attributeNouns(t) ?? []).some((a) =>
              nameParts(column.name).words.includes(a),
            ));
        const byStem =
          ['most', 'least'].includes(previous) &&
          t.length >= 6 &&
          single.some(
            (w) => (w.length >= 6 && w.slice(0, 5) === t.slice(0, 5)) || (w.length >= 3 && t.startsWith(w)),
          );
        // "youngest age": the column is named right after; the superlative is its aggregation.
        const namedNext = candidates.some(
          (c) => c.kind === 'column' && c.start === i + 1 && c.columns.includes(column.name),
        );
        if ((bySuffix || byStem) && !namedNext) {
          candidates.push({
            start: i,
            end: i + 1,
            kind: 'column',
            columns: [column.name],
            values: new Map(),
            strength: 2,
            superlative: previous === 'least' ? 'asc' : 'desc',
          });
        }
      }
    }
    // Longest, strongest spans first; equal ones at the same place merge into an ambiguous mention.
    candidates.sort(
      (a, b) => b.end - b.start - (a.end - a.start) || b.strength - a.strength || a.start - b.start,
    );
    for (const candidate of candidates) {
      const same = this.mentions.find(
        (m) =>
          m.start === candidate.start &&
          m.end === candidate.end &&
          m.strength === candidate.strength &&
          m.kind === candidate.kind,
      );
      if (same) {
        for (const c of candidate.columns) if (!same.columns.includes(c)) same.columns.push(c);
        for (const [c, v] of candidate.values) same.values.set(c, v);
        continue;
      }
      let overlaps = false;
      for (let i = candidate.start; i < candidate.end; i += 1) if (this.used.has(i)) overlaps = true;
      if (overlaps) continue;
      this.mentions.push(candidate);
      for (let i = candidate.start; i < candidate.end; i += 1) this.used.add(i);
    }
    this.mentions.sort((a, b) => a.start - b.start);

    // A value found in several columns ("Chelsea": home_team and away_team) is read as the one
    // whose own name the question also says ("at home"); that word then only picks the column.
    for (const mention of this.mentions) {
      if (mention.kind !== 'value' || mention.columns.length < 2) continue;
      const own = (column: string) =>
        nameParts(column).words.filter(
          (w) => !mention.columns.some((other) => other !== column && nameParts(other).words.includes(w)),
        );
      // "from LAX" is where a trip starts, "to LAX" where it ends.
      const preposition = this.word(mention.start - 1);
      const ends =
        preposition === 'from' ? START_WORDS : ['to', 'into'].includes(preposition) ? END_WORDS : undefined;
      let named = ends
        ? mention.columns.filter((column) => nameParts(column).words.some((w) => ends.has(w)))
        : [];
      if (named.length !== 1) {
        // A column named elsewhere, not as a grouping ("by destination" groups; it does not pick).
        named = mention.columns.filter((column) =>
          this.tokens.some(
            (t, i) =>
              (i < mention.start || i >= mention.end) &&
              !DIMENSION_CUES.has(this.word(i - 1)) &&
              own(column).some((w) => t.stem === stem(w) || t.text === w),
          ),
        );
      }
      if (named.length !== 1) continue;
      const column = named[0] as string;
      mention.columns = [column];
      mention.values = new Map([[column, mention.values.get(column) as string]]);
      for (const other of this.mentions) {
        if (other.kind === 'column' && other.columns.includes(column)) {
          other.columns = [column];
          other.filterOnly = true;
          other.consumed = true;
        }
      }
    }
  }

  private mentionAt(i: number): Mention | undefined {
    return this.mentions.find((m) => m.start === i);
  }

  /** The first datetime column, or an integer year column, that time phrases apply to. */
  private timeColumn(): ColumnProfile | undefined {
    return (
      this.table.columns.find((c) => isTemporal(c)) ??
      this.table.columns.find((c) => c.type === 'integer' && /year/i.test(c.name))
    );
  }

  /** The plan, checked: every word used or harmless, every time range inside the data. */
  read(): Reading {
    const draft = this.interpret();
    if (draft.kind !== 'plan') return draft;
    return this.checked(draft.plan);
  }

  private checked(plan: ChartPlan): Reading {
    // The plan is the engine's contract with the SQL compiler: anything out of its bounds is declined, never run.
    const valid = chartPlanSchema.safeParse(plan);
    if (!valid.success) {
      return this.unanswerable(
        `The question asks for something out of range (${valid.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
        [],
      );
    }
    const outside = this.rangeOutsideData(plan);
    if (outside) return this.unanswerable(outside, []);
    const ignored: string[] = [];
    const unknown: string[] = [];
    let counted: number | undefined;
    for (let i = 0; i < this.tokens.length; i += 1) {
      if (this.explained(i)) continue;
      const w = this.word(i);
      if (this.countsUnknownThing(i)) counted ??= i;
      else if (this.harmless(i)) ignored.push(w);
      else unknown.push(w);
    }
    if (unknown.length > 0) {
      return this.unanswerable(
        `Nothing in this table matches ${unknown.map((w) => `"${w}"`).join(', ')}, so the question cannot be answered exactly`,
        unknown,
      );
    }
    if (counted !== undefined) {
      // "number of runways by state": rows may be runways, or runways may be something the table lacks.
      const word = this.tokens[counted] as Token;
      return {
        kind: 'clarification',
        reason: `"${word.raw}" is not a column or value of this table; the question can count its rows`,
        candidates: [
          [
            ...this.tokens.slice(0, counted).map((t) => t.raw),
            'rows',
            ...this.tokens.slice(counted + 1).map((t) => t.raw),
          ].join(' '),
        ],
      };
    }
    return { kind: 'plan', plan, ignored };
  }

  /** Whether the word at i follows "how many", "number of" or "count of": what is counted. */
  private isCounted(i: number): boolean {
    const before = this.word(i - 1);
    return before === 'many' || (before === 'of' && ['number', 'count'].includes(this.word(i - 2)));
  }

  /**
   * Whether the word at i is what a count counts ("how many runways") and names neither this
   * table nor its rows: counting rows would answer a question about something else.
   */
  private countsUnknownThing(i: number): boolean {
    const token = this.tokens[i] as Token;
    if (
      !this.isCounted(i) ||
      /^-?\d/.test(token.text) ||
      this.namesTable(token) ||
      GENERIC_ROW_NOUNS.has(token.text)
    )
      return false;
    const lexicon = this.options.lexicon;
    return lexicon?.partsOfSpeech(token.text).has('noun') === true;
  }

  /** Whether the word at i is part of what the plan uses, or grammar. */
  private explained(i: number): boolean {
    const w = this.word(i);
    if (this.used.has(i)) return true;
    // A grain word ("month") the plan did not use was not understood: "by budget month" is not by year.
    if (w in GRAIN_WORDS && !this.mentions.some((m) => m.start <= i && i < m.end)) return false;
    if (FUNCTION_WORDS.has(w) || FUNCTION_WORDS.has(this.tokens[i]?.stem ?? '')) return true;
    if (this.options.handled?.has(w)) return true;
    if (this.mentions.some((m) => m.start <= i && i < m.end)) return true;
    if (w in UNIT_WORDS || w in UNITS || w in DEMONYMS) return true;
    return false;
  }

  /**
   * Whether a word the plan does not use can be left out without changing the answer: what
   * the rows are called ("how many penguins", "Gentoo penguins", "movies with…"), the data
   * source's own name, or a word that is never a noun ("released", "died", "live"). A number
   * or a noun that names nothing here changes the question, so it is never harmless.
   */
  private harmless(i: number): boolean {
    const token = this.tokens[i] as Token;
    if (/^-?\d/.test(token.text)) return false;
    const before = this.word(i - 1);
    const after = this.word(i + 1);
    // The quality a superlative ranks by ("least populous", "heaviest") decides the answer.
    if (['most', 'least', 'more', 'less'].includes(before) || this.superlativeDirection(token.text))
      return false;
    const countedRows = this.isCounted(i);
    const rowNoun =
      countedRows ||
      (before === 'of' &&
        (this.word(i - 2) in AGGREGATION_WORDS ||
          this.mentions.some((m) => m.end === i - 1 && m.kind === 'column'))) ||
      this.mentions.some((m) => m.end === i && m.kind === 'value') ||
      ['with', 'that', 'where', 'which', 'who', 'whose', 'having'].includes(after) ||
      ['all', 'fewest', 'most', 'least', 'more', 'fewer'].includes(before);
    // What the rows are called is a common noun at the head of its phrase: in "Emperor penguins"
    // only "penguins" is; "Emperor" (and any name English does not know) still has to match.
    const next = this.tokens[i + 1];
    const head =
      next === undefined ||
      FUNCTION_WORDS.has(next.text) ||
      /^-?\d/.test(next.text) ||
      this.mentions.some((m) => m.start === i + 1) ||
      !/^[a-z]+$/.test(next.text);
    const lexicon = this.options.lexicon;
    const commonNoun = !lexicon || lexicon.partsOfSpeech(token.text).has('noun');
    // Rows are many: "of penguins", "Gentoo penguins" — not "of Ajax", a name the table lacks.
    const plural = !lexicon || lexicon.baseForms(token.text, 'noun').some((base) => base !== token.text);
    if (rowNoun && head && commonNoun && (plural || countedRows || GENERIC_ROW_NOUNS.has(token.text)))
      return true;
    if (this.namesTable(token)) return true;
    // "from solar", "in Antarctica": a value the table does not have, whatever part of speech it is.
    if (FILTER_PREPOSITIONS.has(before)) return false;
    // "weather type", "genre category": a head noun that only says the column is a classification;
    // "gas price", "wind speed": one that only says the column is a quantity.
    if (
      (CLASSIFIER_NOUNS.has(token.stem) || QUANTITY_NOUNS.has(token.stem)) &&
      this.mentions.some((m) => m.end === i && m.kind === 'column')
    )
      return true;
    if (this.namesTable(token)) return true;
    if (!lexicon) return !this.missingTerms().includes(token.text);
    const parts = lexicon.partsOfSpeech(token.text);
    return parts.size > 0 && !parts.has('noun');
  }

  /** Why a time filter of the plan cannot match any row: it lies wholly outside the data's dates. */
  private rangeOutsideData(plan: ChartPlan): string | undefined {
    for (const filter of plan.filters) {
      const column = this.columns.get(filter.column);
      if (!column) continue;
      if (filter.op === 'date_range' && this.table.dateRange?.column === column.name) {
        const { min, max } = this.table.dateRange;
        const from = filter.from ? Date.parse(filter.from) : Number.NEGATIVE_INFINITY;
        const to = filter.to ? Date.parse(filter.to) : Number.POSITIVE_INFINITY;
        if (to <= Date.parse(min) || from > Date.parse(max)) {
          return `There is no data for ${filter.rule}: ${column.name} runs from ${min.slice(0, 10)} to ${max.slice(0, 10)}`;
        }
      }
      if (isTimePart(column) && column.min !== undefined && column.max !== undefined && 'value' in filter) {
        const lo = column.min;
        const hi = column.max;
        const v = filter.value;
        const none =
          (filter.op === 'eq' && (v < lo || v > hi)) ||
          ((filter.op === 'gt' || filter.op === 'gte') && v > hi) ||
          ((filter.op === 'lt' || filter.op === 'lte') && v < lo);
        if (none) return `There is no data for ${filter.rule}: ${column.name} runs from ${lo} to ${hi}`;
      }
      if (filter.op === 'in' && isTimePart(column) && column.min !== undefined && column.max !== undefined) {
        const lo = column.min;
        const hi = column.max;
        if (filter.values.every((v) => typeof v === 'number' && (v < lo || v > hi))) {
          return `There is no data for ${filter.rule}: ${column.name} runs from ${lo} to ${hi}`;
        }
      }
    }
    return undefined;
  }

  private interpret(): Draft {
    if (this.tokens.length === 0) return this.unanswerable('The question is empty', []);
    this.findMentions();

    let chartWord: ChartType | 'histogram' | undefined;
    for (let i = 0; i < this.tokens.length; i += 1) {
      const word = CHART_WORDS[this.word(i)];
      const next = this.word(i + 1);
      if (
        word &&
        (['chart', 'graph', 'plot', 'diagram'].includes(next) ||
          word === 'histogram' ||
          word === 'scatter' ||
          word === 'pie' ||
          word === 'doughnut') &&
        !this.used.has(i)
      ) {
        chartWord = word;
        this.used.add(i);
      }
    }

    // Time phrases ("in 2012", "since 2008", "the 1970s", "last 6 months").
    const filters: Filter[] = [];
    const timeColumn = this.timeColumn();
    if (timeColumn) {
      const found = resolveTimePhrase(
        this.tokens.map((t) => t.text),
        this.table,
        timeColumn,
        this.options.now,
      );
      for (const phrase of found) {
        for (let i = phrase.start; i < phrase.end; i += 1) this.used.add(i);
        // "forecast years after 2005": a time column named right before the phrase is the one it limits.
        const named = this.mentions.find(
          (m) => m.kind === 'column' && m.end === phrase.start && m.columns.length === 1,
        );
        const namedColumn = named ? this.columns.get(named.columns[0] as string) : undefined;
        const column =
          namedColumn && namedColumn !== timeColumn && (isTemporal(namedColumn) || isTimePart(namedColumn))
            ? namedColumn
            : timeColumn;
        const filter = this.timeFilter(phrase.filter, column);
        if (filter) filters.push(filter);
        else for (let i = phrase.start; i < phrase.end; i += 1) this.used.delete(i);
        // "the most recent year" names a time, not the year column.
        for (let m = this.mentions.length - 1; m >= 0; m -= 1) {
          const mention = this.mentions[m] as Mention;
          if (mention.start < phrase.end && mention.end > phrase.start) this.mentions.splice(m, 1);
        }
      }
    }

    // Ambiguous mentions are asked back rather than guessed (once time phrases took their words).
    const ambiguous = this.mentions.find((m) => m.columns.length > 1);
    if (ambiguous) return this.clarify(ambiguous);

    // Numeric comparisons ("more than 150 horsepower", "horsepower over 150").
    for (let i = 0; i < this.tokens.length; i += 1) {
      for (const [words, op] of COMPARATORS) {
        if (
          !this.matchesAt(i, words) ||
          words.some((_, k) => this.used.has(i + k) && !this.isNumberAt(i + k))
        )
          continue;
        const trailing = words[0] === 'or';
        const numberAt = trailing ? i - 1 : i + words.length;
        const number = this.numberAt(numberAt);
        if (number === undefined) continue;
        // "life expectancy over 75" names the column first; "more than 150 horsepower" after the number.
        const postfix =
          words.length === 1 && ['over', 'above', 'under', 'below', 'exceeding'].includes(words[0] as string);
        const column = trailing
          ? (this.columnNear(numberAt + 1, 'after') ?? this.columnNear(numberAt - 1, 'before'))
          : postfix
            ? (this.columnNear(i - 1, 'before') ?? this.columnNear(numberAt + 1, 'after'))
            : (this.columnNear(numberAt + 1, 'after') ?? this.columnNear(i - 1, 'before'));
        // "more than 5000 g": the unit names the column; "younger than 20": the adjective's attribute (age).
        // A unit written after the number outranks a column merely nearby: in "flipper length of
        // penguins heavier than 4500 g" the grams are the body mass.
        const unitAt = numberAt + 1;
        const byUnit = this.columnByUnit(unitAt);
        const byAttribute = column || byUnit ? undefined : this.columnByAttribute(words[0] as string);
        const target = byUnit ?? column ?? byAttribute;
        if (!target) continue;
        if (byUnit) this.used.add(unitAt);
        // "weighing less than 2500 lbs", "costing more than 10": the verb only introduces the comparison.
        const verbAt = i - 1;
        if (
          !this.used.has(verbAt) &&
          !this.mentions.some((m) => m.start <= verbAt && verbAt < m.end) &&
          /(ing|ed|s)$/.test(this.word(verbAt)) &&
          this.options.lexicon?.baseForms(this.word(verbAt), 'verb').some((b) => b !== this.word(verbAt))
        )
          this.used.add(verbAt);
        filters.push({ op, column: target.name, value: number, rule: `${words.join(' ')} ${number}` });
        for (let k = Math.min(i, numberAt); k <= Math.max(i + words.length - 1, numberAt); k += 1)
          this.used.add(k);
        this.markColumnUsed(target.name, numberAt);
        break;
      }
    }
    // "between 100 and 200 horsepower" on a numeric column.
    for (let i = 0; i < this.tokens.length; i += 1) {
      if (this.word(i) !== 'between' || this.used.has(i)) continue;
      const low = this.numberAt(i + 1);
      const high = this.numberAt(i + 3);
      if (low === undefined || high === undefined || this.word(i + 2) !== 'and') continue;
      const column = this.columnNear(i + 4, 'after') ?? this.columnNear(i - 1, 'before');
      if (!column || !isNumeric(column)) continue;
      filters.push({ op: 'gte', column: column.name, value: low, rule: `between ${low} and ${high}` });
      filters.push({ op: 'lte', column: column.name, value: high, rule: `between ${low} and ${high}` });
      for (let k = i; k <= i + 3; k += 1) this.used.add(k);
      this.markColumnUsed(column.name, i + 4);
    }
    // "8-cylinder cars", "4 cylinders": a number naming a value of a small integer column.
    for (let i = 0; i < this.tokens.length; i += 1) {
      const number = this.numberAt(i);
      if (number === undefined || this.used.has(i)) continue;
      // "top 3 cylinders" ranks; it does not pick the value 3.
      if (['top', 'bottom', 'first', 'last'].includes(this.word(i - 1))) continue;
      const next = this.mentionAt(i + 1);
      const column = next?.kind === 'column' ? this.columns.get(next.columns[0] as string) : undefined;
      if (column?.type === 'integer' && column.uniqueValues <= 24) {
        filters.push({ op: 'in', column: column.name, values: [number], rule: `${number} ${column.name}` });
        this.used.add(i);
        if (next) next.filterOnly = true;
      }
    }

    // Named values become filters; a negation before them excludes instead.
    const valueFilters = new Map<string, { values: (string | number)[]; negated: boolean }>();
    for (const mention of this.mentions) {
      if (mention.kind !== 'value') continue;
      const column = mention.columns[0] as string;
      const value = mention.values.get(column) as string;
      let negated = false;
      for (let k = mention.start - 1; k >= Math.max(0, mention.start - 4); k -= 1) {
        const w = this.word(k);
        if (NEGATIONS.has(w) || (w === 'than' && this.word(k - 1) === 'other')) negated = true;
        if (this.mentionAt(k)?.kind === 'value') {
          negated = valueFilters.get(column)?.negated ?? negated;
          break;
        }
      }
      const entry = valueFilters.get(column) ?? { values: [], negated };
      if (!entry.values.includes(value)) entry.values.push(value);
      valueFilters.set(column, entry);
    }
    for (const [column, entry] of valueFilters) {
      const profile = this.columns.get(column);
      const values = entry.values.map((v) => (profile?.type === 'boolean' ? v === 'true' : v));
      filters.push({
        op: entry.negated ? 'not_in' : 'in',
        column,
        values,
        rule: entry.negated ? 'excluded by name in the question' : 'named in the question',
      });
    }

    // Top / bottom k and sort words.
    let limit: number | undefined;
    let direction: 'asc' | 'desc' | undefined;
    let sortByLabel = false;
    for (let i = 0; i < this.tokens.length; i += 1) {
      const w = this.word(i);
      // A count of items to keep: a whole number from 1 to 1,000, or not a limit at all.
      const asLimit = (x: number | undefined) =>
        x !== undefined && Number.isInteger(x) && x >= 1 && x <= 1000 ? x : undefined;
      const n = asLimit(this.numberAt(i + 1));
      const before = asLimit(this.numberAt(i - 1));
      if ((w === 'top' || w === 'bottom' || w === 'first') && n !== undefined && !this.used.has(i + 1)) {
        limit = n;
        direction = w === 'bottom' ? 'asc' : 'desc';
        this.used.add(i).add(i + 1);
      } else if (
        (DESC_WORDS.has(w) ||
          ASC_WORDS.has(w) ||
          this.mentionAt(i)?.superlative ||
          this.superlativeDirection(w)) &&
        before !== undefined &&
        !this.used.has(i - 1)
      ) {
        limit = before;
        direction = ASC_WORDS.has(w)
          ? 'asc'
          : (this.mentionAt(i)?.superlative ?? this.superlativeDirection(w) ?? 'desc');
        this.used.add(i - 1);
        if (this.superlativeDirection(w)) this.used.add(i);
      } else if (
        (DESC_WORDS.has(w) || ASC_WORDS.has(w) || ['highest', 'largest', 'most'].includes(w)) &&
        this.word(i + 1) === 'first'
      ) {
        // "lowest first", "highest first": an order, not an aggregation.
        direction = ASC_WORDS.has(w) ? 'asc' : 'desc';
        this.used.add(i).add(i + 1);
      } else if (w === 'descending' || (w === 'highest' && this.word(i + 1) === 'to')) direction = 'desc';
      else if (w === 'ascending' || (w === 'lowest' && this.word(i + 1) === 'to')) direction = 'asc';
      else if (w === 'alphabetically' || w === 'alphabetical') sortByLabel = true;
    }

    // "top 5 countries by population": what follows "top N" is ranked, by the measure after "by".
    let ranked: Mention | undefined;
    let rankedGrain: TimeGrain | undefined;
    if (limit !== undefined) {
      const topAt = this.tokens.findIndex(
        (t, i) => ['top', 'bottom', 'first'].includes(t.text) && this.numberAt(i + 1) === limit,
      );
      const after =
        topAt >= 0
          ? topAt + 2
          : this.tokens.findIndex(
              (t, i) =>
                (DESC_WORDS.has(t.text) || ASC_WORDS.has(t.text) || this.mentionAt(i)?.superlative) &&
                this.numberAt(i - 1) === limit,
            ) + 1;
      for (let k = after; k > 0 && k < Math.min(this.tokens.length, after + 3); k += 1) {
        const mention = this.mentionAt(k);
        if (mention?.kind === 'column') {
          const column = this.columns.get(mention.columns[0] as string) as ColumnProfile;
          // The superlative itself ("5 windiest months") is the measure; what follows is ranked.
          if (mention.superlative) continue;
          if (!isNumeric(column) || isCategorical(column) || isTimePart(column)) ranked = mention;
          break;
        }
        const grainWord = GRAIN_WORDS[this.tokens[k]?.stem ?? ''];
        if (grainWord) {
          rankedGrain = grainWord;
          this.used.add(k);
          break;
        }
      }
    }

    // Aggregations attach to the measure that follows them; "max and min temperature" shares one.
    const measures: Measure[] = [];
    const measureColumns = new Set<string>();
    const aggregateBefore = (mention: Mention): Aggregate | undefined => {
      for (let k = mention.start - 1; k >= Math.max(0, mention.start - 3); k -= 1) {
        const w = this.word(k);
        const agg = AGGREGATION_WORDS[w];
        if (agg && !this.used.has(k)) return agg;
        // "longest distance", "youngest age": a superlative of the measure is its maximum or minimum.
        const superlative =
          k === mention.start - 1 && !this.used.has(k) ? this.superlativeDirection(w) : undefined;
        if (superlative) {
          this.used.add(k);
          return superlative === 'desc' ? 'max' : 'min';
        }
        if (this.mentionAt(k) || ['by', 'per', 'for', 'vs', 'and'].includes(w)) break;
      }
      return undefined;
    };

    // "how many", "number of", "count": counting rows, or distinct values.
    let countRows = false;
    let countDistinct: string | undefined;
    for (let i = 0; i < this.tokens.length; i += 1) {
      const phrase = COUNT_PHRASES.find((p) => this.matchesAt(i, p));
      if (!phrase) continue;
      // A column called `count` ("total count by year") is a measure, not a request to count rows.
      if (
        phrase.length === 1 &&
        this.mentions.some((m) => m.kind === 'column' && m.start <= i && i < m.end && m.columns.length === 1)
      )
        continue;
      // "by number of cylinders" groups by the column; it counts nothing.
      if (DIMENSION_CUES.has(this.word(i - 1))) continue;
      let k = i + phrase.length;
      while (['the', 'of', 'different'].includes(this.word(k)) && !DISTINCT_WORDS.has(this.word(k))) k += 1;
      if (DISTINCT_WORDS.has(this.word(k)) || this.word(i + phrase.length) === 'different') {
        const target = this.mentions.find((m) => m.kind === 'column' && m.start > i && m.start <= k + 2);
        if (target) {
          countDistinct = target.columns[0];
          target.consumed = true;
          continue;
        }
      }
      const after = this.mentionAt(k);
      const afterColumn = after?.kind === 'column' ? this.columns.get(after.columns[0] as string) : undefined;
      if (after && afterColumn && afterColumn.type === 'string' && !this.hasDimensionCue(after)) {
        // "how many countries": the distinct values of that column.
        countDistinct = afterColumn.name;
        after.consumed = true;
        for (let j = i; j < i + phrase.length; j += 1) this.used.add(j);
        continue;
      }
      if (
        after?.kind === 'column' &&
        isNumeric(this.columns.get(after.columns[0] as string) as ColumnProfile) &&
        phrase[0] !== 'how'
      ) {
        // "number of units" where units is a column: that column, summed.
        continue;
      }
      countRows = true;
      for (let j = i; j < i + phrase.length; j += 1) this.used.add(j);
    }
    if (this.word(0) === 'most' && this.word(1) === 'common') countRows = true;
    const common = this.tokens.findIndex(
      (t, i) => t.text === 'common' && ['most', 'least'].includes(this.word(i - 1)),
    );
    if (common > 0) {
      countRows = true;
      direction ??= this.word(common - 1) === 'least' ? 'asc' : 'desc';
      limit ??= this.numberAt(common - 2) ?? 1;
    }

    // Scatter: "A vs B", "relationship between A and B", "correlation of A and B".
    const columnMentions = this.mentions.filter((m) => m.kind === 'column' && !m.filterOnly);
    const scatterCue = this.tokens.findIndex((t) => SCATTER_CUES.has(t.text));
    const relationship = this.tokens.some((t) =>
      ['relationship', 'correlation', 'correlate', 'relation'].includes(t.text),
    );
    const numericMentions = columnMentions.filter(
      (m) =>
        isNumeric(this.columns.get(m.columns[0] as string) as ColumnProfile) &&
        !this.usedAsFilter(m, filters),
    );
    const wantsScatter =
      chartWord === 'scatter' ||
      ((scatterCue >= 0 || relationship) &&
        numericMentions.length >= 2 &&
        !numericMentions.some((m) => aggregateBefore(m)));

    // Dimensions: a column after "by"/"per"/"each"/"over", or a grain word.
    const dimensions: Array<{ column: string; grain?: TimeGrain; at: number }> = [];
    let grainOnly: { grain: TimeGrain; at: number } | undefined;
    for (let i = 0; i < this.tokens.length; i += 1) {
      const w = this.word(i);
      const monthOfYear =
        (w === 'month' &&
          ['of', 'in'].includes(this.word(i + 1)) &&
          this.word(i + 2 + (this.word(i + 2) === 'the' ? 1 : 0)) === 'year') ||
        w === 'seasonality' ||
        w === 'seasonal';
      const dayOfWeek =
        w === 'day' &&
        this.word(i + 1) === 'of' &&
        this.word(i + 2 + (this.word(i + 2) === 'the' ? 1 : 0)) === 'week';
      const hourOfDay =
        w === 'hour' &&
        this.word(i + 1) === 'of' &&
        this.word(i + 2 + (this.word(i + 2) === 'the' ? 1 : 0)) === 'day';
      let grain: TimeGrain | undefined = monthOfYear
        ? 'month_of_year'
        : dayOfWeek
          ? 'weekday'
          : hourOfDay
            ? 'hour'
            : GRAIN_WORDS[w];
      if (w === 'time' && (this.word(i - 1) === 'over' || this.word(i - 1) === 'through'))
        grain = 'auto' as TimeGrain;
      if (
        [
          'trend',
          'trends',
          'evolution',
          'evolve',
          'evolved',
          'timeline',
          'changed',
          'changing',
          'developed',
        ].includes(w)
      )
        grain ??= 'auto' as TimeGrain;
      const mention = this.mentionAt(i);
      if (mention?.kind === 'column' && !mention.grain) continue;
      if (!grain) continue;
      const afterAnd =
        this.word(i - 1) === 'and' &&
        this.mentions.some((m) => m.kind === 'column' && m.end === i - 1 && this.hasDimensionCue(m));
      const cue =
        afterAnd ||
        DIMENSION_CUES.has(this.word(i - 1)) ||
        /ly$/.test(w) ||
        monthOfYear ||
        dayOfWeek ||
        hourOfDay ||
        (grain as string) === 'auto' ||
        ['each', 'every'].includes(this.word(i - 1));
      if (!cue && !(this.word(i - 1) === 'the' && DIMENSION_CUES.has(this.word(i - 2)))) continue;
      if (mention?.grain && mention.kind === 'column') {
        dimensions.push({ column: mention.columns[0] as string, grain: mention.grain, at: i });
        mention.consumed = true;
      } else if (!grainOnly) grainOnly = { grain, at: i };
      this.used.add(i);
      if (monthOfYear || dayOfWeek || hourOfDay) for (let k = i; k <= i + 3; k += 1) this.used.add(k);
    }
    if (ranked) {
      dimensions.push({
        column: ranked.columns[0] as string,
        ...(ranked.grain ? { grain: ranked.grain } : {}),
        at: ranked.start,
      });
      ranked.consumed = true;
    } else if (rankedGrain && timeColumn) {
      dimensions.push({ column: timeColumn.name, grain: rankedGrain, at: 0 });
    }
    const rankedBy = limit !== undefined;
    for (const mention of columnMentions) {
      if (mention.consumed || (this.usedAsFilter(mention, filters) && !this.hasDimensionCue(mention)))
        continue;
      const column = this.columns.get(mention.columns[0] as string) as ColumnProfile;
      // In "top 5 countries by population", population is what ranks them.
      if (rankedBy && isNumeric(column) && !isCategorical(column)) continue;
      // "for all symbols except IBM" spans every value; it does not group by them.
      const spansAll = this.word(mention.start - 1) === 'all' && !this.hasDimensionCue(mention);
      if (
        this.hasDimensionCue(mention) ||
        (isCategorical(column) && !isNumeric(column) && !wantsScatter && !spansAll)
      ) {
        if (isNumeric(column) && !this.hasDimensionCue(mention)) continue;
        if (dimensions.some((d) => d.column === column.name)) continue;
        dimensions.push({
          column: column.name,
          ...(mention.grain ? { grain: mention.grain } : {}),
          at: mention.start,
        });
        mention.consumed = true;
      }
    }
    if (grainOnly && timeColumn && !dimensions.some((d) => d.column === timeColumn.name)) {
      dimensions.push({ column: timeColumn.name, grain: grainOnly.grain, at: grainOnly.at });
    }
    if (
      grainOnly &&
      timeColumn &&
      !isTemporal(timeColumn) &&
      grainOnly.grain !== 'year' &&
      (grainOnly.grain as string) !== 'auto'
    ) {
      return this.unanswerable(
        `"${this.word(grainOnly.at)}" needs a date column; ${timeColumn.name} holds only years`,
        [this.word(grainOnly.at)],
      );
    }
    if (grainOnly && !timeColumn) {
      return this.unanswerable(
        `"${this.word(grainOnly.at)}" needs a date column to group by, and this table has none`,
        [this.word(grainOnly.at)],
      );
    }
    // "who is the tallest": the one row that ranks first by the superlative's measure.
    if (this.word(0) === 'who' && limit === undefined && this.mentions.some((m) => m.superlative)) {
      limit = 1;
      direction ??= this.mentions.find((m) => m.superlative)?.superlative;
    }
    // "top 5 cars by horsepower": the rows are named by the table's most distinctive text column.
    if (limit !== undefined && dimensions.length === 0) {
      const names = this.table.columns
        .filter((c) => c.type === 'string')
        .sort((a, b) => b.uniqueValues - a.uniqueValues);
      if (names[0]) dimensions.push({ column: names[0].name, at: 0 });
    }
    dimensions.sort((a, b) => a.at - b.at);

    // Measures: numeric mentions not used otherwise, with their aggregation.
    let lastMeasure: { end: number; aggregate: Aggregate } | undefined;
    for (const mention of columnMentions) {
      if (mention.consumed) continue;
      const column = this.columns.get(mention.columns[0] as string) as ColumnProfile;
      if (!isNumeric(column) || dimensions.some((d) => d.column === column.name)) continue;
      if (this.usedAsFilter(mention, filters)) continue;
      let aggregate = aggregateBefore(mention);
      // "average goods producing and service providing": the second measure shares the first's word.
      if (
        aggregate === undefined &&
        this.word(mention.start - 1) === 'and' &&
        lastMeasure?.end === mention.start - 1
      )
        aggregate = lastMeasure.aggregate;
      if (aggregate !== undefined) lastMeasure = { end: mention.end, aggregate };
      // A year or month number is grouped by or filtered on; "average year" is not a measure anyone asks for.
      if (isTimePart(column) && aggregate === undefined) continue;
      // "max and min temperature": the first aggregation word shares the measure after the second.
      const prev = mention.start - 1;
      if (
        aggregate &&
        this.word(prev - 1) === 'and' &&
        AGGREGATION_WORDS[this.word(prev - 2)] &&
        !measureColumns.has(`${column.name}:${AGGREGATION_WORDS[this.word(prev - 2)]}`)
      ) {
        const shared = AGGREGATION_WORDS[this.word(prev - 2)] as Aggregate;
        measures.push({ column: column.name, aggregate: shared });
        measureColumns.add(`${column.name}:${shared}`);
      }
      aggregate ??= defaultAggregate(column);
      if (measureColumns.has(`${column.name}:${aggregate}`)) continue;
      measures.push({ column: column.name, aggregate });
      measureColumns.add(`${column.name}:${aggregate}`);
    }
    // "max and min temperature" where the two aggregations name two columns (temp_max, temp_min).
    if (countDistinct) measures.unshift({ column: countDistinct, aggregate: 'count_distinct' });
    if (countRows && !countDistinct) measures.unshift({ column: null, aggregate: 'count' });
    if (measures.length > 1 && countRows) {
      // "how many cars with more than 150 horsepower": the count is the answer, the column a filter.
      measures.splice(1);
    }

    // Histograms: "distribution of X", "histogram of X".
    const distributionOf = this.tokens.findIndex((t) =>
      ['distribution', 'histogram', 'spread'].includes(t.text),
    );
    const binsWord = this.tokens.findIndex(
      (t, i) => t.text === 'bins' || (t.text === 'bin' && this.numberAt(i - 1) !== undefined),
    );
    const binCount = binsWord > 0 ? this.numberAt(binsWord - 1) : undefined;
    const bins =
      binCount !== undefined && Number.isInteger(binCount) && binCount >= 2 && binCount <= 100
        ? binCount
        : undefined;
    if (bins !== undefined) this.used.add(binsWord - 1).add(binsWord);
    if (distributionOf >= 0) this.used.add(distributionOf);
    const histogramColumn =
      chartWord === 'histogram' || (distributionOf >= 0 && dimensions.length === 0)
        ? measures.find((m) => m.column !== null)?.column
        : undefined;

    // Words no column explains, in places a column belongs: the question asks for something the table lacks.
    const missing = this.missingTerms();
    if (measures.length === 0 && dimensions.length === 0 && !histogramColumn) {
      return this.unanswerable(
        missing.length > 0
          ? `No column matches ${missing.map((m) => `"${m}"`).join(', ')}`
          : 'The question names nothing this table has',
        missing,
      );
    }
    if (missing.length > 0 && measures.length === 0 && !countRows) {
      return this.unanswerable(`No column matches ${missing.map((m) => `"${m}"`).join(', ')}`, missing);
    }

    if (histogramColumn) {
      return {
        kind: 'plan',
        plan: {
          kind: 'histogram',
          measures: [{ column: histogramColumn, aggregate: 'count' }],
          filters,
          ...(bins ? { bins } : {}),
          chartType: 'bar',
          chartTypeRule:
            chartWord === 'histogram' ? 'histogram asked for' : 'a distribution is a binned bar chart',
        },
      };
    }

    if (wantsScatter) {
      const distinct = numericMentions.filter(
        (m, i) => numericMentions.findIndex((o) => o.columns[0] === m.columns[0]) === i,
      );
      const [first, second] = distinct;
      if (!first || !second) {
        return this.unanswerable(
          `A scatter plot needs two different numeric columns; the question names ${distinct.length === 0 ? 'none' : `only ${first?.columns[0]}`}`,
          this.missingTerms(),
        );
      }
      // "A vs B" plots A up the y axis against B; "relationship between A and B" puts A on x.
      const yFirst = scatterCue >= 0;
      const x = (yFirst ? second : first)?.columns[0] as string;
      const y = (yFirst ? first : second)?.columns[0] as string;
      const color = dimensions.find((d) => isCategorical(this.columns.get(d.column) as ColumnProfile));
      return {
        kind: 'plan',
        plan: {
          kind: 'scatter',
          measures: [
            { column: x, aggregate: 'sum' },
            { column: y, aggregate: 'sum' },
          ],
          ...(color ? { series: { column: color.column } } : {}),
          filters,
          chartType: 'scatter',
          chartTypeRule: chartWord === 'scatter' ? 'scatter asked for' : 'two measures against each other',
        },
      };
    }

    if (measures.length === 0) {
      // "show cars by origin": counting the rows of each group.
      measures.push({ column: null, aggregate: 'count' });
    }

    let [dimension, series] = this.orderDimensions(dimensions);
    // "price of amazon and ibm over time": several named values of one column are compared, one series each.
    const compared = filters.find((f) => f.op === 'in' && f.values.length > 1);
    if (!series && dimension && compared && compared.column !== dimension.column && measures.length === 1) {
      series = { column: compared.column };
    }
    const whichQuestion =
      ['which', 'what', 'who'].includes(this.word(0)) &&
      dimension !== undefined &&
      this.tokens.some((t) => DESC_WORDS.has(t.text) || ASC_WORDS.has(t.text) || t.text === 'common');
    if (whichQuestion && limit === undefined) {
      limit = 1;
      direction ??= this.tokens.some((t) => ASC_WORDS.has(t.text)) ? 'asc' : 'desc';
    }

    const plan: ChartPlan = {
      kind: 'aggregate',
      measures,
      ...(dimension ? { dimension } : {}),
      ...(series ? { series } : {}),
      filters,
      ...(direction || sortByLabel
        ? {
            sort: {
              by: sortByLabel ? 'label' : 'measure',
              direction: sortByLabel ? 'asc' : (direction ?? 'desc'),
            },
          }
        : {}),
      ...(limit !== undefined ? { limit } : {}),
      chartType: 'bar',
      chartTypeRule: '',
    };
    const wantsShare = this.tokens.some((t) => SHARE_WORDS.has(t.text));
    Object.assign(plan, chooseChartType(plan, this.table, chartWord, this.options.chartType, wantsShare));
    return { kind: 'plan', plan };
  }

  private orderDimensions(dimensions: Array<{ column: string; grain?: TimeGrain; at: number }>) {
    const cleaned = dimensions.map((d) => {
      const column = this.columns.get(d.column) as ColumnProfile;
      const grain =
        (d.grain as string) === 'auto'
          ? this.nativeGrain(column, dimensions.length, true)
          : !d.grain && isTemporal(column)
            ? this.nativeGrain(column, dimensions.length, false)
            : d.grain;
      return { column: d.column, ...(grain && isTemporal(column) ? { grain } : {}) };
    });
    // Time goes on the x axis; the other grouping becomes the series.
    const time = cleaned.findIndex(
      (d) => isTemporal(this.columns.get(d.column) as ColumnProfile) || /year/i.test(d.column),
    );
    if (cleaned.length > 1 && time > 0) {
      const [t] = cleaned.splice(time, 1);
      cleaned.unshift(t as (typeof cleaned)[number]);
    }
    return cleaned.slice(0, 2) as [(typeof cleaned)[number]?, (typeof cleaned)[number]?];
  }

  /**
   * The grain of a time axis the question does not name. Dates already one row per period
   * (monthly readings, yearly figures) are drawn as they are, one point each; so are the dates
   * of a column grouped by name ("by death date") when there are few enough. Otherwise a grain
   * that gives a readable number of points for the data's span.
   */
  private nativeGrain(column: ColumnProfile, groupings: number, overTime: boolean): TimeGrain {
    const native = { year: 'year', month: 'month', day: 'day' } as const;
    const precision = column.precision && column.precision !== 'time' ? native[column.precision] : undefined;
    if (!precision || column.uniqueValues === 0 || column.uniqueValues > 1000) return this.autoGrain();
    const series =
      groupings > 1
        ? Math.max(...this.table.columns.filter((c) => isCategorical(c)).map((c) => c.uniqueValues), 1)
        : 1;
    const oneRowPerPeriod = this.table.rows <= column.uniqueValues * series;
    return !overTime || oneRowPerPeriod ? precision : this.autoGrain();
  }

  /** A grain that gives a readable number of points for the data's span. */
  private autoGrain(): TimeGrain {
    const range = this.table.dateRange;
    if (!range) return 'month';
    const days = (Date.parse(range.max) - Date.parse(range.min)) / 86_400_000;
    if (days <= 62) return 'day';
    if (days <= 366) return 'week';
    if (days <= 366 * 12) return 'month';
    return 'year';
  }

  private hasDimensionCue(mention: Mention): boolean {
    const before = this.word(mention.start - 1);
    const before2 = this.word(mention.start - 2);
    // "by origin and year": the second grouping shares the first one's "by".
    if (before === 'and') {
      const previous = this.mentions.find((m) => m.end === mention.start - 1 && m.kind === 'column');
      if (previous && previous !== mention && this.hasDimensionCue(previous)) return true;
      if (GRAIN_WORDS[before2] && DIMENSION_CUES.has(this.word(mention.start - 3))) return true;
    }
    if (before === 'of' && before2 === 'number' && DIMENSION_CUES.has(this.word(mention.start - 3)))
      return true;
    return (
      DIMENSION_CUES.has(before) ||
      (before === 'the' && DIMENSION_CUES.has(before2)) ||
      (before === 'each' && before2 === 'for') ||
      (before === 'by' && ['colored', 'coloured', 'color', 'split', 'grouped', 'broken'].includes(before2)) ||
      (['which', 'what'].includes(before) && mention.start <= 1) ||
      this.word(mention.start + 1) === 'wise'
    );
  }

  private usedAsFilter(mention: Mention, filters: Filter[]): boolean {
    if (mention.filterOnly) return true;
    const column = mention.columns[0];
    return filters.some(
      (f) =>
        f.column === column &&
        f.op !== 'in' &&
        f.op !== 'not_in' &&
        f.op !== 'date_range' &&
        this.nearFilterWords(mention),
    );
  }

  private nearFilterWords(mention: Mention): boolean {
    for (
      let k = Math.max(0, mention.start - 4);
      k <= Math.min(this.tokens.length - 1, mention.end + 3);
      k += 1
    ) {
      if (this.isNumberAt(k) && this.used.has(k)) return true;
    }
    return false;
  }

  private isNumberAt(i: number): boolean {
    return /^\d+(\.\d+)?$/.test(this.word(i));
  }

  private numberAt(i: number): number | undefined {
    return this.isNumberAt(i) ? Number(this.word(i)) : undefined;
  }

  private columnNear(i: number, direction: 'before' | 'after'): ColumnProfile | undefined {
    const range = direction === 'after' ? [i, i + 1, i + 2] : [i, i - 1, i - 2];
    for (const k of range) {
      // "delayed by more than 60": a "by" right before the comparison measures, it does not group.
      if (k === i && direction === 'before' && this.word(k) === 'by') continue;
      // A grouping cue ends the search: in "over 75 by year", year is not what is compared.
      if (DIMENSION_CUES.has(this.word(k)) || this.word(k) === 'and') return undefined;
      const mention = this.mentions.find((m) => m.kind === 'column' && m.start <= k && k < m.end);
      if (mention) {
        const column = this.columns.get(mention.columns[0] as string);
        return column && isNumeric(column) ? column : undefined;
      }
    }
    return undefined;
  }

  /**
   * Whether a word may be guessed to stand for a value it does not spell ("amazon" for AMZN,
   * "rainy" for rain): not grammar or the reader's own words ("month" is not MOT), not an
   * inflected verb or adjective ("delayed"), not the table's own name.
   */
  private mayStandForValue(token: Token): boolean {
    if (token.text.length < 4 || FUNCTION_WORDS.has(token.text) || this.namesTable(token)) return false;
    const lexicon = this.options.lexicon;
    if (!lexicon) return true;
    const inflected = (['verb', 'adj'] as const).some((pos) =>
      lexicon.baseForms(token.text, pos).some((base) => base !== token.text),
    );
    return !inflected;
  }

  /**
   * Whether a word means a one-word value through English: a synonym, or a kind of it ("women"
   * are female, so `Female`). Only guessed, so it yields to any column name (see `strength`).
   */
  private meansValue(token: Token, value: string): boolean {
    const lexicon = this.options.lexicon;
    const v = value.toLowerCase();
    if (!lexicon || !/^[a-z]{3,}$/.test(v) || !this.mayStandForValue(token)) return false;
    return lexicon.synonymous(token.text, v) || lexicon.isKindOf(token.text, v);
  }

  /** Whether a word is (part of) the data source's own name ("penguins", "strikes" of birdstrikes). */
  private namesTable(token: Token): boolean {
    const name = (this.options.tableName ?? '').toLowerCase();
    if (name === '' || token.text.length < 3) return false;
    return name
      .split(/[^a-z0-9]+/)
      .filter((t) => t.length >= 3)
      .some(
        (t) =>
          t === token.text ||
          stem(t) === token.stem ||
          stem(t).endsWith(token.stem) ||
          (token.text.length >= 4 && t.startsWith(token.text)),
      );
  }

  /** The order a superlative adjective asks for ("fastest" → desc, "youngest" → asc), when the word is one. */
  private superlativeDirection(word: string): 'asc' | 'desc' | undefined {
    if (
      !/est$/.test(word) ||
      word.length < 5 ||
      ['least', 'latest', 'interest', 'best', 'rest', 'west', 'test'].includes(word)
    )
      return undefined;
    if (LOW_SUPERLATIVES.has(word)) return 'asc';
    const lexicon = this.options.lexicon;
    if (!lexicon) return undefined;
    return lexicon.baseForms(word, 'adj').some((b) => b !== word) ? 'desc' : undefined;
  }

  /** The one numeric column measured in the unit written at i ("5000 g", "200 knots"). */
  private columnByUnit(i: number): ColumnProfile | undefined {
    const written = this.word(i);
    const unit = UNIT_WORDS[written] ?? (written in UNITS ? written : undefined);
    if (!unit) return undefined;
    const measured = this.table.columns.filter((c) => isNumeric(c) && nameParts(c.name).units.includes(unit));
    return measured.length === 1 ? measured[0] : undefined;
  }

  /** The one numeric column named by the attribute a comparative measures ("younger" → age, "heavier" → weight). */
  private columnByAttribute(comparative: string): ColumnProfile | undefined {
    const lexicon = this.options.lexicon;
    if (!lexicon || !/er$/.test(comparative)) return undefined;
    const attributes = lexicon.attributeNouns(comparative);
    const named = this.table.columns.filter(
      (c) => isNumeric(c) && nameParts(c.name).words.some((w) => attributes.includes(w)),
    );
    return named.length === 1 ? named[0] : undefined;
  }

  private markColumnUsed(column: string, near: number): void {
    const mention = this.mentions.find(
      (m) => m.kind === 'column' && m.columns[0] === column && Math.abs(m.start - near) <= 3,
    );
    if (mention) mention.filterOnly = true;
  }

  /** The filter a time phrase makes on a column, or undefined when that column cannot take it. */
  private timeFilter(filter: TimeFilter, column: ColumnProfile): Filter | undefined {
    if (filter.months) {
      // A year number has no months: "in July" on a table of years is not understood.
      return isTemporal(column)
        ? { op: 'months', column: column.name, months: filter.months, rule: filter.rule }
        : undefined;
    }
    if (isTemporal(column)) {
      return {
        op: 'date_range',
        column: column.name,
        ...(filter.from ? { from: filter.from } : {}),
        ...(filter.to ? { to: filter.to } : {}),
        rule: filter.rule,
      };
    }
    // An integer year column: the same range as whole years.
    const fromYear = filter.from ? Number(filter.from.slice(0, 4)) : undefined;
    const toYear = filter.to
      ? Number(filter.to.slice(0, 4)) - (filter.to.slice(5, 10) === '01-01' ? 1 : 0)
      : undefined;
    if (fromYear !== undefined && toYear !== undefined && fromYear === toYear) {
      return { op: 'eq', column: column.name, value: fromYear, rule: filter.rule };
    }
    if (fromYear !== undefined && toYear !== undefined) {
      return { op: 'in', column: column.name, values: range(fromYear, toYear), rule: filter.rule };
    }
    if (fromYear !== undefined) return { op: 'gte', column: column.name, value: fromYear, rule: filter.rule };
    return { op: 'lte', column: column.name, value: toYear ?? 0, rule: filter.rule };
  }

  /** Content words in measure-like places that no column or value explains. */
  private missingTerms(): string[] {
    const missing: string[] = [];
    for (let i = 0; i < this.tokens.length; i += 1) {
      const w = this.word(i);
      if (this.used.has(i) || STOPWORDS.has(w) || this.isNumberAt(i) || w.length < 3) continue;
      const prev = this.word(i - 1);
      const afterAggregation =
        prev in AGGREGATION_WORDS || (prev === 'the' && this.word(i - 2) in AGGREGATION_WORDS);
      const afterShow =
        ['show', 'plot', 'chart', 'graph', 'display', 'visualize', 'visualise'].includes(this.word(0)) &&
        (i === 1 ||
          (i === 2 && ['me', 'the', 'my', 'our'].includes(this.word(1))) ||
          (i === 3 && this.word(1) === 'me' && this.word(2) === 'the'));
      const afterBy = prev === 'by' || prev === 'per';
      // "what drives profit", "drivers of churn": the measure a driver question explains.
      const afterDriver =
        DRIVER_WORDS.has(prev) ||
        (['of', 'behind', 'our', 'the', 'my'].includes(prev) && DRIVER_WORDS.has(this.word(i - 2))) ||
        (['our', 'the', 'my'].includes(prev) && DRIVER_WORDS.has(this.word(i - 3)));
      if (
        (afterAggregation || afterShow || afterBy || afterDriver) &&
        !(w in AGGREGATION_WORDS) &&
        !(w in GRAIN_WORDS) &&
        !(w in CHART_WORDS)
      ) {
        missing.push(w);
      }
    }
    return missing;
  }

  private clarify(mention: Mention): Reading {
    const raw = this.tokens
      .slice(mention.start, mention.end)
      .map((t) => t.raw)
      .join(' ');
    // Each candidate is the question with the span replaced by one column's full name; words of
    // that name right beside the span are dropped, so "beak depth" never reads "Beak Depth (mm) depth".
    const candidates = mention.columns.map((column) => {
      const own = new Set(nameParts(column).words.map(stem));
      let start = mention.start;
      let end = mention.end;
      while (start > 0 && own.has(this.tokens[start - 1]?.stem ?? '')) start -= 1;
      while (end < this.tokens.length && own.has(this.tokens[end]?.stem ?? '')) end += 1;
      const value = mention.values.get(column);
      const replacement = mention.kind === 'value' ? `${column} ${value ?? raw}` : column;
      return [
        ...this.tokens.slice(0, start).map((t) => t.raw),
        replacement,
        ...this.tokens.slice(end).map((t) => t.raw),
      ].join(' ');
    });
    return {
      kind: 'clarification',
      reason:
        mention.kind === 'value'
          ? `"${raw}" is a value of several columns: ${mention.columns.join(', ')}`
          : `"${raw}" could mean several columns: ${mention.columns.join(', ')}`,
      candidates,
    };
  }

  private unanswerable(message: string, missing: string[]): Reading {
    const available = this.table.columns.map((c) => `${c.name} (${c.type})`);
    return {
      kind: 'unanswerable',
      message: `${message}. The table has: ${available.join(', ')}`,
      missing,
      available: this.table.columns.map((c) => c.name),
    };
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/**
 * The chart type: an explicit request wins when it fits the data; otherwise time on x → line,
 * shares of few categories → pie, categories → bar.
 */
export function chooseChartType(
  plan: ChartPlan,
  table: TableProfile,
  asked: ChartType | 'histogram' | undefined,
  requestType: ChartType | 'auto' | undefined,
  wantsShare: boolean,
): { chartType: ChartType; chartTypeRule: string } {
  const dimension = plan.dimension ? table.columns.find((c) => c.name === plan.dimension?.column) : undefined;
  const timeAxis =
    dimension !== undefined &&
    ((isTemporal(dimension) &&
      plan.dimension?.grain !== 'month_of_year' &&
      plan.dimension?.grain !== 'weekday' &&
      plan.dimension?.grain !== 'hour') ||
      (dimension.type === 'integer' && /year/i.test(dimension.name)));
  const explicit =
    requestType && requestType !== 'auto' ? requestType : asked === 'histogram' ? undefined : asked;
  if (explicit) {
    const fits =
      explicit === 'bar' ||
      (explicit === 'line' && plan.dimension !== undefined) ||
      ((explicit === 'pie' || explicit === 'doughnut') &&
        plan.dimension !== undefined &&
        plan.measures.length === 1 &&
        !plan.series) ||
      (explicit === 'scatter' && plan.kind === 'scatter');
    if (fits) return { chartType: explicit, chartTypeRule: `${explicit} asked for` };
  }
  const fallback = explicit ? `; ${explicit} does not fit this data` : '';
  if (timeAxis && plan.sort?.by !== 'measure')
    return { chartType: 'line', chartTypeRule: `time on the x axis → line${fallback}` };
  // A month-of-year, weekday or hour axis has as many categories as its grain, whatever the dates.
  const grainCategories: Partial<Record<TimeGrain, number>> = { month_of_year: 12, weekday: 7, hour: 24 };
  const categories =
    (plan.dimension?.grain ? grainCategories[plan.dimension.grain] : undefined) ?? dimension?.uniqueValues;
  const few = dimension
    ? (categories ?? Number.POSITIVE_INFINITY) <= 8 || (plan.limit !== undefined && plan.limit <= 8)
    : false;
  if (wantsShare && dimension && few && plan.measures.length === 1 && !plan.series) {
    return { chartType: 'pie', chartTypeRule: `shares of a few categories → pie${fallback}` };
  }
  return {
    chartType: 'bar',
    chartTypeRule: `${dimension ? 'categories' : 'a single value'} → bar${fallback}`,
  };
}

/** Reads a question against a table's profile: a plan to run, a question back, or what is missing. */
export function readQuestion(question: string, table: TableProfile, options: ReadOptions): Reading {
  return new QuestionReader(question, table, options).read();
}
