// The third held-out batch: written after the second round of tuning (on the development set),
// over six more public tables, committed before it was ever run, and never tuned on.
import type { Row } from '../datasets.js';
import { bar, type HeldOutCase, is, isNot, num as n, questionBook } from '../question-kit.js';
import { agg, between, grouped, histogram, key, one, share } from '../reference.js';

const { cases, h, no } = questionBook();

// ---------------------------------------------------------------- political contributions (Capitalised_Snake_Case, mm/dd/yyyy)
h('political', 'sum', 'total receipts by party affiliation', (r) =>
  bar(r, 'Party_Affiliation', agg.sum('Total_Receipts')),
);
h('political', 'group', 'average total disbursements by candidate state, top 5', (r) =>
  bar(r, 'Candidate_State', agg.avg('Total_Disbursements'), 'value-desc', 5),
);
h('political', 'count', 'number of candidates by party affiliation', (r) =>
  bar(r, 'Party_Affiliation', agg.distinct('Candidate_Name')),
);
h('political', 'value filter', 'total debts owed by DEM candidates', (r) =>
  one(r.filter(is('Party_Affiliation', 'DEM')), agg.sum('Debts_Owed_By')),
);
h('political', 'max', 'maximum ending cash by party affiliation', (r) =>
  bar(r, 'Party_Affiliation', agg.max('Ending_Cash')),
);
h('political', 'threshold', 'how many candidates have total receipts above 1000', (r) =>
  one(
    r.filter((x) => (n(x, 'Total_Receipts') ?? 0) > 1000),
    agg.count(),
  ),
);
h('political', 'scatter', 'total receipts vs total disbursements', () => ({
  scatter: { x: 'Total_Disbursements', y: 'Total_Receipts' },
}));
h('political', 'share', 'share of beginning cash by party affiliation', (r) =>
  share(r, key.column('Party_Affiliation'), agg.sum('Beginning_Cash')),
);
h('political', 'negation', 'total disbursements by party affiliation excluding REP', (r) =>
  bar(r.filter(isNot('Party_Affiliation', 'REP')), 'Party_Affiliation', agg.sum('Total_Disbursements')),
);
no('political', 'total donations from corporations by party');
no('political', 'average votes by candidate state');
no('political', 'total receipts in 1990');

// ---------------------------------------------------------------- income (state income groups, shares as fractions)
h('income', 'group', 'average pct by group', (r) => bar(r, 'group', agg.avg('pct')));
h('income', 'value filter', 'pct by group for California', (r) =>
  bar(r.filter(is('name', 'California')), 'group', agg.avg('pct')),
);
h('income', 'group', 'average pct by region', (r) => bar(r, 'region', agg.avg('pct')));
h('income', 'max', 'maximum total by region', (r) => bar(r, 'region', agg.max('total')));
h('income', 'count distinct', 'how many states are in each region', (r) =>
  bar(r, 'region', agg.distinct('name')),
);
h('income', 'count distinct', 'number of distinct names per region', (r) =>
  bar(r, 'region', agg.distinct('name')),
);
h('income', 'top k', 'top 5 names by average pct', (r) => bar(r, 'name', agg.avg('pct'), 'value-desc', 5));
h('income', 'negation', 'average pct by region except other', (r) =>
  bar(r.filter(isNot('region', 'other')), 'region', agg.avg('pct')),
);
no('income', 'median household income by state');
no('income', 'average pct by year');
no('income', 'total by county');

// ---------------------------------------------------------------- ohlc (daily prices with a signal)
const od = 'date';
h('ohlc', 'raw series', 'close over time', (r) =>
  grouped('line', r, key.day(od), [agg.avg('close')], 'label-asc'),
);
h('ohlc', 'count', 'number of days by signal', (r) => bar(r, 'signal', agg.count()));
h('ohlc', 'group', 'average ret by signal', (r) => bar(r, 'signal', agg.avg('ret')));
h('ohlc', 'max', 'highest high', (r) => one(r, agg.max('high')));
h('ohlc', 'min', 'lowest low in June 2009', (r) =>
  one(between(r, od, '2009-06-01', '2009-07-01'), agg.min('low')),
);
h('ohlc', 'scatter', 'open vs close', () => ({ scatter: { x: 'close', y: 'open' } }));
h('ohlc', 'threshold', 'how many days had a close above 30', (r) =>
  one(
    r.filter((x) => (n(x, 'close') ?? 0) > 30),
    agg.count(),
  ),
);
h('ohlc', 'calendar', 'average close by week in July 2009', (r) => {
  const rows = between(r, od, '2009-07-01', '2009-08-01');
  const monday = (x: Row) => {
    const d = x[od] as Date;
    const back = (d.getUTCDay() + 6) % 7;
    const m = new Date(d.getTime() - back * 86_400_000);
    return m.toISOString().slice(0, 10);
  };
  return grouped('line', rows, monday, [agg.avg('close')], 'label-asc');
});
h('ohlc', 'value filter', 'average close on long signal days', (r) =>
  one(r.filter(is('signal', 'long')), agg.avg('close')),
);
no('ohlc', 'average volume by signal');
no('ohlc', 'close of Tesla over time');
no('ohlc', 'average close in 2015');

