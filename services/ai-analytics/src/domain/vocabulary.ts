import type { Aggregate, ChartType, TimeGrain } from './chart-plan.js';

/** A word as the engine compares it: lower-cased and singular ("cars" → "car", "cities" → "city"). */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Splits a column name into words: `Miles_per_Gallon` → miles per gallon, `lifeExpect` → life expect, `CO2` → co2. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Units, as they appear in column names, and what they measure. */
export const UNITS: Record<
  string,
  'length' | 'mass' | 'money' | 'time' | 'share' | 'level' | 'speed' | 'temperature'
> = {
  mm: 'length',
  cm: 'length',
  km: 'length',
  m: 'length',
  in: 'length',
  ft: 'length',
  mi: 'length',
  g: 'mass',
  kg: 'mass',
  mg: 'mass',
  lb: 'mass',
  lbs: 'mass',
  oz: 'mass',
  t: 'mass',
  usd: 'money',
  eur: 'money',
  gbp: 'money',
  $: 'money',
  '€': 'money',
  '£': 'money',
  min: 'time',
  mins: 'time',
  minutes: 'time',
  sec: 'time',
  secs: 'time',
  seconds: 'time',
  ms: 'time',
  hrs: 'time',
  hours: 'time',
  days: 'time',
  '%': 'share',
  pct: 'share',
  percent: 'share',
  ppm: 'level',
  ppb: 'level',
  knots: 'speed',
  kts: 'speed',
  mph: 'speed',
  kmh: 'speed',
  c: 'temperature',
  f: 'temperature',
};

/** Unit words a question may use for a unit ("5000 g", "in grams", "in knots"). */
export const UNIT_WORDS: Record<string, string> = {
  gram: 'g',
  grams: 'g',
  kilogram: 'kg',
  kilograms: 'kg',
  kilo: 'kg',
  kilos: 'kg',
  pound: 'lbs',
  pounds: 'lbs',
  millimeter: 'mm',
  millimeters: 'mm',
  millimetre: 'mm',
  millimetres: 'mm',
  centimeter: 'cm',
  centimeters: 'cm',
  kilometer: 'km',
  kilometers: 'km',
  knot: 'knots',
  dollar: '$',
  dollars: '$',
  euro: 'eur',
  euros: 'eur',
  minute: 'min',
  minutes: 'min',
  second: 'sec',
  seconds: 'sec',
  percent: '%',
  ppm: 'ppm',
};

/** A column name read as words: the words that name it, and the units it is measured in. */
export interface NameParts {
  readonly words: readonly string[];
  readonly units: readonly string[];
}

/**
 * Splits a column name into the words that name it and its units: `Beak Length (mm)` → beak
 * length + mm, `Cost Total $` → cost total + $, `Speed IAS in knots` → speed ias + knots.
 */
export function nameParts(name: string): NameParts {
  // Asked for the same few column names many times a question: worked out once per name.
  let parts = namePartsCache.get(name);
  if (!parts) {
    parts = splitName(name);
    if (namePartsCache.size > 10_000) namePartsCache.clear();
    namePartsCache.set(name, parts);
  }
  return parts;
}

const namePartsCache = new Map<string, NameParts>();

function splitName(name: string): NameParts {
  const units: string[] = [];
  let core = name.replace(/[([]([^)\]]*)[)\]]/g, (_, inner: string) => {
    for (const w of inner.toLowerCase().split(/[^a-z0-9$%€£]+/)) if (w !== '') units.push(w);
    return ' ';
  });
  core = core.replace(/[$%€£]/g, (symbol) => {
    units.push(symbol);
    return ' ';
  });
  const words = nameWords(core);
  // Trailing unit words: "Running Time min", "Speed IAS in knots", "weight_kg".
  while (words.length > 1) {
    const last = words.at(-1) as string;
    // "min" and "max" after a name are more often the statistic (temp_min) than minutes.
    if (!(last in UNITS) || ['in', 'm', 't', 'c', 'f', 'min', 'max'].includes(last)) break;
    units.unshift(last);
    words.pop();
    if (words.at(-1) === 'in' && words.length > 1) words.pop();
  }
  return { words, units };
}

/** Words that join others in names and questions but never name anything alone. */
export const STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'in',
  'on',
  'per',
  'for',
  'to',
  'and',
  'or',
  'by',
  'with',
  'at',
  'from',
  'is',
  'are',
  'was',
  'were',
  'be',
  'me',
  'show',
  'plot',
  'chart',
  'graph',
  'give',
  'list',
  'display',
  'draw',
  'what',
  'which',
  'how',
  'do',
  'does',
  'did',
  'that',
  'this',
  'it',
  'its',
  'their',
  'there',
  'as',
  'each',
  'all',
  'i',
  'we',
  'you',
  'can',
  'please',
  'data',
  'value',
  'values',
  'number',
  'compare',
  'across',
  'over',
  'versus',
  'vs',
  'against',
  'between',
  'than',
  'more',
  'less',
  'have',
  'has',
  'had',
  'where',
  'when',
  'who',
  'get',
  'see',
  'want',
  'need',
  'let',
  'us',
  'into',
  'among',
  'every',
  'record',
  'row',
  'rows',
  'entry',
  'entries',
  'item',
  'items',
  'time',
  'breakdown',
  'break',
  'down',
  'split',
  'grouped',
  'group',
  'trend',
  'trends',
  'change',
  'changes',
  'changed',
  'distribution',
  'evolution',
  'evolve',
  'evolved',
  'overall',
  'together',
  'also',
  'both',
  'only',
  'just',
  'then',
  'so',
  'about',
  'like',
  'look',
  'looks',
  'vary',
  'varies',
  'order',
  'ordered',
  'sorted',
  'sort',
  'ranked',
  'rank',
  'top',
  'bottom',
  'first',
  'last',
]);

