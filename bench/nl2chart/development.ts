import { bar, type HeldOutCase, is, num as n, questionBook } from './question-kit.js';
import { agg, between, grouped, histogram, key, one } from './reference.js';

const { cases, h, no } = questionBook();

// flights: date-times as "2001/01/01 06:55", airport codes as values
h('flights', 'group', 'average delay by origin, top 5', (r) =>
  bar(r, 'origin', agg.avg('delay'), 'value-desc', 5),
);
h('flights', 'count', 'number of flights by destination, top 10', (r) =>
  bar(r, 'destination', agg.count(), 'value-desc', 10),
);
h('flights', 'time series', 'number of flights per month', (r) =>
  grouped('line', r, key.month('date'), [agg.count()], 'label-asc'),
);
h('flights', 'season', 'average delay by day of the week', (r) =>
  grouped('bar', r, key.weekday('date'), [agg.avg('delay')], 'weekdays'),
);
h('flights', 'value filter', 'average delay of flights from LAX by month', (r) =>
  grouped('line', r.filter(is('origin', 'LAX')), key.month('date'), [agg.avg('delay')], 'label-asc'),
);
h('flights', 'threshold', 'how many flights were delayed by more than 60 minutes', (r) =>
  one(
    r.filter((x) => (n(x, 'delay') ?? 0) > 60),
    agg.count(),
  ),
);
h('flights', 'scatter', 'delay vs distance', () => ({ scatter: { x: 'distance', y: 'delay' } }));
h('flights', 'histogram', 'distribution of distance', (r) => histogram(r, 'distance'));
h('flights', 'calendar', 'total distance in February 2001 by origin, top 3', (r) =>
  bar(between(r, 'date', '2001-02-01', '2001-03-01'), 'origin', agg.sum('distance'), 'value-desc', 3),
);
h('flights', 'max', 'longest distance by origin, top 5', (r) =>
  bar(r, 'origin', agg.max('distance'), 'value-desc', 5),
);
no('flights', 'average ticket price by origin');
no('flights', 'number of flights by airline');
no('flights', 'average delay in 2010');

// airports: codes, states as two-letter values, latitude and longitude
h('airports', 'count', 'number of airports by state, top 5', (r) =>
  bar(r, 'state', agg.count(), 'value-desc', 5),
);
no('airports', 'how many airports are in Texas');
h('airports', 'value filter', 'how many airports are in TX', (r) =>
  one(r.filter(is('state', 'TX')), agg.count()),
);
h('airports', 'count', 'number of airports per country', (r) => bar(r, 'country', agg.count()));
h('airports', 'scatter', 'latitude vs longitude', () => ({ scatter: { x: 'longitude', y: 'latitude' } }));
h('airports', 'group', 'average latitude by state, top 3', (r) =>
  bar(r, 'state', agg.avg('latitude'), 'value-desc', 3),
);
h('airports', 'count distinct', 'how many different cities are there', (r) => one(r, agg.distinct('city')));
no('airports', 'number of runways by state');
no('airports', 'average elevation by state');

// us employment: one column per industry, monthly
const m = 'month';
h('us_employment', 'raw series', 'construction over time', (r) =>
  grouped('line', r, key.month(m), [agg.sum('construction')], 'label-asc'),
);
h('us_employment', 'time series', 'average manufacturing by year', (r) =>
  grouped('line', r, key.year(m), [agg.avg('manufacturing')], 'label-asc'),
);
h('us_employment', 'calendar', 'total nonfarm in 2009 by month', (r) =>
  grouped('line', between(r, m, '2009-01-01', '2010-01-01'), key.month(m), [agg.sum('nonfarm')], 'label-asc'),
);
h('us_employment', 'max', 'maximum retail trade by year', (r) =>
  grouped('line', r, key.year(m), [agg.max('retail_trade')], 'label-asc'),
);
h('us_employment', 'scatter', 'construction vs manufacturing', () => ({
  scatter: { x: 'manufacturing', y: 'construction' },
}));
h('us_employment', 'calendar', 'average information in Q2 2012', (r) =>
  one(between(r, m, '2012-04-01', '2012-07-01'), agg.avg('information')),
);
h('us_employment', 'two measures', 'average goods producing and service providing by year', (r) =>
  grouped('line', r, key.year(m), [agg.avg('goods_producing'), agg.avg('service_providing')], 'label-asc'),
);
no('us_employment', 'unemployment rate by year');
no('us_employment', 'average wages by month');

// crimea: monthly deaths by cause
h('crimea', 'raw series', 'disease over time', (r) =>
  grouped('line', r, key.month('date'), [agg.sum('disease')], 'label-asc'),
);
h('crimea', 'sum', 'total wounds by year', (r) =>
  grouped('line', r, key.year('date'), [agg.sum('wounds')], 'label-asc'),
);
h('crimea', 'max', 'maximum army size', (r) => one(r, agg.max('army_size')));
h('crimea', 'two measures', 'total disease and wounds by year', (r) =>
  grouped('line', r, key.year('date'), [agg.sum('disease'), agg.sum('wounds')], 'label-asc'),
);
h('crimea', 'calendar', 'total disease in 1855', (r) =>
  one(between(r, 'date', '1855-01-01', '1856-01-01'), agg.sum('disease')),
);
no('crimea', 'total deaths from cholera by month');