// ---------------------------------------------------------------- wind vectors (camelCase dirCat, a grid of points)
h('windvectors', 'group', 'average speed by dirCat', (r) => bar(r, 'dirCat', agg.avg('speed'), 'label-asc'));
h('windvectors', 'count', 'number of points by dirCat', (r) => bar(r, 'dirCat', agg.count(), 'label-asc'));
h('windvectors', 'count', 'count of rows by dir cat', (r) => bar(r, 'dirCat', agg.count(), 'label-asc'));
h('windvectors', 'histogram', 'distribution of speed', (r) => histogram(r, 'speed'));
h('windvectors', 'max', 'maximum speed by latitude, top 3', (r) =>
  bar(r, 'latitude', agg.max('speed'), 'value-desc', 3),
);
h('windvectors', 'threshold', 'how many rows have a speed of at least 5', (r) =>
  one(
    r.filter((x) => (n(x, 'speed') ?? 0) >= 5),
    agg.count(),
  ),
);
h('windvectors', 'scatter', 'speed vs dir', () => ({ scatter: { x: 'dir', y: 'speed' } }));
no('windvectors', 'average temperature by dirCat');
no('windvectors', 'average speed by altitude');

// ---------------------------------------------------------------- engineers and hurricanes (one row per state)
h('engineers', 'top k', 'top 5 states by population', (r) =>
  bar(r, 'state', agg.sum('population'), 'value-desc', 5),
);
h('engineers', 'top k', 'top 3 states by hurricanes', (r) =>
  bar(r, 'state', agg.sum('hurricanes'), 'value-desc', 3),
);
h('engineers', 'scatter', 'engineers vs hurricanes', () => ({
  scatter: { x: 'hurricanes', y: 'engineers' },
}));
h('engineers', 'sum', 'total hurricanes', (r) => one(r, agg.sum('hurricanes')));
h('engineers', 'threshold', 'how many states had no hurricanes', (r) =>
  one(r.filter(is('hurricanes', 0)), agg.count()),
);
h('engineers', 'threshold', 'how many states had more than 10 hurricanes', (r) =>
  one(
    r.filter((x) => (n(x, 'hurricanes') ?? 0) > 10),
    agg.count(),
  ),
);
h('engineers', 'value filter', 'hurricanes in Florida', (r) =>
  one(r.filter(is('state', 'Florida')), agg.sum('hurricanes')),
);
h('engineers', 'order', 'states by engineers, lowest first', (r) =>
  bar(r, 'state', agg.avg('engineers'), 'value-asc'),
);
no('engineers', 'average income by state');
no('engineers', 'hurricanes by year');
no('engineers', 'number of tornadoes by state');

// ---------------------------------------------------------------- anscombe (Roman numerals as values, one-letter names)
h('anscombe', 'group', 'average Y by Series', (r) => bar(r, 'Series', agg.avg('Y')));
h('anscombe', 'group', 'mean X per series', (r) => bar(r, 'Series', agg.avg('X')));
h('anscombe', 'scatter', 'Y vs X', () => ({ scatter: { x: 'X', y: 'Y' } }));
h('anscombe', 'value filter', 'average Y for series IV', (r) =>
  one(r.filter(is('Series', 'IV')), agg.avg('Y')),
);
h('anscombe', 'max', 'maximum Y by series', (r) => bar(r, 'Series', agg.max('Y')));
h('anscombe', 'count', 'number of rows per series', (r) => bar(r, 'Series', agg.count(), 'label-asc'));
no('anscombe', 'average Z by series');
no('anscombe', 'Y by year');

export const THIRD_BATCH: readonly HeldOutCase[] = cases;
