// The held-out question set: written in one sitting, before any tuning on it, by reading each
// table's columns and values and asking what a data analyst new to the table would ask. The
// engine is never tuned on these questions; fresh batches measure it again. Expected answers
// are computed in plain code (../reference.ts). `declined` means the right answer is a
// clarification or a 422: the table cannot answer the question.
import type { Row } from '../datasets.js';
import { bar, type HeldOutCase, is, isNot, num as n, questionBook } from '../question-kit.js';
import { type Aggregate, agg, between, bySeries, grouped, histogram, key, one, share } from '../reference.js';

export type { HeldOutCase, HeldOutExpectation } from '../question-kit.js';

const { cases, h, no } = questionBook();
const inRange = (column: string, from: string, to: string) => (rows: Row[]) =>
  between(
    rows.filter((r) => r[column] instanceof Date),
    column,
    from,
    to,
  );
const yearly = (rows: Row[], column: string, m: Aggregate) =>
  grouped('line', rows, key.year(column), [m], 'label-asc');
const scatter = (x: string, y: string) => () => ({ scatter: { x, y } });

// ---------------------------------------------------------------- penguins (spaced names with units)
const mass = 'Body Mass (g)';
const flipper = 'Flipper Length (mm)';
const beakL = 'Beak Length (mm)';
const beakD = 'Beak Depth (mm)';
h('penguins', 'group', 'average body mass by species', (r) => bar(r, 'Species', agg.avg(mass)));
h('penguins', 'group', 'mean flipper length per island', (r) => bar(r, 'Island', agg.avg(flipper)));
h('penguins', 'median', 'median beak depth for each species', (r) => bar(r, 'Species', agg.median(beakD)));
h('penguins', 'max', 'maximum body mass by sex', (r) => bar(r, 'Sex', agg.max(mass)));
h('penguins', 'min', 'minimum beak length by island', (r) => bar(r, 'Island', agg.min(beakL)));
h('penguins', 'count', 'how many penguins per species', (r) => bar(r, 'Species', agg.count()));
h('penguins', 'count', 'number of penguins on each island', (r) => bar(r, 'Island', agg.count()));
h('penguins', 'count distinct', 'how many distinct islands are there', (r) => one(r, agg.distinct('Island')));
h('penguins', 'count distinct', 'number of different species per island', (r) =>
  bar(r, 'Island', agg.distinct('Species')),
);
h('penguins', 'value filter', 'average body mass of Gentoo penguins by sex', (r) =>
  bar(r.filter(is('Species', 'Gentoo')), 'Sex', agg.avg(mass)),
);
h('penguins', 'value filter', 'average flipper length by species for female penguins', (r) =>
  bar(r.filter(is('Sex', 'FEMALE')), 'Species', agg.avg(flipper)),
);
h('penguins', 'negation', 'average body mass by island excluding Adelie', (r) =>
  bar(r.filter(isNot('Species', 'Adelie')), 'Island', agg.avg(mass)),
);
h('penguins', 'threshold', 'how many penguins weigh more than 5000 g', (r) =>
  one(
    r.filter((x) => (n(x, mass) ?? -1) > 5000),
    agg.count(),
  ),
);
h('penguins', 'threshold', 'count of penguins with flipper length at least 210 by species', (r) =>
  bar(
    r.filter((x) => (n(x, flipper) ?? -1) >= 210),
    'Species',
    agg.count(),
  ),
);
h('penguins', 'threshold', 'average body mass of penguins with beak length between 40 and 45 mm', (r) =>
  one(
    r.filter((x) => (n(x, beakL) ?? -1) >= 40 && (n(x, beakL) ?? 99) <= 45),
    agg.avg(mass),
  ),
);
h('penguins', 'superlative', 'which species is heaviest on average', (r) =>
  bar(r, 'Species', agg.avg(mass), 'value-desc', 1),
);
h('penguins', 'top k', 'top 2 islands by average beak length', (r) =>
  bar(r, 'Island', agg.avg(beakL), 'value-desc', 2),
);
h('penguins', 'order', 'species by average flipper length, lowest first', (r) =>
  bar(r, 'Species', agg.avg(flipper), 'value-asc'),
);
h('penguins', 'order', 'islands alphabetically by number of penguins', (r) =>
  bar(r, 'Island', agg.count(), 'label-asc'),
);
h('penguins', 'scatter', 'beak length vs beak depth', scatter(beakD, beakL));
h('penguins', 'scatter', 'relationship between flipper length and body mass', scatter(flipper, mass));
h('penguins', 'histogram', 'distribution of body mass', (r) => histogram(r, mass));
h('penguins', 'histogram', 'histogram of flipper length with 20 bins', (r) => histogram(r, flipper, 20));
h('penguins', 'share', 'what share of penguins live on each island', (r) =>
  share(r, key.column('Island'), agg.count()),
);
h('penguins', 'share', 'percentage of penguins by species', (r) =>
  share(r, key.column('Species'), agg.count()),
);
h('penguins', 'sum', 'total body mass by island', (r) => bar(r, 'Island', agg.sum(mass)));
h('penguins', 'two measures', 'average beak depth and beak length by species', (r) =>
  grouped('bar', r, key.column('Species'), [agg.avg(beakD), agg.avg(beakL)], 'value-desc'),
);
h('penguins', 'value filter', 'how many male penguins are there on Biscoe', (r) =>
  one(r.filter(is('Sex', 'MALE')).filter(is('Island', 'Biscoe')), agg.count()),
);
h('penguins', 'top k', 'top 3 species by median flipper length', (r) =>
  bar(r, 'Species', agg.median(flipper), 'value-desc', 3),
);
h('penguins', 'units', 'average body mass in grams by species', (r) => bar(r, 'Species', agg.avg(mass)));
h('penguins', 'synonym', 'average bill length by species', (r) => bar(r, 'Species', agg.avg(beakL)));
h('penguins', 'group', 'flipper length by island', (r) => bar(r, 'Island', agg.avg(flipper)));
h('penguins', 'negation', 'number of penguins per species other than Chinstrap', (r) =>
  bar(r.filter(isNot('Species', 'Chinstrap')), 'Species', agg.count()),
);
h('penguins', 'max', 'largest beak depth on each island', (r) => bar(r, 'Island', agg.max(beakD)));
no('penguins', 'average wingspan by species');
no('penguins', 'average body mass of Emperor penguins');
no('penguins', 'number of penguins by year');
no('penguins', 'average body mass by colony');
no('penguins', 'how many penguins live on Anvers island');
no('penguins', 'average age of penguins by island');
no('penguins', 'total body mass in 2008');
no('penguins', 'average tail length by sex');

