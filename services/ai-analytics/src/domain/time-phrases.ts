import type { ColumnProfile, TableProfile } from './table-profile.js';
import { MONTHS } from './vocabulary.js';

/** A resolved date range: inclusive `from`, exclusive `to` (ISO dates), and how it was read. */
export interface TimeFilter {
  from?: string;
  to?: string;
  /** Calendar months in any year ("in July", "from March to June"), instead of a range. */
  months?: number[];
  rule: string;
}

/** A time phrase found at word positions [start, end). */
export interface TimePhrase {
  start: number;
  end: number;
  filter: TimeFilter;
}

const UNITS: Record<string, 'day' | 'week' | 'month' | 'quarter' | 'year'> = {
  day: 'day',
  days: 'day',
  week: 'week',
  weeks: 'week',
  month: 'month',
  months: 'month',
  quarter: 'quarter',
  quarters: 'quarter',
  year: 'year',
  years: 'year',
};

const COMPARISON_WORDS = new Set([
  'than',
  'over',
  'above',
  'under',
  'below',
  'least',
  'most',
  'exactly',
  'to',
  '<',
  '>',
  '<=',
  '>=',
  '=',
]);

/** Whether a year lies within (or next to) the years the time column covers. */
function yearInData(year: number, table: TableProfile, column: ColumnProfile): boolean {
  const span =
    table.dateRange?.column === column.name
      ? [Number(table.dateRange.min.slice(0, 4)), Number(table.dateRange.max.slice(0, 4))]
      : column.min !== undefined && column.max !== undefined
        ? [column.min, column.max]
        : undefined;
  return span === undefined || (year >= (span[0] as number) - 1 && year <= (span[1] as number) + 1);
}

const MONTH_NAMES = new Set([
  'jan',
  'january',
  'feb',
  'february',
  'mar',
  'march',
  'apr',
  'april',
  'may',
  'jun',
  'june',
  'jul',
  'july',
  'aug',
  'august',
  'sep',
  'sept',
  'september',
  'oct',
  'october',
  'nov',
  'november',
  'dec',
  'december',
]);
const ORDINALS: Record<string, string> = { first: '1', second: '2', third: '3', fourth: '4' };

function iso(year: number, month = 0, day = 1): string {
  return new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
}

function yearOf(word: string | undefined): number | undefined {
  if (!word || !/^\d{4}$/.test(word)) return undefined;
  const year = Number(word);
  return year >= 1000 && year <= 2999 ? year : undefined;
}

/**
 * The date relative phrases count back from: the data's latest date, unless the data reaches
 * today, in which case today. Returned with the words the receipt uses for it.
 */
export function timeAnchor(
  table: TableProfile,
  column: ColumnProfile,
  now: Date,
): { date: Date; rule: string } {
  const latest =
    table.dateRange?.column === column.name
      ? new Date(table.dateRange.max)
      : column.type === 'integer' && typeof column.max === 'number'
        ? new Date(Date.UTC(column.max, 11, 31))
        : undefined;
  if (!latest || Number.isNaN(latest.getTime()) || latest.getTime() >= now.getTime() - 86_400_000) {
    return { date: now, rule: `relative to today (${now.toISOString().slice(0, 10)})` };
  }
  return {
    date: latest,
    rule: `relative to the data's latest date (${latest.toISOString().slice(0, 10)}), since the data ends before today`,
  };
}