/** Word synonyms used inside names (`temp_max` is also "maximum temperature"). */
export const WORD_SYNONYMS: Record<string, readonly string[]> = {
  temp: ['temperature'],
  max: ['maximum', 'high', 'highest'],
  min: ['minimum', 'low', 'lowest'],
  avg: ['average', 'mean'],
  qty: ['quantity'],
  lbs: ['pound'],
  amt: ['amount'],
  num: ['number'],
  pct: ['percent', 'percentage'],
  cnt: ['count'],
  dt: ['date'],
  yr: ['year'],
};

/** Words naming an aggregation, with the aggregation they mean. */
export const AGGREGATION_WORDS: Record<string, Aggregate> = {
  total: 'sum',
  sum: 'sum',
  overall: 'sum',
  combined: 'sum',
  cumulative: 'sum',
  average: 'avg',
  avg: 'avg',
  mean: 'avg',
  typical: 'avg',
  median: 'median',
  maximum: 'max',
  max: 'max',
  highest: 'max',
  largest: 'max',
  biggest: 'max',
  peak: 'max',
  minimum: 'min',
  min: 'min',
  lowest: 'min',
  smallest: 'min',
};

/**
 * Words that mark a measure which does not add up (averaged by default, not summed). Matched
 * against a column's whole words, never as substrings (`population` is not `lat`).
 */
export const NON_ADDITIVE_WORDS = new Set([
  'price',
  'prices',
  'rate',
  'rates',
  'ratio',
  'percent',
  'percentage',
  'pct',
  'share',
  'temp',
  'temperature',
  'mpg',
  'speed',
  'velocity',
  'wind',
  'age',
  'score',
  'rating',
  'acceleration',
  'horsepower',
  'power',
  'displacement',
  'weight',
  'mass',
  'height',
  'width',
  'length',
  'depth',
  'expect',
  'expectancy',
  'fertility',
  'density',
  'average',
  'avg',
  'mean',
  'median',
  'index',
  'level',
  'concentration',
  'lat',
  'latitude',
  'lon',
  'lng',
  'longitude',
  'elevation',
  'altitude',
  'duration',
  'pressure',
  'humidity',
  'cylinders',
  'grade',
  'margin',
  'efficiency',
  'probability',
  'per',
  'yield',
  'capita',
  'gpa',
  'bmi',
]);

/** Integer columns that name a part of a date: grouped by and filtered on, never summed. */
export const TIME_PART_WORDS = new Set(['year', 'month', 'day', 'week', 'quarter', 'hour', 'weekday', 'yr']);

/** Words that pick a time grain. */
export const GRAIN_WORDS: Record<string, TimeGrain> = {
  year: 'year',
  yearly: 'year',
  annual: 'year',
  annually: 'year',
  quarter: 'quarter',
  quarterly: 'quarter',
  month: 'month',
  monthly: 'month',
  week: 'week',
  weekly: 'week',
  weekday: 'weekday',
  day: 'day',
  daily: 'day',
  date: 'day',
  hour: 'hour',
  hourly: 'hour',
};

/** Words that ask for a chart type. */
export const CHART_WORDS: Record<string, ChartType | 'histogram'> = {
  bar: 'bar',
  bars: 'bar',
  column: 'bar',
  columns: 'bar',
  line: 'line',
  lines: 'line',
  area: 'line',
  pie: 'pie',
  doughnut: 'doughnut',
  donut: 'doughnut',
  scatter: 'scatter',
  scatterplot: 'scatter',
  histogram: 'histogram',
};

/** Nationality words and the place names they mean ("Japanese cars" are cars from Japan). */
export const DEMONYMS: Record<string, readonly string[]> = {
  american: ['usa', 'us', 'united states', 'america'],
  japanese: ['japan'],
  european: ['europe'],
  german: ['germany'],
  french: ['france'],
  british: ['uk', 'united kingdom', 'britain', 'great britain'],
  english: ['england'],
  chinese: ['china'],
  indian: ['india'],
  italian: ['italy'],
  spanish: ['spain'],
  canadian: ['canada'],
  mexican: ['mexico'],
  brazilian: ['brazil'],
  korean: ['korea', 'south korea'],
  swedish: ['sweden'],
  dutch: ['netherlands'],
  russian: ['russia'],
  australian: ['australia'],
  asian: ['asia'],
  african: ['africa'],
};

export const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
] as const;
export const MONTH_LABELS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];
export const WEEKDAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