// ---------------------------------------------------------------- movies (spaced names, "Jun 12 1998" dates, many gaps)
const rel = 'Release Date';
h('movies', 'group', 'average IMDB rating by major genre', (r) =>
  bar(r, 'Major Genre', agg.avg('IMDB Rating')),
);
h('movies', 'sum', 'total worldwide gross by MPAA rating', (r) =>
  bar(r, 'MPAA Rating', agg.sum('Worldwide Gross')),
);
h('movies', 'median', 'median production budget per genre', (r) =>
  bar(r, 'Major Genre', agg.median('Production Budget')),
);
h('movies', 'count', 'number of movies by creative type', (r) => bar(r, 'Creative Type', agg.count()));
h('movies', 'top k', 'top 5 distributors by total US gross', (r) =>
  bar(r, 'Distributor', agg.sum('US Gross'), 'value-desc', 5),
);
h('movies', 'top k', 'top 5 directors by number of movies', (r) =>
  bar(r, 'Director', agg.count(), 'value-desc', 5),
);
h('movies', 'group', 'average running time by MPAA rating', (r) =>
  bar(r, 'MPAA Rating', agg.avg('Running Time min')),
);
h('movies', 'time series', 'number of movies released per year', (r) => yearly(r, rel, agg.count()));
h('movies', 'calendar', 'total US gross by year since 2000', (r) =>
  yearly(inRange(rel, '2000-01-01', '2100-01-01')(r), rel, agg.sum('US Gross')),
);
h('movies', 'calendar', 'average IMDB rating of movies released in the 1990s by genre', (r) =>
  bar(inRange(rel, '1990-01-01', '2000-01-01')(r), 'Major Genre', agg.avg('IMDB Rating')),
);
h('movies', 'calendar', 'how many movies were released in 2005', (r) =>
  one(inRange(rel, '2005-01-01', '2006-01-01')(r), agg.count()),
);
h('movies', 'season', 'average production budget by month of the year', (r) =>
  grouped('bar', r, key.monthOfYear(rel), [agg.avg('Production Budget')], 'months'),
);
h(
  'movies',
  'scatter',
  'IMDB rating vs rotten tomatoes rating',
  scatter('Rotten Tomatoes Rating', 'IMDB Rating'),
);
h(
  'movies',
  'scatter',
  'production budget against worldwide gross',
  scatter('Worldwide Gross', 'Production Budget'),
);
h('movies', 'histogram', 'distribution of IMDB ratings', (r) => histogram(r, 'IMDB Rating'));
h('movies', 'multi-series', 'average IMDB rating by year for Comedy and Drama', (r) =>
  bySeries(
    'line',
    r.filter(is('Major Genre', 'Comedy', 'Drama')),
    key.year(rel),
    key.column('Major Genre'),
    agg.avg('IMDB Rating'),
    'label-asc',
  ),
);
h('movies', 'value filter', 'how many movies by Steven Spielberg', (r) =>
  one(r.filter(is('Director', 'Steven Spielberg')), agg.count()),
);
h('movies', 'value filter', 'average worldwide gross of PG-13 movies by genre', (r) =>
  bar(r.filter(is('MPAA Rating', 'PG-13')), 'Major Genre', agg.avg('Worldwide Gross')),
);
h('movies', 'top k', 'total US DVD sales by distributor, top 5', (r) =>
  bar(r, 'Distributor', agg.sum('US DVD Sales'), 'value-desc', 5),
);
h('movies', 'superlative', 'which genre has the highest average worldwide gross', (r) =>
  bar(r, 'Major Genre', agg.avg('Worldwide Gross'), 'value-desc', 1),
);
h('movies', 'order', 'genres ranked by average rotten tomatoes rating, lowest first', (r) =>
  bar(r, 'Major Genre', agg.avg('Rotten Tomatoes Rating'), 'value-asc'),
);
h('movies', 'negation', 'number of movies per source excluding original screenplay', (r) =>
  bar(r.filter(isNot('Source', 'Original Screenplay')), 'Source', agg.count()),
);
h('movies', 'share', 'share of movies by MPAA rating', (r) =>
  share(r, key.column('MPAA Rating'), agg.count()),
);
h('movies', 'threshold', 'number of movies with a production budget over 100000000 by genre', (r) =>
  bar(
    r.filter((x) => (n(x, 'Production Budget') ?? 0) > 100_000_000),
    'Major Genre',
    agg.count(),
  ),
);
h('movies', 'threshold', 'number of movies with a production budget of more than 100 million by genre', (r) =>
  bar(
    r.filter((x) => (n(x, 'Production Budget') ?? 0) > 100_000_000),
    'Major Genre',
    agg.count(),
  ),
);
h('movies', 'group', 'average IMDB votes by creative type', (r) =>
  bar(r, 'Creative Type', agg.avg('IMDB Votes')),
);
h('movies', 'calendar', 'maximum worldwide gross per year in the 2000s', (r) =>
  yearly(inRange(rel, '2000-01-01', '2010-01-01')(r), rel, agg.max('Worldwide Gross')),
);
h('movies', 'count distinct', 'count distinct directors by genre', (r) =>
  bar(r, 'Major Genre', agg.distinct('Director')),
);
h('movies', 'value filter', 'average running time of movies rated R', (r) =>
  one(r.filter(is('MPAA Rating', 'R')), agg.avg('Running Time min')),
);
h('movies', 'calendar', 'total worldwide gross by quarter in 2008', (r) =>
  grouped(
    'line',
    inRange(rel, '2008-01-01', '2009-01-01')(r),
    key.quarter(rel),
    [agg.sum('Worldwide Gross')],
    'label-asc',
  ),
);
h('movies', 'group', 'IMDB rating by genre', (r) => bar(r, 'Major Genre', agg.avg('IMDB Rating')));
h('movies', 'time series', 'average production budget of comedies over time', (r) =>
  yearly(r.filter(is('Major Genre', 'Comedy')), rel, agg.avg('Production Budget')),
);
h('movies', 'min', 'lowest IMDB rating by MPAA rating', (r) => bar(r, 'MPAA Rating', agg.min('IMDB Rating')));
h('movies', 'order', 'distributors alphabetically by number of movies, top 5', (r) => {
  const all = bar(r, 'Distributor', agg.count(), 'value-desc', 5);
  return bar(
    r.filter((x) => all.labels.includes(x.Distributor as string)),
    'Distributor',
    agg.count(),
    'label-asc',
  );
});
no('movies', 'average number of oscars by genre');
no('movies', 'total worldwide gross of Netflix movies');
no('movies', 'average audience score by genre');
no('movies', 'number of movies by country');
no('movies', 'average IMDB rating of movies released in 1850');
no('movies', 'total US gross by actor');
no('movies', 'average metacritic score by MPAA rating');
no('movies', 'total box office of Bollywood movies by year');