/** Finds and resolves the time phrases of a question's words ("in 2012", "since 2008", "the 1970s", "last 6 months"). */
export function resolveTimePhrase(
  words: string[],
  table: TableProfile,
  column: ColumnProfile,
  now: Date,
): TimePhrase[] {
  const found: TimePhrase[] = [];
  const taken = new Set<number>();
  const take = (start: number, end: number, filter: TimeFilter) => {
    for (let i = start; i < end; i += 1) if (taken.has(i)) return;
    for (let i = start; i < end; i += 1) taken.add(i);
    found.push({ start, end, filter });
  };
  const anchor = () => timeAnchor(table, column, now);

  const monthAt = (k: number) => {
    const word = words[k] ?? '';
    return MONTHS.findIndex((m) => word.startsWith(m) && word.length <= 9 && MONTH_NAMES.has(word));
  };
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i] as string;
    const next = words[i + 1];
    // Quarters: "Q3 2014", "q3 of 2014", "the third quarter of 2014".
    const quarterWord = /^q([1-4])$/.exec(w)?.[1] ?? ORDINALS[w];
    const quarterYearAt = /^q[1-4]$/.test(w)
      ? next === 'of' || next === 'in'
        ? i + 2
        : i + 1
      : next === 'quarter' && ['of', 'in'].includes(words[i + 2] ?? '')
        ? i + 3
        : -1;
    if (
      quarterWord !== undefined &&
      quarterYearAt > 0 &&
      yearOf(words[quarterYearAt]) !== undefined &&
      Number(quarterWord) <= 4
    ) {
      const y = yearOf(words[quarterYearAt]) as number;
      const q = Number(quarterWord);
      take(words[i - 1] === 'the' ? i - 1 : i, quarterYearAt + 1, {
        from: iso(y, (q - 1) * 3),
        to: iso(y, q * 3),
        rule: `Q${q} ${y}: ${iso(y, (q - 1) * 3)} to ${iso(y, q * 3)} (exclusive)`,
      });
      continue;
    }
    // Halves: "the first half of 2016", "H2 2015".
    const half =
      /^h([12])$/.exec(w)?.[1] ??
      (next === 'half' && ['first', 'second'].includes(w) ? (w === 'first' ? '1' : '2') : undefined);
    const halfYearAt = /^h[12]$/.test(w)
      ? next === 'of'
        ? i + 2
        : i + 1
      : next === 'half' && words[i + 2] === 'of'
        ? i + 3
        : -1;
    if (half && halfYearAt > 0 && yearOf(words[halfYearAt]) !== undefined) {
      const y = yearOf(words[halfYearAt]) as number;
      const h = Number(half);
      take(words[i - 1] === 'the' ? i - 1 : i, halfYearAt + 1, {
        from: iso(y, (h - 1) * 6),
        to: iso(y, h * 6),
        rule: `the ${h === 1 ? 'first' : 'second'} half of ${y}: ${iso(y, (h - 1) * 6)} to ${iso(y, h * 6)} (exclusive)`,
      });
      continue;
    }
    // Month ranges: "from March to June 2014", "between March and June 2014", "March to June 2014".
    const firstMonth = monthAt(['from', 'between'].includes(w) ? i + 1 : i);
    const rangeAt = ['from', 'between'].includes(w) ? i + 1 : i;
    if (
      firstMonth >= 0 &&
      ['to', 'through', 'and', 'until', 'till'].includes(words[rangeAt + 1] ?? '') &&
      monthAt(rangeAt + 2) >= 0 &&
      yearOf(words[rangeAt + 3]) !== undefined
    ) {
      const y = yearOf(words[rangeAt + 3]) as number;
      const lastMonth = monthAt(rangeAt + 2);
      const endYear = lastMonth < firstMonth ? y : y;
      const startYear = lastMonth < firstMonth ? y - 1 : y;
      take(words[i - 1] === 'in' ? i - 1 : i, rangeAt + 4, {
        from: iso(startYear, firstMonth),
        to: iso(endYear, lastMonth + 1),
        rule: `${MONTHS[firstMonth]} to ${MONTHS[lastMonth]} ${y}: ${iso(startYear, firstMonth)} to ${iso(endYear, lastMonth + 1)} (exclusive), both months included`,
      });
      continue;
    }
    // "in July", "during December", "from March to June": months of any year.
    const onlyMonth = monthAt(i);
    const lead = words[i - 1] ?? '';
    if (onlyMonth >= 0 && ['in', 'during', 'from', 'between'].includes(lead) && yearOf(next) === undefined) {
      const ranged =
        ['to', 'through', 'until', 'and'].includes(next ?? '') &&
        monthAt(i + 2) >= 0 &&
        yearOf(words[i + 3]) === undefined;
      // "from March" alone is not a month filter; "from March to June" is.
      if (!ranged && (lead === 'from' || lead === 'between')) continue;
      const last = ranged ? monthAt(i + 2) : onlyMonth;
      const months: number[] = [];
      for (let m = onlyMonth; ; m = (m + 1) % 12) {
        months.push(m + 1);
        if (m === last || months.length === 12) break;
      }
      take(i - 1, ranged ? i + 3 : i + 1, {
        months,
        rule: `${months.map((m) => MONTHS[m - 1]).join(', ')} of every year in the data`,
      });
      continue;
    }
    // "yesterday", "today", "year to date".
    if (w === 'yesterday' || w === 'today') {
      const { date, rule } = anchor();
      const back = w === 'yesterday' ? 1 : 0;
      const day = {
        from: iso(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - back),
        to: iso(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - back + 1),
      };
      take(i, i + 1, { ...day, rule: `${w}: ${day.from}, ${rule}` });
      continue;
    }
    if ((w === 'year' && next === 'to' && words[i + 2] === 'date') || w === 'ytd') {
      const { date, rule } = anchor();
      const ytd = {
        from: iso(date.getUTCFullYear()),
        to: iso(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1),
      };
      take(i, w === 'ytd' ? i + 1 : i + 3, {
        ...ytd,
        rule: `year to date: ${ytd.from} to ${ytd.to} (exclusive), ${rule}`,
      });
      continue;
    }
    // "1978 or later", "2005 or earlier", "2010 and after".
    const open = yearOf(w);
    if (
      open !== undefined &&
      ['or', 'and'].includes(next ?? '') &&
      ['later', 'after', 'since', 'earlier', 'before'].includes(words[i + 2] ?? '')
    ) {
      const later = ['later', 'after', 'since'].includes(words[i + 2] as string);
      take(
        i,
        i + 3,
        later
          ? { from: iso(open), rule: `${open} or later: from ${iso(open)} on` }
          : { to: iso(open + 1), rule: `${open} or earlier: up to the end of ${open}` },
      );
      continue;
    }
    // Ranges first: "between 1995 and 2005", "from 2010 to 2012", "1995 to 2005".
    const rangeStart = ['between', 'from'].includes(w) ? yearOf(next) : undefined;
    const rangeEnd = yearOf(words[i + 3]);
    if (
      rangeStart !== undefined &&
      rangeEnd !== undefined &&
      ['and', 'to', 'through', 'until', 'till'].includes(words[i + 2] ?? '')
    ) {
      take(i, i + 4, {
        from: iso(rangeStart),
        to: iso(rangeEnd + 1),
        rule: `${w} ${rangeStart} and ${rangeEnd}: whole years ${rangeStart}–${rangeEnd}, both included`,
      });
      continue;
    }
    const bare = yearOf(w);
    if (
      bare !== undefined &&
      ['to', 'through', 'until'].includes(next ?? '') &&
      yearOf(words[i + 2]) !== undefined
    ) {
      const end = yearOf(words[i + 2]) as number;
      take(i, i + 3, { from: iso(bare), to: iso(end + 1), rule: `${bare} to ${end}: both years included` });
      continue;
    }
    // Decades: "the 1970s", "70s".
    const decade = /^(\d{2}|\d{4})s$/.exec(w);
    if (decade) {
      const digits = decade[1] as string;
      const start = digits.length === 4 ? Number(digits) : 1900 + Number(digits);
      if (start % 10 === 0) {
        take(words[i - 1] === 'the' ? i - 1 : i, i + 1, {
          from: iso(start),
          to: iso(start + 10),
          rule: `the ${start}s: ${start}–${start + 9}`,
        });
      }
      continue;
    }
    // "since 2008", "after 2005", "before 2000", "until 2010", "in 2012".
    const year = yearOf(next);
    if (year !== undefined) {
      if (w === 'since' || (w === 'from' && ['onwards', 'onward', 'on'].includes(words[i + 2] ?? ''))) {
        take(i, i + 2 + (w === 'from' ? 1 : 0), {
          from: iso(year),
          rule: `since ${year}: from ${iso(year)} on`,
        });
        continue;
      }
      if (w === 'after') {
        take(i, i + 2, { from: iso(year + 1), rule: `after ${year}: from ${iso(year + 1)} on` });
        continue;
      }
      if (w === 'before') {
        take(i, i + 2, { to: iso(year), rule: `before ${year}: up to ${iso(year)}, excluded` });
        continue;
      }
      if (['until', 'through', 'till'].includes(w)) {
        take(i, i + 2, { to: iso(year + 1), rule: `${w} ${year}: up to the end of ${year}` });
        continue;
      }
    }
    // "in March 2012", "in 2012", "during 2012", "for 2012", bare "2012".
    const monthIndex = MONTHS.findIndex((m) => w.startsWith(m) && w.length <= 9);
    if (
      monthIndex >= 0 &&
      yearOf(next) !== undefined &&
      ['in', 'during', 'for', 'of'].includes(words[i - 1] ?? '')
    ) {
      const y = yearOf(next) as number;
      take(i - 1, i + 2, {
        from: iso(y, monthIndex),
        to: iso(y, monthIndex + 1),
        rule: `${MONTHS[monthIndex]} ${y}: that calendar month`,
      });
      continue;
    }
    if (bare !== undefined) {
      const cue = ['in', 'during', 'for', 'of', 'year'].includes(words[i - 1] ?? '');
      // A number compared or measured ("less than 2500 lbs") is not a year; a bare one must fall in the data's years.
      if (COMPARISON_WORDS.has(words[i - 1] ?? '') || (!cue && !yearInData(bare, table, column))) continue;
      take(cue ? i - 1 : i, i + 1, {
        from: iso(bare),
        to: iso(bare + 1),
        rule: `in ${bare}: the calendar year ${bare}`,
      });
      continue;
    }
    // "last 6 months", "past 2 years", "previous 30 days".
    if (
      ['last', 'past', 'previous', 'recent'].includes(w) &&
      /^\d+$/.test(next ?? '') &&
      UNITS[words[i + 2] ?? '']
    ) {
      const n = Number(next);
      const unit = UNITS[words[i + 2] as string] as string;
      const { date, rule } = anchor();
      const window = trailingWindow(date, n, unit);
      take(words[i - 1] === 'the' ? i - 1 : i, i + 3, {
        ...window,
        rule: `last ${n} ${unit}s: ${window.from} to ${window.to} (exclusive), ${rule}`,
      });
      continue;
    }
    // "last year", "this year", "last month", "this month".
    if (
      ['last', 'previous', 'this', 'current'].includes(w) &&
      ['year', 'month', 'quarter'].includes(next ?? '') &&
      words[i + 2] !== 'in'
    ) {
      const { date, rule } = anchor();
      const y = date.getUTCFullYear();
      const m = date.getUTCMonth();
      // "last year" is the latest complete one: the anchor's own year when the anchor is its last day.
      const lastDay = new Date(Date.UTC(y, m, date.getUTCDate() + 1));
      const complete =
        next === 'year'
          ? lastDay.getUTCFullYear() !== y
          : next === 'month'
            ? lastDay.getUTCMonth() !== m
            : Math.floor(lastDay.getUTCMonth() / 3) !== Math.floor(m / 3) || lastDay.getUTCFullYear() !== y;
      const back = w === 'this' || w === 'current' || complete ? 0 : 1;
      const filter =
        next === 'year'
          ? { from: iso(y - back), to: iso(y - back + 1) }
          : next === 'quarter'
            ? {
                from: iso(y, Math.floor(m / 3) * 3 - back * 3),
                to: iso(y, Math.floor(m / 3) * 3 - back * 3 + 3),
              }
            : { from: iso(y, m - back), to: iso(y, m - back + 1) };
      take(i, i + 2, {
        ...filter,
        rule: `${w} ${next}: ${filter.from} to ${filter.to} (exclusive), ${rule}`,
      });
      continue;
    }
    // "the most recent year", "the latest month", "the last year in the data".
    const recent =
      (w === 'most' && next === 'recent') || w === 'latest'
        ? w === 'most'
          ? words[i + 2]
          : next
        : w === 'last' && ['year', 'month'].includes(next ?? '') && words[i + 2] === 'in'
          ? next
          : undefined;
    if (recent === 'year' || recent === 'month') {
      const { date } = anchor();
      const y = date.getUTCFullYear();
      const m = date.getUTCMonth();
      const filter =
        recent === 'year' ? { from: iso(y), to: iso(y + 1) } : { from: iso(y, m), to: iso(y, m + 1) };
      const end = w === 'most' ? i + 3 : w === 'latest' ? i + 2 : i + 2;
      take(words[i - 1] === 'the' ? i - 1 : i, end, {
        ...filter,
        rule: `the most recent ${recent} in the data: ${filter.from} to ${filter.to} (exclusive)`,
      });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function trailingWindow(anchor: Date, n: number, unit: string): { from: string; to: string } {
  const y = anchor.getUTCFullYear();
  const m = anchor.getUTCMonth();
  const d = anchor.getUTCDate();
  switch (unit) {
    case 'day':
      return { from: iso(y, m, d - n + 1), to: iso(y, m, d + 1) };
    case 'week':
      return { from: iso(y, m, d - 7 * n + 1), to: iso(y, m, d + 1) };
    case 'quarter': {
      const q = Math.floor(m / 3) * 3;
      return { from: iso(y, q - 3 * (n - 1)), to: iso(y, q + 3) };
    }
    case 'year':
      return { from: iso(y - n + 1), to: iso(y + 1) };
    default:
      return { from: iso(y, m - n + 1), to: iso(y, m + 1) };
  }
}