// driving: one row per year, an integer year column
h('driving', 'raw series', 'miles by year', (r) =>
  grouped('line', r, key.column('year'), [agg.sum('miles')], 'label-asc'),
);
h('driving', 'raw series', 'gas price by year', (r) =>
  grouped('line', r, key.column('year'), [agg.avg('gas')], 'label-asc'),
);
h('driving', 'scatter', 'gas vs miles', () => ({ scatter: { x: 'miles', y: 'gas' } }));
h('driving', 'calendar', 'average gas price since 2000', (r) =>
  one(
    r.filter((x) => (n(x, 'year') ?? 0) >= 2000),
    agg.avg('gas'),
  ),
);
h('driving', 'count', 'number of years by side', (r) => bar(r, 'side', agg.count()));
no('driving', 'average speed by year');

// github: hourly commit counts in a column called count
h('github', 'column named count', 'total count by month', (r) =>
  grouped('line', r, key.month('time'), [agg.sum('count')], 'label-asc'),
);
h('github', 'column named count', 'total count by day of the week', (r) =>
  grouped('bar', r, key.weekday('time'), [agg.sum('count')], 'weekdays'),
);
h('github', 'column named count', 'maximum count by hour of the day', (r) =>
  grouped(
    'bar',
    r,
    (x) => `${String((x.time as Date).getUTCHours()).padStart(2, '0')}:00`,
    [agg.max('count')],
    'label-asc',
  ),
);
h('github', 'share', 'share of total count by day of the week', (r) => ({
  ...grouped('pie', r, key.weekday('time'), [agg.sum('count')], 'weekdays'),
  share: true,
}));
no('github', 'number of stars by month');

// ---------------------------------------------------------------- second development round
// routes: origin, destination and a column called count
h('routes', 'column named count', 'total count by origin, top 5', (r) =>
  bar(r, 'origin', agg.sum('count'), 'value-desc', 5),
);
h('routes', 'column named count', 'total count from ATL by destination, top 3', (r) =>
  bar(r.filter(is('origin', 'ATL')), 'destination', agg.sum('count'), 'value-desc', 3),
);
h('routes', 'count', 'number of routes by origin, top 5', (r) =>
  bar(r, 'origin', agg.count(), 'value-desc', 5),
);
h('routes', 'count distinct', 'how many distinct destinations are there', (r) =>
  one(r, agg.distinct('destination')),
);
h('routes', 'threshold', 'how many routes have a count above 300', (r) =>
  one(
    r.filter((x) => (n(x, 'count') ?? 0) > 300),
    agg.count(),
  ),
);
no('routes', 'average fare by origin');
// hourly normals: one row per hour of 2010
const hd = 'date';
h('hourly_normals', 'time series', 'average temperature by month', (r) =>
  grouped('line', r, key.month(hd), [agg.avg('temperature')], 'label-asc'),
);
h('hourly_normals', 'season', 'average temperature by hour of the day', (r) =>
  grouped(
    'bar',
    r,
    (x) => `${String((x.date as Date).getUTCHours()).padStart(2, '0')}:00`,
    [agg.avg('temperature')],
    'label-asc',
  ),
);
h('hourly_normals', 'max', 'maximum wind by month', (r) =>
  grouped('line', r, key.month(hd), [agg.max('wind')], 'label-asc'),
);
h('hourly_normals', 'calendar', 'average pressure in July', (r) =>
  one(between(r, hd, '2010-07-01', '2010-08-01'), agg.avg('pressure')),
);
h('hourly_normals', 'scatter', 'temperature vs pressure', () => ({
  scatter: { x: 'pressure', y: 'temperature' },
}));
h('hourly_normals', 'threshold', 'how many hours had a temperature below 3', (r) =>
  one(
    r.filter((x) => (n(x, 'temperature') ?? 99) < 3),
    agg.count(),
  ),
);
no('hourly_normals', 'average humidity by month');
// monarchs: start and end years, names with numerals
h('monarchs', 'raw series', 'start by name', (r) => bar(r, 'name', agg.sum('start')));
h('monarchs', 'value filter', 'start of Anne', (r) => one(r.filter(is('name', 'Anne')), agg.sum('start')));
h('monarchs', 'threshold', 'how many monarchs started after 1700', (r) =>
  one(
    r.filter((x) => (n(x, 'start') ?? 0) > 1700),
    agg.count(),
  ),
);
no('monarchs', 'average reign length by house');
// people: three rows, age and height
h('people', 'group', 'average height by name', (r) => bar(r, 'name', agg.avg('height')));
h('people', 'scatter', 'height vs age', () => ({ scatter: { x: 'age', y: 'height' } }));
h('people', 'superlative', 'who is the tallest', (r) => bar(r, 'name', agg.max('height'), 'value-desc', 1));
no('people', 'average weight by name');

export const DEVELOPMENT: readonly HeldOutCase[] = cases;