// ---------------------------------------------------------------- football (snake_case, ISO dates)
const fd = 'date';
h('football', 'group', 'average home score by division', (r) => bar(r, 'division', agg.avg('home_score')));
h('football', 'group', 'average away score per division', (r) => bar(r, 'division', agg.avg('away_score')));
h('football', 'count', 'number of matches per division', (r) => bar(r, 'division', agg.count()));
h('football', 'time series', 'number of matches per year', (r) => yearly(r, fd, agg.count()));
h('football', 'sum', 'total home score by division', (r) => bar(r, 'division', agg.sum('home_score')));
h('football', 'calendar', 'matches per month in 2015', (r) =>
  grouped('line', inRange(fd, '2015-01-01', '2016-01-01')(r), key.month(fd), [agg.count()], 'label-asc'),
);
h('football', 'season', 'average home score by day of the week', (r) =>
  grouped('bar', r, key.weekday(fd), [agg.avg('home_score')], 'weekdays'),
);
h('football', 'top k', 'top 5 home teams by average home score', (r) =>
  bar(r, 'home_team', agg.avg('home_score'), 'value-desc', 5),
);
h('football', 'superlative', 'which home team has the highest total home score', (r) =>
  bar(r, 'home_team', agg.sum('home_score'), 'value-desc', 1),
);
h('football', 'value filter', 'average away score in the English Premier League by year', (r) =>
  yearly(r.filter(is('division', 'English Premier League')), fd, agg.avg('away_score')),
);
h('football', 'calendar', 'number of matches in Serie A since 2015', (r) =>
  one(inRange(fd, '2015-01-01', '2100-01-01')(r.filter(is('division', 'Serie A'))), agg.count()),
);
h('football', 'threshold', 'how many matches had a home score of at least 5', (r) =>
  one(
    r.filter((x) => (n(x, 'home_score') ?? -1) >= 5),
    agg.count(),
  ),
);
h('football', 'threshold', 'number of matches where the away score was more than 3 by division', (r) =>
  bar(
    r.filter((x) => (n(x, 'away_score') ?? -1) > 3),
    'division',
    agg.count(),
  ),
);
h('football', 'scatter', 'home score vs away score', scatter('away_score', 'home_score'));
h('football', 'histogram', 'distribution of home scores', (r) => histogram(r, 'home_score'));
h('football', 'negation', 'average home score by division excluding Serie A', (r) =>
  bar(r.filter(isNot('division', 'Serie A')), 'division', agg.avg('home_score')),
);
h('football', 'calendar', 'matches per division in the first half of 2016', (r) =>
  bar(inRange(fd, '2016-01-01', '2016-07-01')(r), 'division', agg.count()),
);
h('football', 'calendar', 'number of matches in Q3 2014', (r) =>
  one(inRange(fd, '2014-07-01', '2014-10-01')(r), agg.count()),
);
h('football', 'calendar', 'matches per month from March to June 2014', (r) =>
  grouped('line', inRange(fd, '2014-03-01', '2014-07-01')(r), key.month(fd), [agg.count()], 'label-asc'),
);
h(
  'football',
  'relative time',
  'number of matches in the last 90 days',
  (r) => one(inRange(fd, '2017-02-28', '2017-05-29')(r), agg.count()),
  '2017-05-28T12:00:00Z',
);
h(
  'football',
  'relative time',
  'number of matches yesterday',
  (r) => one(inRange(fd, '2017-05-28', '2017-05-29')(r), agg.count()),
  '2017-05-29T12:00:00Z',
);
h(
  'football',
  'relative time',
  'matches per division year to date',
  (r) => bar(inRange(fd, '2017-01-01', '2017-05-29')(r), 'division', agg.count()),
  '2017-05-28T12:00:00Z',
);
h('football', 'calendar', 'average home score by division in 2014', (r) =>
  bar(inRange(fd, '2014-01-01', '2015-01-01')(r), 'division', agg.avg('home_score')),
);
h('football', 'share', 'share of matches by division', (r) => share(r, key.column('division'), agg.count()));
h('football', 'order', 'total away score by division, lowest first', (r) =>
  bar(r, 'division', agg.sum('away_score'), 'value-asc'),
);
h('football', 'count distinct', 'number of distinct home teams per division', (r) =>
  bar(r, 'division', agg.distinct('home_team')),
);
h('football', 'count distinct', 'how many different away teams are there', (r) =>
  one(r, agg.distinct('away_team')),
);
h('football', 'median', 'median home score per year', (r) => yearly(r, fd, agg.median('home_score')));
h('football', 'max', 'maximum away score by division', (r) => bar(r, 'division', agg.max('away_score')));
h('football', 'multi-series', 'average home score by month in 2016 for each division', (r) =>
  bySeries(
    'line',
    inRange(fd, '2016-01-01', '2017-01-01')(r),
    key.month(fd),
    key.column('division'),
    agg.avg('home_score'),
    'label-asc',
  ),
);
h('football', 'value filter', 'average home score of Arsenal as home team', (r) =>
  one(r.filter(is('home_team', 'Arsenal')), agg.avg('home_score')),
);
no('football', 'average attendance by division');
no('football', 'number of red cards per team');
no('football', 'matches in Ligue 1 by year');
no('football', 'average home score in 2025');
no('football', 'total home score of Ajax');
no('football', 'average possession by home team');
no('football', 'number of matches by referee');
no('football', 'average home score in the 1990s');

// ---------------------------------------------------------------- unemployment (integer year/month, a column named count)
const ud = 'date';
const monthly = (rows: Row[], m: Aggregate) => grouped('line', rows, key.month(ud), [m], 'label-asc');
h('unemployment', 'group', 'average rate by series', (r) => bar(r, 'series', agg.avg('rate')));
h('unemployment', 'column named count', 'total count by year', (r) =>
  grouped('line', r, key.column('year'), [agg.sum('count')], 'label-asc'),
);
h('unemployment', 'column named count', 'total count by series in 2009', (r) =>
  bar(r.filter(is('year', 2009)), 'series', agg.sum('count')),
);
h('unemployment', 'raw series', 'rate over time for Construction', (r) =>
  monthly(r.filter(is('series', 'Construction')), agg.avg('rate')),
);
h('unemployment', 'multi-series', 'rate over time for each series', (r) =>
  bySeries('line', r, key.month(ud), key.column('series'), agg.avg('rate'), 'label-asc'),
);
h('unemployment', 'time series', 'average rate by year', (r) =>
  grouped('line', r, key.column('year'), [agg.avg('rate')], 'label-asc'),
);
h('unemployment', 'max', 'maximum rate per series', (r) => bar(r, 'series', agg.max('rate')));
h('unemployment', 'top k', 'top 3 series by average rate in 2010', (r) =>
  bar(r.filter(is('year', 2010)), 'series', agg.avg('rate'), 'value-desc', 3),
);
h('unemployment', 'calendar', 'average rate in Q1 2009 by series', (r) =>
  bar(inRange(ud, '2009-01-01', '2009-04-01')(r), 'series', agg.avg('rate')),
);
h('unemployment', 'multi-series', 'total count for Finance and Information by year', (r) =>
  bySeries(
    'line',
    r.filter(is('series', 'Finance', 'Information')),
    key.column('year'),
    key.column('series'),
    agg.sum('count'),
    'label-asc',
  ),
);
h('unemployment', 'negation', 'average rate by series excluding Government and Self-employed', (r) =>
  bar(r.filter(isNot('series', 'Government', 'Self-employed')), 'series', agg.avg('rate')),
);
h('unemployment', 'threshold', 'how many months had a rate over 10 in Construction', (r) =>
  one(
    r.filter(is('series', 'Construction')).filter((x) => (n(x, 'rate') ?? 0) > 10),
    agg.count(),
  ),
);
h('unemployment', 'column named count', 'average count per series', (r) =>
  bar(r, 'series', agg.avg('count')),
);
h('unemployment', 'value filter', 'average count by year for Manufacturing', (r) =>
  grouped(
    'line',
    r.filter(is('series', 'Manufacturing')),
    key.column('year'),
    [agg.avg('count')],
    'label-asc',
  ),
);
h('unemployment', 'scatter', 'rate vs count', scatter('count', 'rate'));
h('unemployment', 'histogram', 'distribution of rate', (r) => histogram(r, 'rate'));
h('unemployment', 'order', 'median rate per series, lowest first', (r) =>
  bar(r, 'series', agg.median('rate'), 'value-asc'),
);
h('unemployment', 'calendar', 'average rate from 2005 to 2007 by series', (r) =>
  bar(inRange(ud, '2005-01-01', '2008-01-01')(r), 'series', agg.avg('rate')),
);
h('unemployment', 'calendar', 'total count in the second half of 2008', (r) =>
  one(inRange(ud, '2008-07-01', '2009-01-01')(r), agg.sum('count')),
);
h('unemployment', 'calendar', 'monthly average rate in 2009', (r) =>
  monthly(inRange(ud, '2009-01-01', '2010-01-01')(r), agg.avg('rate')),
);
h('unemployment', 'calendar', 'average rate for Construction in March 2009', (r) =>
  one(inRange(ud, '2009-03-01', '2009-04-01')(r.filter(is('series', 'Construction'))), agg.avg('rate')),
);
h('unemployment', 'count distinct', 'how many series are there', (r) => one(r, agg.distinct('series')));
h('unemployment', 'calendar', 'total count by quarter in 2008', (r) =>
  grouped(
    'line',
    inRange(ud, '2008-01-01', '2009-01-01')(r),
    key.quarter(ud),
    [agg.sum('count')],
    'label-asc',
  ),
);
h(
  'unemployment',
  'relative time',
  'average rate in the last 6 months',
  (r) => one(inRange(ud, '2009-09-01', '2010-03-01')(r), agg.avg('rate')),
  '2010-02-15T12:00:00Z',
);
h('unemployment', 'min', 'lowest rate by series in 2007', (r) =>
  bar(r.filter(is('year', 2007)), 'series', agg.min('rate')),
);
h('unemployment', 'value filter', 'average rate of Agriculture by year', (r) =>
  grouped('line', r.filter(is('series', 'Agriculture')), key.column('year'), [agg.avg('rate')], 'label-asc'),
);
no('unemployment', 'average wage by series');
no('unemployment', 'average rate in 2015');
no('unemployment', 'rate over time for Tourism');
no('unemployment', 'average rate by state');
no('unemployment', 'total count by gender');
no('unemployment', 'average rate by region in 2009');
no('unemployment', 'average inflation by year');

// ---------------------------------------------------------------- birdstrikes (long spaced names, a `$` in a name, 10,000 rows)
const bd = 'Flight Date';
const speed = 'Speed IAS in knots';
h('birdstrikes', 'count', 'number of strikes by phase of flight', (r) =>
  bar(r, 'Phase of flight', agg.count()),
);
h('birdstrikes', 'top k', 'total repair cost by origin state, top 5', (r) =>
  bar(r, 'Origin State', agg.sum('Cost Repair'), 'value-desc', 5),
);
h('birdstrikes', 'group', 'average speed by time of day', (r) => bar(r, 'Time of day', agg.avg(speed)));
h('birdstrikes', 'time series', 'number of bird strikes per year', (r) => yearly(r, bd, agg.count()));
h('birdstrikes', 'sum', 'total cost by wildlife size', (r) =>
  bar(r, 'Wildlife Size', agg.sum('Cost Total $')),
);
h('birdstrikes', 'count', 'strikes by amount of damage', (r) =>
  bar(r, 'Effect Amount of damage', agg.count()),
);
h('birdstrikes', 'value filter', 'how many strikes happened at night', (r) =>
  one(r.filter(is('Time of day', 'Night')), agg.count()),
);
h('birdstrikes', 'calendar', 'number of strikes by time of day in 1995', (r) =>
  bar(inRange(bd, '1995-01-01', '1996-01-01')(r), 'Time of day', agg.count()),
);
h('birdstrikes', 'units', 'average speed in knots by phase of flight', (r) =>
  bar(r, 'Phase of flight', agg.avg(speed)),
);
h('birdstrikes', 'top k', 'top 5 airlines by number of strikes', (r) =>
  bar(r, 'Aircraft Airline Operator', agg.count(), 'value-desc', 5),
);
h('birdstrikes', 'top k', 'top 5 wildlife species by number of strikes', (r) =>
  bar(r, 'Wildlife Species', agg.count(), 'value-desc', 5),
);
h('birdstrikes', 'order', 'strikes by origin state, lowest first', (r) =>
  bar(r, 'Origin State', agg.count(), 'value-asc'),
);
h('birdstrikes', 'season', 'number of strikes per month of the year', (r) =>
  grouped('bar', r, key.monthOfYear(bd), [agg.count()], 'months'),
);
h('birdstrikes', 'threshold', 'strikes with a speed over 200 knots by phase of flight', (r) =>
  bar(
    r.filter((x) => (n(x, speed) ?? 0) > 200),
    'Phase of flight',
    agg.count(),
  ),
);
h(
  'birdstrikes',
  'value filter',
  'average repair cost of strikes with substantial damage by wildlife size',
  (r) => bar(r.filter(is('Effect Amount of damage', 'Substantial')), 'Wildlife Size', agg.avg('Cost Repair')),
);
h('birdstrikes', 'value filter', 'total cost by year for large wildlife', (r) =>
  yearly(r.filter(is('Wildlife Size', 'Large')), bd, agg.sum('Cost Total $')),
);
h('birdstrikes', 'share', 'share of strikes by wildlife size', (r) =>
  share(r, key.column('Wildlife Size'), agg.count()),
);
h('birdstrikes', 'share', 'percentage of strikes by time of day', (r) =>
  share(r, key.column('Time of day'), agg.count()),
);
h('birdstrikes', 'value filter', 'number of strikes at DALLAS/FORT WORTH INTL ARPT by year', (r) =>
  yearly(r.filter(is('Airport Name', 'DALLAS/FORT WORTH INTL ARPT')), bd, agg.count()),
);
h('birdstrikes', 'scatter', 'repair cost vs speed', scatter(speed, 'Cost Repair'));
h('birdstrikes', 'histogram', 'distribution of speed', (r) => histogram(r, speed));
h('birdstrikes', 'count distinct', 'how many different wildlife species are there', (r) =>
  one(r, agg.distinct('Wildlife Species')),
);
h('birdstrikes', 'value filter', 'strikes in Texas by phase of flight', (r) =>
  bar(r.filter(is('Origin State', 'Texas')), 'Phase of flight', agg.count()),
);
h('birdstrikes', 'top k', 'number of strikes by airport, top 10', (r) =>
  bar(r, 'Airport Name', agg.count(), 'value-desc', 10),
);
h('birdstrikes', 'value filter', 'strikes during take-off run by year', (r) =>
  yearly(r.filter(is('Phase of flight', 'Take-off run')), bd, agg.count()),
);
h('birdstrikes', 'top k', 'total other cost by origin state top 3', (r) =>
  bar(r, 'Origin State', agg.sum('Cost Other'), 'value-desc', 3),
);
h('birdstrikes', 'negation', 'average total cost by amount of damage excluding none', (r) =>
  bar(r.filter(isNot('Effect Amount of damage', 'None')), 'Effect Amount of damage', agg.avg('Cost Total $')),
);
h('birdstrikes', 'value filter', 'how many strikes caused minor damage', (r) =>
  one(r.filter(is('Effect Amount of damage', 'Minor')), agg.count()),
);
h('birdstrikes', 'max', 'maximum speed by wildlife size', (r) => bar(r, 'Wildlife Size', agg.max(speed)));
h('birdstrikes', 'calendar', 'number of strikes per quarter in 1999', (r) =>
  grouped('line', inRange(bd, '1999-01-01', '2000-01-01')(r), key.quarter(bd), [agg.count()], 'label-asc'),
);
no('birdstrikes', 'number of strikes by aircraft altitude');
no('birdstrikes', 'total fatalities by year');
no('birdstrikes', 'strikes in Alaska by year');
no('birdstrikes', 'average cost by weather condition');
no('birdstrikes', 'number of strikes involving Lufthansa');
no('birdstrikes', 'strikes in 2015');
no('birdstrikes', 'average number of engines by phase of flight');
no('birdstrikes', 'total cost by pilot');

// ---------------------------------------------------------------- budgets (camelCase, two integer year columns)
const byBudgetYear = (rows: Row[], m: Aggregate) =>
  grouped('line', rows, key.column('budgetYear'), [m], 'label-asc');
h('budgets', 'group', 'average value by budget year', (r) => byBudgetYear(r, agg.avg('value')));
h('budgets', 'group', 'average value by forecast year', (r) =>
  grouped('line', r, key.column('forecastYear'), [agg.avg('value')], 'label-asc'),
);
h('budgets', 'raw series', 'value by forecast year for budget year 2010', (r) =>
  grouped(
    'line',
    r.filter(is('budgetYear', 2010)),
    key.column('forecastYear'),
    [agg.avg('value')],
    'label-asc',
  ),
);
h('budgets', 'min', 'minimum value per budget year', (r) => byBudgetYear(r, agg.min('value')));
h('budgets', 'count', 'number of forecasts per budget year', (r) => byBudgetYear(r, agg.count()));
h('budgets', 'threshold', 'how many forecasts have a value below 0', (r) =>
  one(
    r.filter((x) => (n(x, 'value') ?? 0) < 0),
    agg.count(),
  ),
);
h('budgets', 'histogram', 'histogram of value', (r) => histogram(r, 'value'));
h('budgets', 'order', 'total value by budget year, highest first', (r) =>
  bar(r, 'budgetYear', agg.sum('value'), 'value-desc'),
);
h('budgets', 'top k', 'top 5 budget years by average value', (r) =>
  bar(r, 'budgetYear', agg.avg('value'), 'value-desc', 5),
);
h('budgets', 'count distinct', 'number of distinct forecast years', (r) =>
  one(r, agg.distinct('forecastYear')),
);
h('budgets', 'median', 'median value by forecast year', (r) =>
  grouped('line', r, key.column('forecastYear'), [agg.median('value')], 'label-asc'),
);
h('budgets', 'max', 'maximum value by budget year', (r) => byBudgetYear(r, agg.max('value')));
h('budgets', 'threshold', 'average value by budget year for forecast years after 2005', (r) =>
  byBudgetYear(
    r.filter((x) => (n(x, 'forecastYear') ?? 0) > 2005),
    agg.avg('value'),
  ),
);
no('budgets', 'average deficit by president');
no('budgets', 'average value by country');
no('budgets', 'average value by budget month');
no('budgets', 'total revenue by budget year');
no('budgets', 'average value by agency');

// ---------------------------------------------------------------- iowa electricity (snake_case, yearly dates)
const iy = 'year';
h('iowa_electricity', 'sum', 'net generation by source', (r) => bar(r, 'source', agg.sum('net_generation')));
h('iowa_electricity', 'multi-series', 'net generation over time by source', (r) =>
  bySeries('line', r, key.year(iy), key.column('source'), agg.sum('net_generation'), 'label-asc'),
);
h('iowa_electricity', 'time series', 'total net generation per year', (r) =>
  yearly(r, iy, agg.sum('net_generation')),
);
h('iowa_electricity', 'raw series', 'renewables net generation over time', (r) =>
  yearly(r.filter(is('source', 'Renewables')), iy, agg.sum('net_generation')),
);
h('iowa_electricity', 'share', 'share of net generation by source in 2017', (r) =>
  share(inRange(iy, '2017-01-01', '2018-01-01')(r), key.column('source'), agg.sum('net_generation')),
);
h('iowa_electricity', 'calendar', 'average net generation by source since 2010', (r) =>
  bar(inRange(iy, '2010-01-01', '2100-01-01')(r), 'source', agg.avg('net_generation')),
);
h('iowa_electricity', 'superlative', 'which source generated the most in 2016', (r) =>
  bar(inRange(iy, '2016-01-01', '2017-01-01')(r), 'source', agg.sum('net_generation'), 'value-desc', 1),
);
h('iowa_electricity', 'value filter', 'net generation of nuclear energy by year', (r) =>
  yearly(r.filter(is('source', 'Nuclear Energy')), iy, agg.sum('net_generation')),
);
h('iowa_electricity', 'negation', 'net generation by source excluding fossil fuels', (r) =>
  bar(r.filter(isNot('source', 'Fossil Fuels')), 'source', agg.sum('net_generation')),
);
h('iowa_electricity', 'calendar', 'total net generation from 2005 to 2010 by source', (r) =>
  bar(inRange(iy, '2005-01-01', '2011-01-01')(r), 'source', agg.sum('net_generation')),
);
h('iowa_electricity', 'max', 'maximum net generation per source', (r) =>
  bar(r, 'source', agg.max('net_generation')),
);
h('iowa_electricity', 'share', 'percentage of net generation by source', (r) =>
  share(r, key.column('source'), agg.sum('net_generation')),
);
h('iowa_electricity', 'threshold', 'how many years had renewables net generation above 10000', (r) =>
  one(
    r.filter(is('source', 'Renewables')).filter((x) => (n(x, 'net_generation') ?? 0) > 10000),
    agg.count(),
  ),
);
no('iowa_electricity', 'net generation from solar by year');
no('iowa_electricity', 'average price by source');
no('iowa_electricity', 'net generation in 2030');
no('iowa_electricity', 'emissions by source');
no('iowa_electricity', 'net generation by county');

// ---------------------------------------------------------------- co2 (monthly readings, a short upper-case name)
const cd = 'Date';
h('co2', 'raw series', 'CO2 over time', (r) =>
  grouped('line', r, key.month(cd), [agg.avg('CO2')], 'label-asc'),
);
h('co2', 'time series', 'average CO2 by year', (r) => yearly(r, cd, agg.avg('CO2')));
h('co2', 'time series', 'adjusted CO2 by year', (r) => yearly(r, cd, agg.avg('adjusted CO2')));
h('co2', 'season', 'average CO2 by month of the year', (r) =>
  grouped('bar', r, key.monthOfYear(cd), [agg.avg('CO2')], 'months'),
);
h('co2', 'raw series', 'CO2 in 2019 by month', (r) =>
  grouped('line', inRange(cd, '2019-01-01', '2020-01-01')(r), key.month(cd), [agg.avg('CO2')], 'label-asc'),
);
h('co2', 'calendar', 'average CO2 in the 1960s', (r) =>
  one(inRange(cd, '1960-01-01', '1970-01-01')(r), agg.avg('CO2')),
);
h('co2', 'max', 'maximum CO2', (r) => one(r, agg.max('CO2')));
h('co2', 'threshold', 'how many months had CO2 above 400', (r) =>
  one(
    r.filter((x) => (n(x, 'CO2') ?? 0) > 400),
    agg.count(),
  ),
);
h('co2', 'scatter', 'CO2 vs adjusted CO2', scatter('adjusted CO2', 'CO2'));
h('co2', 'calendar', 'average adjusted CO2 by year since 2000', (r) =>
  yearly(inRange(cd, '2000-01-01', '2100-01-01')(r), cd, agg.avg('adjusted CO2')),
);
h('co2', 'calendar', 'CO2 from 1990 to 1999 by year', (r) =>
  yearly(inRange(cd, '1990-01-01', '2000-01-01')(r), cd, agg.avg('CO2')),
);
h('co2', 'calendar', 'yearly average CO2 in the 1980s', (r) =>
  yearly(inRange(cd, '1980-01-01', '1990-01-01')(r), cd, agg.avg('CO2')),
);
h('co2', 'top k', 'top 5 years by average CO2', (r) =>
  grouped('bar', r, key.year(cd), [agg.avg('CO2')], 'value-desc', 5),
);
h('co2', 'calendar', 'CO2 by quarter in 2018', (r) =>
  grouped('line', inRange(cd, '2018-01-01', '2019-01-01')(r), key.quarter(cd), [agg.avg('CO2')], 'label-asc'),
);
h('co2', 'histogram', 'distribution of CO2', (r) => histogram(r, 'CO2'));
h('co2', 'calendar', 'CO2 in March 2015', (r) =>
  one(inRange(cd, '2015-03-01', '2015-04-01')(r), agg.avg('CO2')),
);
h(
  'co2',
  'relative time',
  'average CO2 year to date',
  (r) => one(inRange(cd, '2020-01-01', '2020-04-16')(r), agg.avg('CO2')),
  '2020-04-15T12:00:00Z',
);
h(
  'co2',
  'relative time',
  'average CO2 over the last 12 months',
  (r) => one(inRange(cd, '2019-05-01', '2020-05-01')(r), agg.avg('CO2')),
  '2020-04-15T12:00:00Z',
);
h('co2', 'min', 'lowest CO2 by year in the 2010s', (r) =>
  yearly(inRange(cd, '2010-01-01', '2020-01-01')(r), cd, agg.min('CO2')),
);
no('co2', 'methane by year');
no('co2', 'average CO2 in 1900');
no('co2', 'CO2 by country');
no('co2', 'average temperature by year');
no('co2', 'CO2 emissions by sector');
no('co2', 'average sea level by year');

// ---------------------------------------------------------------- la riots (snake_case people records, 63 rows)
const dd = 'death_date';
h('la_riots', 'count', 'number of deaths by race', (r) => bar(r, 'race', agg.count()));
h('la_riots', 'group', 'average age by gender', (r) => bar(r, 'gender', agg.avg('age')));
h('la_riots', 'group', 'average age by type', (r) => bar(r, 'type', agg.avg('age')));
h('la_riots', 'count', 'how many people died per neighborhood, top 5', (r) =>
  bar(r, 'neighborhood', agg.count(), 'value-desc', 5),
);
h('la_riots', 'time series', 'deaths by death date', (r) =>
  grouped('line', r, key.day(dd), [agg.count()], 'label-asc'),
);
h('la_riots', 'value filter', 'number of homicides by race', (r) =>
  bar(r.filter(is('type', 'Homicide')), 'race', agg.count()),
);
h('la_riots', 'threshold', 'how many victims were younger than 20', (r) =>
  one(
    r.filter((x) => (n(x, 'age') ?? 99) < 20),
    agg.count(),
  ),
);
h('la_riots', 'median', 'median age by race', (r) => bar(r, 'race', agg.median('age')));
h('la_riots', 'histogram', 'distribution of age', (r) => histogram(r, 'age'));
h('la_riots', 'share', 'share of deaths by type', (r) => share(r, key.column('type'), agg.count()));
h('la_riots', 'negation', 'average age by race excluding White', (r) =>
  bar(r.filter(isNot('race', 'White')), 'race', agg.avg('age')),
);
h('la_riots', 'value filter', 'how many women died', (r) =>
  one(r.filter(is('gender', 'Female')), agg.count()),
);
h('la_riots', 'min', 'youngest age by gender', (r) => bar(r, 'gender', agg.min('age')));
h('la_riots', 'scatter', 'latitude vs longitude', scatter('longitude', 'latitude'));
h('la_riots', 'calendar', 'deaths by race in May 1992', (r) =>
  bar(inRange(dd, '1992-05-01', '1992-06-01')(r), 'race', agg.count()),
);
h('la_riots', 'count distinct', 'how many different neighborhoods are there', (r) =>
  one(r, agg.distinct('neighborhood')),
);
no('la_riots', 'average income by race');
no('la_riots', 'number of deaths by weapon');
no('la_riots', 'deaths in Santa Monica by race');
no('la_riots', 'number of arrests by neighborhood');
no('la_riots', 'deaths in 2001');
no('la_riots', 'average height by gender');

// ---------------------------------------------------------------- second page, same sitting
h('penguins', 'threshold', 'average flipper length of penguins heavier than 4500 g by species', (r) =>
  bar(
    r.filter((x) => (n(x, mass) ?? 0) > 4500),
    'Species',
    agg.avg(flipper),
  ),
);
h('penguins', 'count', 'count of penguins by sex', (r) => bar(r, 'Sex', agg.count()));
h('penguins', 'superlative', 'which island has the fewest penguins', (r) =>
  bar(r, 'Island', agg.count(), 'value-asc', 1),
);
h('penguins', 'order', 'beak depth by species, highest first', (r) => bar(r, 'Species', agg.avg(beakD)));
h('movies', 'calendar', 'total worldwide gross by year from 1995 to 2000', (r) =>
  yearly(inRange(rel, '1995-01-01', '2001-01-01')(r), rel, agg.sum('Worldwide Gross')),
);
h('movies', 'negation', 'number of movies by MPAA rating excluding Not Rated', (r) =>
  bar(r.filter(isNot('MPAA Rating', 'Not Rated')), 'MPAA Rating', agg.count()),
);
h('movies', 'order', 'median IMDB rating by creative type, lowest first', (r) =>
  bar(r, 'Creative Type', agg.median('IMDB Rating'), 'value-asc'),
);
h('movies', 'top k', 'average production budget by distributor, top 3', (r) =>
  bar(r, 'Distributor', agg.avg('Production Budget'), 'value-desc', 3),
);
h('football', 'time series', 'total away score per year', (r) => yearly(r, fd, agg.sum('away_score')));
h('football', 'season', 'average home score in Deutsche Bundesliga by month of the year', (r) =>
  grouped(
    'bar',
    r.filter(is('division', 'Deutsche Bundesliga')),
    key.monthOfYear(fd),
    [agg.avg('home_score')],
    'months',
  ),
);
h('football', 'calendar', 'number of matches per quarter in 2016', (r) =>
  grouped('line', inRange(fd, '2016-01-01', '2017-01-01')(r), key.quarter(fd), [agg.count()], 'label-asc'),
);
h('football', 'value filter', 'how many matches did Chelsea play at home', (r) =>
  one(r.filter(is('home_team', 'Chelsea')), agg.count()),
);
h('unemployment', 'top k', 'average rate by series in 2008, top 5', (r) =>
  bar(r.filter(is('year', 2008)), 'series', agg.avg('rate'), 'value-desc', 5),
);
h('unemployment', 'max', 'maximum count by year', (r) =>
  grouped('line', r, key.column('year'), [agg.max('count')], 'label-asc'),
);
h('unemployment', 'raw series', 'rate for Finance over time', (r) =>
  monthly(r.filter(is('series', 'Finance')), agg.avg('rate')),
);
h('birdstrikes', 'group', 'average total cost by phase of flight', (r) =>
  bar(r, 'Phase of flight', agg.avg('Cost Total $')),
);
h('birdstrikes', 'calendar', 'number of strikes per year since 1995', (r) =>
  yearly(inRange(bd, '1995-01-01', '2100-01-01')(r), bd, agg.count()),
);
h('birdstrikes', 'value filter', 'strikes by wildlife size in Texas', (r) =>
  bar(r.filter(is('Origin State', 'Texas')), 'Wildlife Size', agg.count()),
);
h('birdstrikes', 'threshold', 'how many strikes had a repair cost above 100000', (r) =>
  one(
    r.filter((x) => (n(x, 'Cost Repair') ?? 0) > 100000),
    agg.count(),
  ),
);
h('budgets', 'value filter', 'average value for budget year 2000', (r) =>
  one(r.filter(is('budgetYear', 2000)), agg.avg('value')),
);
h('budgets', 'threshold', 'number of forecasts with a value above 0.1', (r) =>
  one(
    r.filter((x) => (n(x, 'value') ?? 0) > 0.1),
    agg.count(),
  ),
);
h('iowa_electricity', 'calendar', 'average net generation by source in the 2000s', (r) =>
  bar(inRange(iy, '2000-01-01', '2010-01-01')(r), 'source', agg.avg('net_generation')),
);
h('iowa_electricity', 'calendar', 'net generation of fossil fuels since 2012', (r) =>
  yearly(
    inRange(iy, '2012-01-01', '2100-01-01')(r.filter(is('source', 'Fossil Fuels'))),
    iy,
    agg.sum('net_generation'),
  ),
);
h('co2', 'season', 'average adjusted CO2 by month of the year in 2019', (r) =>
  grouped(
    'bar',
    inRange(cd, '2019-01-01', '2020-01-01')(r),
    key.monthOfYear(cd),
    [agg.avg('adjusted CO2')],
    'months',
  ),
);
h('co2', 'max', 'maximum CO2 per year', (r) => yearly(r, cd, agg.max('CO2')));
h('co2', 'count', 'how many readings are there', (r) => one(r, agg.count()));
h('la_riots', 'value filter', 'average age of homicide victims by race', (r) =>
  bar(r.filter(is('type', 'Homicide')), 'race', agg.avg('age')),
);
h('la_riots', 'count', 'number of deaths by gender', (r) => bar(r, 'gender', agg.count()));
h('la_riots', 'superlative', 'oldest age by type', (r) => bar(r, 'type', agg.max('age')));
no('movies', 'average IMDB rating by language');
no('football', 'average home score by stadium');

export const HELD_OUT_QUESTIONS: readonly HeldOutCase[] = cases;
