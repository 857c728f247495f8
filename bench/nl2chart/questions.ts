// The question set: plain-English questions of every kind the engine reads, over four public
// tables, each with its answer computed independently in reference.ts.
import type { Row } from './datasets.js';
import { agg, between, bySeries, type ExpectedChart, grouped, histogram, key, single } from './reference.js';

export type DatasetName = 'cars' | 'stocks' | 'weather' | 'gapminder';
export type Expectation =
  | ExpectedChart
  | 'clarification'
  | 'unanswerable'
  | { scatter: { x: string; y: string } };

export interface QuestionCase {
  dataset: DatasetName;
  kind: string;
  question: string;
  expected: (rows: Row[]) => Expectation;
  /** Written after the engine was tuned on the rest, and never tuned on: an honest check. */
  heldOut?: boolean;
}

const cases: QuestionCase[] = [];
const q = (dataset: DatasetName, kind: string, question: string, expected: QuestionCase['expected']) =>
  cases.push({ dataset, kind, question, expected });

const is =
  (column: string, ...wanted: Array<string | number>) =>
  (r: Row) =>
    wanted.includes(r[column] as string);
const isNot =
  (column: string, ...unwanted: Array<string | number>) =>
  (r: Row) =>
    r[column] !== null && !unwanted.includes(r[column] as string);
const num = (r: Row, column: string) => r[column] as number | null;
const yearIs =
  (column: string, ...years: number[]) =>
  (r: Row) =>
    years.includes((r[column] as Date).getUTCFullYear());

// ---------------------------------------------------------------- cars
const origin = key.column('Origin');
const carYear = key.year('Year');
q('cars', 'group', 'average horsepower by origin', (r) =>
  grouped('bar', r, origin, [agg.avg('Horsepower')], 'value-desc'),
);
q('cars', 'group', 'average miles per gallon by origin', (r) =>
  grouped('bar', r, origin, [agg.avg('Miles_per_Gallon')], 'value-desc'),
);
q('cars', 'group', 'mean weight per origin', (r) =>
  grouped('bar', r, origin, [agg.avg('Weight_in_lbs')], 'value-desc'),
);
q('cars', 'group', 'median acceleration by origin', (r) =>
  grouped('bar', r, origin, [agg.median('Acceleration')], 'value-desc'),
);
q('cars', 'group', 'maximum horsepower for each origin', (r) =>
  grouped('bar', r, origin, [agg.max('Horsepower')], 'value-desc'),
);
q('cars', 'group', 'minimum weight by origin', (r) =>
  grouped('bar', r, origin, [agg.min('Weight_in_lbs')], 'value-desc'),
);
q('cars', 'group', 'average displacement by number of cylinders', (r) =>
  grouped('bar', r, key.column('Cylinders'), [agg.avg('Displacement')], 'label-asc'),
);
q('cars', 'group', 'average mpg by cylinders', (r) =>
  grouped('bar', r, key.column('Cylinders'), [agg.avg('Miles_per_Gallon')], 'label-asc'),
);
q('cars', 'synonyms', 'average fuel efficiency by origin', (r) =>
  grouped('bar', r, origin, [agg.avg('Miles_per_Gallon')], 'value-desc'),
);
q('cars', 'synonyms', 'average hp per origin', (r) =>
  grouped('bar', r, origin, [agg.avg('Horsepower')], 'value-desc'),
);
q('cars', 'synonyms', 'typical engine size by origin', (r) =>
  grouped('bar', r, origin, [agg.avg('Displacement')], 'value-desc'),
);
q('cars', 'synonyms', 'average gallon mileage by origin', (r) =>
  grouped('bar', r, origin, [agg.avg('Miles_per_Gallon')], 'value-desc'),
);
q('cars', 'count', 'how many cars are there per origin', (r) =>
  grouped('bar', r, origin, [agg.count()], 'value-desc'),
);
q('cars', 'count', 'number of cars by origin', (r) => grouped('bar', r, origin, [agg.count()], 'value-desc'));
q('cars', 'count', 'count of cars by cylinders', (r) =>
  grouped('bar', r, key.column('Cylinders'), [agg.count()], 'label-asc'),
);
q('cars', 'count', 'how many cars are from Japan', (r) =>
  single(r.filter(is('Origin', 'Japan')), [agg.count()], ['Count']),
);
q('cars', 'count', 'how many cars are there', (r) => single(r, [agg.count()], ['Count']));
q('cars', 'count', 'how many distinct car names are there', (r) =>
  single(r, [agg.distinct('Name')], ['Distinct Name']),
);
q('cars', 'aggregate', 'what is the average horsepower', (r) =>
  single(r, [agg.avg('Horsepower')], ['Average Horsepower']),
);
q('cars', 'aggregate', 'total weight of all cars', (r) =>
  single(r, [agg.sum('Weight_in_lbs')], ['Total Weight_in_lbs']),
);
q('cars', 'aggregate', 'median mpg', (r) =>
  single(r, [agg.median('Miles_per_Gallon')], ['Median Miles_per_Gallon']),
);
q('cars', 'aggregate', 'highest horsepower', (r) =>
  single(r, [agg.max('Horsepower')], ['Maximum Horsepower']),
);
q('cars', 'aggregate', 'lowest acceleration', (r) =>
  single(r, [agg.min('Acceleration')], ['Minimum Acceleration']),
);
q('cars', 'value filter', 'average horsepower for cars from Japan', (r) =>
  single(r.filter(is('Origin', 'Japan')), [agg.avg('Horsepower')], ['Average Horsepower']),
);
q('cars', 'value filter', 'average mpg of japanese cars by year', (r) =>
  grouped('line', r.filter(is('Origin', 'Japan')), carYear, [agg.avg('Miles_per_Gallon')], 'label-asc'),
);
q('cars', 'value filter', 'average weight of european cars by cylinders', (r) =>
  grouped(
    'bar',
    r.filter(is('Origin', 'Europe')),
    key.column('Cylinders'),
    [agg.avg('Weight_in_lbs')],
    'label-asc',
  ),
);
q('cars', 'value filter', 'number of american cars by year', (r) =>
  grouped('line', r.filter(is('Origin', 'USA')), carYear, [agg.count()], 'label-asc'),
);
q('cars', 'value filter', 'average acceleration of cars from USA', (r) =>
  single(r.filter(is('Origin', 'USA')), [agg.avg('Acceleration')], ['Average Acceleration']),
);
q('cars', 'several values', 'average horsepower for cars from Japan and Europe by year', (r) =>
  bySeries(
    'line',
    r.filter(is('Origin', 'Japan', 'Europe')),
    carYear,
    origin,
    agg.avg('Horsepower'),
    'label-asc',
  ),
);
q('cars', 'exclusion', 'average mpg by origin excluding USA', (r) =>
  grouped('bar', r.filter(isNot('Origin', 'USA')), origin, [agg.avg('Miles_per_Gallon')], 'value-desc'),
);
q('cars', 'exclusion', 'number of cars by cylinders except Japan', (r) =>
  grouped('bar', r.filter(isNot('Origin', 'Japan')), key.column('Cylinders'), [agg.count()], 'label-asc'),
);
q('cars', 'exclusion', 'average weight by year, without european cars', (r) =>
  grouped('line', r.filter(isNot('Origin', 'Europe')), carYear, [agg.avg('Weight_in_lbs')], 'label-asc'),
);
q('cars', 'numeric filter', 'how many cars have more than 150 horsepower', (r) =>
  single(
    r.filter((x) => (num(x, 'Horsepower') ?? 0) > 150),
    [agg.count()],
    ['Count'],
  ),
);
q('cars', 'numeric filter', 'number of cars with more than 150 horsepower by origin', (r) =>
  grouped(
    'bar',
    r.filter((x) => (num(x, 'Horsepower') ?? 0) > 150),
    origin,
    [agg.count()],
    'value-desc',
  ),
);
q('cars', 'numeric filter', 'average mpg of cars with at least 6 cylinders by origin', (r) =>
  grouped(
    'bar',
    r.filter((x) => (num(x, 'Cylinders') ?? 0) >= 6),
    origin,
    [agg.avg('Miles_per_Gallon')],
    'value-desc',
  ),
);
q('cars', 'numeric filter', 'average weight of cars with mpg over 30 by origin', (r) =>
  grouped(
    'bar',
    r.filter((x) => (num(x, 'Miles_per_Gallon') ?? 0) > 30),
    origin,
    [agg.avg('Weight_in_lbs')],
    'value-desc',
  ),
);
q('cars', 'numeric filter', 'count of cars with horsepower under 100 by year', (r) =>
  grouped(
    'line',
    r.filter((x) => x.Horsepower !== null && (num(x, 'Horsepower') as number) < 100),
    carYear,
    [agg.count()],
    'label-asc',
  ),
);
q('cars', 'numeric filter', 'average acceleration of cars weighing less than 2500 lbs', (r) =>
  single(
    r.filter((x) => (num(x, 'Weight_in_lbs') as number) < 2500),
    [agg.avg('Acceleration')],
    ['Average Acceleration'],
  ),
);
q('cars', 'numeric filter', 'average horsepower of 8-cylinder cars by year', (r) =>
  grouped('line', r.filter(is('Cylinders', 8)), carYear, [agg.avg('Horsepower')], 'label-asc'),
);
q('cars', 'numeric filter', 'how many 4 cylinder cars by origin', (r) =>
  grouped('bar', r.filter(is('Cylinders', 4)), origin, [agg.count()], 'value-desc'),
);
q('cars', 'numeric filter', 'average mpg of cars with horsepower between 100 and 150', (r) =>
  single(
    r.filter(
      (x) => x.Horsepower !== null && (x.Horsepower as number) >= 100 && (x.Horsepower as number) <= 150,
    ),
    [agg.avg('Miles_per_Gallon')],
    ['Average Miles_per_Gallon'],
  ),
);
q('cars', 'time grain', 'average miles per gallon by year', (r) =>
  grouped('line', r, carYear, [agg.avg('Miles_per_Gallon')], 'label-asc'),
);
q('cars', 'time grain', 'how has average horsepower changed over the years', (r) =>
  grouped('line', r, carYear, [agg.avg('Horsepower')], 'label-asc'),
);
q('cars', 'time grain', 'yearly average weight', (r) =>
  grouped('line', r, carYear, [agg.avg('Weight_in_lbs')], 'label-asc'),
);
q('cars', 'time grain', 'number of cars per year', (r) =>
  grouped('line', r, carYear, [agg.count()], 'label-asc'),
);
q('cars', 'time filter', 'average mpg for cars from the 1970s', (r) =>
  single(
    between(r, 'Year', '1970-01-01', '1980-01-01'),
    [agg.avg('Miles_per_Gallon')],
    ['Average Miles_per_Gallon'],
  ),
);
q('cars', 'time filter', 'average horsepower by origin in 1975', (r) =>
  grouped('bar', r.filter(yearIs('Year', 1975)), origin, [agg.avg('Horsepower')], 'value-desc'),
);
q('cars', 'time filter', 'number of cars by origin since 1980', (r) =>
  grouped('bar', between(r, 'Year', '1980-01-01', '2100-01-01'), origin, [agg.count()], 'value-desc'),
);
q('cars', 'time filter', 'average weight by origin between 1972 and 1976', (r) =>
  grouped(
    'bar',
    between(r, 'Year', '1972-01-01', '1977-01-01'),
    origin,
    [agg.avg('Weight_in_lbs')],
    'value-desc',
  ),
);
q('cars', 'time filter', 'average mpg by origin before 1975', (r) =>
  grouped(
    'bar',
    between(r, 'Year', '1900-01-01', '1975-01-01'),
    origin,
    [agg.avg('Miles_per_Gallon')],
    'value-desc',
  ),
);
q('cars', 'time filter', 'average mpg by origin for the most recent year in the data', (r) =>
  grouped('bar', r.filter(yearIs('Year', 1982)), origin, [agg.avg('Miles_per_Gallon')], 'value-desc'),
);
q('cars', 'time filter', 'average horsepower by origin in the last 3 years', (r) =>
  grouped(
    'bar',
    between(r, 'Year', '1980-01-01', '1983-01-01'),
    origin,
    [agg.avg('Horsepower')],
    'value-desc',
  ),
);
q('cars', 'two groupings', 'number of cars by origin and year', (r) =>
  bySeries('line', r, carYear, origin, agg.count(), 'label-asc'),
);
q('cars', 'two groupings', 'average horsepower by year and origin', (r) =>
  bySeries('line', r, carYear, origin, agg.avg('Horsepower'), 'label-asc'),
);
q('cars', 'two groupings', 'average mpg by cylinders and origin', (r) =>
  bySeries('bar', r, key.column('Cylinders'), origin, agg.avg('Miles_per_Gallon'), 'label-asc'),
);
q('cars', 'two groupings', 'count of cars by origin split by cylinders', (r) =>
  bySeries('bar', r, origin, key.column('Cylinders'), agg.count(), 'label-asc'),
);
q('cars', 'several measures', 'average horsepower and average weight by origin', (r) =>
  grouped('bar', r, origin, [agg.avg('Horsepower'), agg.avg('Weight_in_lbs')], 'value-desc'),
);
q('cars', 'several measures', 'minimum and maximum mpg by cylinders', (r) =>
  grouped(
    'bar',
    r,
    key.column('Cylinders'),
    [agg.min('Miles_per_Gallon'), agg.max('Miles_per_Gallon')],
    'label-asc',
  ),
);
q('cars', 'top k', 'top 5 cars by horsepower', (r) =>
  grouped('bar', r, key.column('Name'), [agg.avg('Horsepower')], 'value-desc', 5),
);
q('cars', 'top k', 'which origin has the highest average mpg', (r) =>
  grouped('bar', r, origin, [agg.avg('Miles_per_Gallon')], 'value-desc', 1),
);
q('cars', 'top k', 'which origin has the lowest average weight', (r) =>
  grouped('bar', r, origin, [agg.avg('Weight_in_lbs')], 'value-asc', 1),
);
q('cars', 'top k', 'top 3 cylinders by average weight', (r) =>
  grouped('bar', r, key.column('Cylinders'), [agg.avg('Weight_in_lbs')], 'value-desc', 3),
);
q('cars', 'top k', 'bottom 3 car names by mpg', (r) =>
  grouped('bar', r, key.column('Name'), [agg.avg('Miles_per_Gallon')], 'value-asc', 3),
);
q('cars', 'sort', 'average horsepower by origin sorted ascending', (r) =>
  grouped('bar', r, origin, [agg.avg('Horsepower')], 'value-asc'),
);
q('cars', 'sort', 'average weight by origin alphabetically', (r) =>
  grouped('bar', r, origin, [agg.avg('Weight_in_lbs')], 'label-asc'),
);
q('cars', 'distribution', 'distribution of horsepower', (r) => histogram(r, 'Horsepower'));
q('cars', 'distribution', 'histogram of miles per gallon', (r) => histogram(r, 'Miles_per_Gallon'));
q('cars', 'distribution', 'distribution of weight in 20 bins', (r) => histogram(r, 'Weight_in_lbs', 20));
q('cars', 'distribution', 'show the spread of acceleration', (r) => histogram(r, 'Acceleration'));
q('cars', 'scatter', 'horsepower vs mpg', () => ({ scatter: { x: 'Miles_per_Gallon', y: 'Horsepower' } }));
q('cars', 'scatter', 'relationship between weight and horsepower', () => ({
  scatter: { x: 'Weight_in_lbs', y: 'Horsepower' },
}));
q('cars', 'scatter', 'plot acceleration against displacement', () => ({
  scatter: { x: 'Displacement', y: 'Acceleration' },
}));
q('cars', 'scatter', 'correlation between weight and mpg', () => ({
  scatter: { x: 'Weight_in_lbs', y: 'Miles_per_Gallon' },
}));
q('cars', 'chart type', 'pie chart of number of cars by origin', (r) =>
  grouped('pie', r, origin, [agg.count()], 'value-desc'),
);
q('cars', 'chart type', 'share of cars by origin', (r) =>
  grouped('pie', r, origin, [agg.count()], 'value-desc'),
);
q('cars', 'chart type', 'doughnut chart of cars per cylinders', (r) =>
  grouped('doughnut', r, key.column('Cylinders'), [agg.count()], 'label-asc'),
);
q('cars', 'chart type', 'bar chart of average mpg by year', (r) =>
  grouped('bar', r, carYear, [agg.avg('Miles_per_Gallon')], 'label-asc'),
);
q('cars', 'chart type', 'line chart of average horsepower by cylinders', (r) =>
  grouped('line', r, key.column('Cylinders'), [agg.avg('Horsepower')], 'label-asc'),
);
q('cars', 'not answerable', 'total profit by origin', () => 'unanswerable');
q('cars', 'not answerable', 'average price by origin', () => 'unanswerable');
q('cars', 'not answerable', 'show revenue per year', () => 'unanswerable');

// ---------------------------------------------------------------- stocks
const symbol = key.column('symbol');
const month = key.month('date');
const stockYear = key.year('date');
q('stocks', 'group', 'average price by symbol', (r) =>
  grouped('bar', r, symbol, [agg.avg('price')], 'value-desc'),
);
q('stocks', 'group', 'maximum price per company', (r) =>
  grouped('bar', r, symbol, [agg.max('price')], 'value-desc'),
);
q('stocks', 'group', 'lowest price for each ticker', (r) =>
  grouped('bar', r, symbol, [agg.min('price')], 'value-desc'),
);
q('stocks', 'group', 'median stock price by symbol', (r) =>
  grouped('bar', r, symbol, [agg.median('price')], 'value-desc'),
);
q('stocks', 'count', 'how many prices per symbol', (r) =>
  grouped('bar', r, symbol, [agg.count()], 'value-desc'),
);
q('stocks', 'count', 'how many different symbols are there', (r) =>
  single(r, [agg.distinct('symbol')], ['Distinct symbol']),
);
q('stocks', 'time grain', 'average price by year', (r) =>
  grouped('line', r, stockYear, [agg.avg('price')], 'label-asc'),
);
q('stocks', 'time grain', 'average price by quarter', (r) =>
  grouped('line', r, key.quarter('date'), [agg.avg('price')], 'label-asc'),
);
q('stocks', 'time grain', 'monthly average price', (r) =>
  grouped('line', r, month, [agg.avg('price')], 'label-asc'),
);
q('stocks', 'time grain', 'average price by month of the year', (r) =>
  grouped('bar', r, key.monthOfYear('date'), [agg.avg('price')], 'months'),
);
q('stocks', 'value filter', 'price of IBM over time', (r) =>
  grouped('line', r.filter(is('symbol', 'IBM')), month, [agg.avg('price')], 'label-asc'),
);
q('stocks', 'value filter', 'microsoft price by year', (r) =>
  grouped('line', r.filter(is('symbol', 'MSFT')), stockYear, [agg.avg('price')], 'label-asc'),
);
q('stocks', 'value filter', 'average google price by year', (r) =>
  grouped('line', r.filter(is('symbol', 'GOOG')), stockYear, [agg.avg('price')], 'label-asc'),
);
q('stocks', 'value filter', 'highest price of AAPL', (r) =>
  single(r.filter(is('symbol', 'AAPL')), [agg.max('price')], ['Maximum price']),
);
q('stocks', 'several values', 'price of amazon and ibm over time', (r) =>
  bySeries('line', r.filter(is('symbol', 'AMZN', 'IBM')), month, symbol, agg.avg('price'), 'label-asc'),
);
q('stocks', 'several values', 'average price of MSFT and AAPL by year', (r) =>
  bySeries('line', r.filter(is('symbol', 'MSFT', 'AAPL')), stockYear, symbol, agg.avg('price'), 'label-asc'),
);
q('stocks', 'several values', 'compare google, apple and amazon prices by year', (r) =>
  bySeries(
    'line',
    r.filter(is('symbol', 'GOOG', 'AAPL', 'AMZN')),
    stockYear,
    symbol,
    agg.avg('price'),
    'label-asc',
  ),
);
q('stocks', 'exclusion', 'average price by symbol excluding GOOG', (r) =>
  grouped('bar', r.filter(isNot('symbol', 'GOOG')), symbol, [agg.avg('price')], 'value-desc'),
);
q('stocks', 'exclusion', 'average price by year except amazon', (r) =>
  grouped('line', r.filter(isNot('symbol', 'AMZN')), stockYear, [agg.avg('price')], 'label-asc'),
);
q('stocks', 'numeric filter', 'how many prices above 100 by symbol', (r) =>
  grouped(
    'bar',
    r.filter((x) => (x.price as number) > 100),
    symbol,
    [agg.count()],
    'value-desc',
  ),
);
q('stocks', 'numeric filter', 'number of months with price under 20 per symbol', (r) =>
  grouped(
    'bar',
    r.filter((x) => (x.price as number) < 20),
    symbol,
    [agg.count()],
    'value-desc',
  ),
);
q('stocks', 'time filter', 'average price by symbol in 2008', (r) =>
  grouped('bar', r.filter(yearIs('date', 2008)), symbol, [agg.avg('price')], 'value-desc'),
);
q('stocks', 'time filter', 'average price by symbol since 2008', (r) =>
  grouped('bar', between(r, 'date', '2008-01-01', '2100-01-01'), symbol, [agg.avg('price')], 'value-desc'),
);
q('stocks', 'time filter', 'average IBM price by year between 2003 and 2006', (r) =>
  grouped(
    'line',
    between(r, 'date', '2003-01-01', '2007-01-01').filter(is('symbol', 'IBM')),
    stockYear,
    [agg.avg('price')],
    'label-asc',
  ),
);
q('stocks', 'time filter', 'average price by symbol in the last 6 months', (r) =>
  grouped('bar', between(r, 'date', '2009-10-01', '2010-04-01'), symbol, [agg.avg('price')], 'value-desc'),
);
q('stocks', 'time filter', 'average price by symbol last year', (r) =>
  grouped('bar', r.filter(yearIs('date', 2009)), symbol, [agg.avg('price')], 'value-desc'),
);
q('stocks', 'time filter', 'monthly price of AAPL in 2009', (r) =>
  grouped(
    'line',
    r.filter(yearIs('date', 2009)).filter(is('symbol', 'AAPL')),
    month,
    [agg.avg('price')],
    'label-asc',
  ),
);
q('stocks', 'time filter', 'average price by symbol after 2005', (r) =>
  grouped('bar', between(r, 'date', '2006-01-01', '2100-01-01'), symbol, [agg.avg('price')], 'value-desc'),
);
q('stocks', 'two groupings', 'average price by year and symbol', (r) =>
  bySeries('line', r, stockYear, symbol, agg.avg('price'), 'label-asc'),
);
q('stocks', 'two groupings', 'average price by symbol and year', (r) =>
  bySeries('line', r, stockYear, symbol, agg.avg('price'), 'label-asc'),
);
q('stocks', 'top k', 'top 3 symbols by average price', (r) =>
  grouped('bar', r, symbol, [agg.avg('price')], 'value-desc', 3),
);
q('stocks', 'top k', 'which company has the highest average price', (r) =>
  grouped('bar', r, symbol, [agg.avg('price')], 'value-desc', 1),
);
q('stocks', 'top k', 'which symbol has the lowest average price', (r) =>
  grouped('bar', r, symbol, [agg.avg('price')], 'value-asc', 1),
);
q('stocks', 'top k', 'bottom 2 symbols by maximum price', (r) =>
  grouped('bar', r, symbol, [agg.max('price')], 'value-asc', 2),
);
q('stocks', 'sort', 'average price by symbol from lowest to highest', (r) =>
  grouped('bar', r, symbol, [agg.avg('price')], 'value-asc'),
);
q('stocks', 'distribution', 'distribution of price', (r) => histogram(r, 'price'));
q('stocks', 'distribution', 'histogram of IBM prices', (r) =>
  histogram(r.filter(is('symbol', 'IBM')), 'price'),
);
q('stocks', 'chart type', 'pie chart of average price by symbol', (r) =>
  grouped('pie', r, symbol, [agg.avg('price')], 'value-desc'),
);
q('stocks', 'chart type', 'bar chart of IBM price by year', (r) =>
  grouped('bar', r.filter(is('symbol', 'IBM')), stockYear, [agg.avg('price')], 'label-asc'),
);
q('stocks', 'not answerable', 'total volume by symbol', () => 'unanswerable');
q('stocks', 'not answerable', 'average dividend by year', () => 'unanswerable');

// ---------------------------------------------------------------- weather
const kind = key.column('weather');
const wMonth = key.month('date');
const wYear = key.year('date');
q('weather', 'group', 'average wind by weather', (r) =>
  grouped('bar', r, kind, [agg.avg('wind')], 'value-desc'),
);
q('weather', 'group', 'total precipitation by weather type', (r) =>
  grouped('bar', r, kind, [agg.sum('precipitation')], 'value-desc'),
);
q('weather', 'group', 'average max temperature by weather', (r) =>
  grouped('bar', r, kind, [agg.avg('temp_max')], 'value-desc'),
);
q('weather', 'count', 'how many days of each weather', (r) =>
  grouped('bar', r, kind, [agg.count()], 'value-desc'),
);
q('weather', 'count', 'number of rainy days by year', (r) =>
  grouped('line', r.filter(is('weather', 'rain')), wYear, [agg.count()], 'label-asc'),
);
q('weather', 'count', 'how many days had snow', (r) =>
  single(r.filter(is('weather', 'snow')), [agg.count()], ['Count']),
);
q('weather', 'count', 'most common weather', (r) => grouped('bar', r, kind, [agg.count()], 'value-desc', 1));
q('weather', 'time grain', 'total precipitation by month', (r) =>
  grouped('line', r, wMonth, [agg.sum('precipitation')], 'label-asc'),
);
q('weather', 'time grain', 'total rainfall by year', (r) =>
  grouped('line', r, wYear, [agg.sum('precipitation')], 'label-asc'),
);
q('weather', 'time grain', 'average wind speed by quarter', (r) =>
  grouped('line', r, key.quarter('date'), [agg.avg('wind')], 'label-asc'),
);
q('weather', 'time grain', 'average max temperature by month of year', (r) =>
  grouped('bar', r, key.monthOfYear('date'), [agg.avg('temp_max')], 'months'),
);
q('weather', 'time grain', 'total precipitation by month of the year', (r) =>
  grouped('bar', r, key.monthOfYear('date'), [agg.sum('precipitation')], 'months'),
);
q('weather', 'time grain', 'average wind by day of the week', (r) =>
  grouped('bar', r, key.weekday('date'), [agg.avg('wind')], 'weekdays'),
);
q('weather', 'time grain', 'total precipitation by weekday', (r) =>
  grouped('bar', r, key.weekday('date'), [agg.sum('precipitation')], 'weekdays'),
);
q('weather', 'time grain', 'daily max temperature in March 2014', (r) =>
  grouped(
    'line',
    between(r, 'date', '2014-03-01', '2014-04-01'),
    (x) => (x.date as Date).toISOString().slice(0, 10),
    [agg.avg('temp_max')],
    'label-asc',
  ),
);
q('weather', 'several measures', 'max and min temperature by month', (r) =>
  grouped('line', r, wMonth, [agg.avg('temp_max'), agg.avg('temp_min')], 'label-asc'),
);
q('weather', 'several measures', 'average max temperature and average min temperature by year', (r) =>
  grouped('line', r, wYear, [agg.avg('temp_max'), agg.avg('temp_min')], 'label-asc'),
);
q('weather', 'several measures', 'highest max temperature and lowest min temperature by month of year', (r) =>
  grouped('bar', r, key.monthOfYear('date'), [agg.max('temp_max'), agg.min('temp_min')], 'months'),
);
q('weather', 'several measures', 'average wind and total precipitation by weather', (r) =>
  grouped('bar', r, kind, [agg.avg('wind'), agg.sum('precipitation')], 'value-desc'),
);
q('weather', 'time filter', 'total precipitation by month in 2015', (r) =>
  grouped('line', r.filter(yearIs('date', 2015)), wMonth, [agg.sum('precipitation')], 'label-asc'),
);
q('weather', 'time filter', 'average max temperature by month in the last 6 months', (r) =>
  grouped('line', between(r, 'date', '2015-07-01', '2016-01-01'), wMonth, [agg.avg('temp_max')], 'label-asc'),
);
q('weather', 'time filter', 'number of sunny days by month last year', (r) =>
  grouped(
    'line',
    r.filter(yearIs('date', 2015)).filter(is('weather', 'sun')),
    wMonth,
    [agg.count()],
    'label-asc',
  ),
);
q('weather', 'time filter', 'total precipitation by weather since 2014', (r) =>
  grouped(
    'bar',
    between(r, 'date', '2014-01-01', '2100-01-01'),
    kind,
    [agg.sum('precipitation')],
    'value-desc',
  ),
);
q('weather', 'time filter', 'average wind by weather between 2012 and 2013', (r) =>
  grouped('bar', between(r, 'date', '2012-01-01', '2014-01-01'), kind, [agg.avg('wind')], 'value-desc'),
);
q('weather', 'time filter', 'count of days by weather in the most recent year', (r) =>
  grouped('bar', r.filter(yearIs('date', 2015)), kind, [agg.count()], 'value-desc'),
);
q('weather', 'time filter', 'total precipitation in the last 30 days', (r) =>
  single(between(r, 'date', '2015-12-02', '2016-01-01'), [agg.sum('precipitation')], ['Total precipitation']),
);
q('weather', 'numeric filter', 'how many days with precipitation over 20', (r) =>
  single(
    r.filter((x) => (x.precipitation as number) > 20),
    [agg.count()],
    ['Count'],
  ),
);
q('weather', 'numeric filter', 'number of days with wind above 6 by year', (r) =>
  grouped(
    'line',
    r.filter((x) => (x.wind as number) > 6),
    wYear,
    [agg.count()],
    'label-asc',
  ),
);
q('weather', 'numeric filter', 'count of days with max temperature at least 30 by month of year', (r) =>
  grouped(
    'bar',
    r.filter((x) => (x.temp_max as number) >= 30),
    key.monthOfYear('date'),
    [agg.count()],
    'months',
  ),
);
q('weather', 'value filter', 'average wind on rainy days by year', (r) =>
  grouped('line', r.filter(is('weather', 'rain')), wYear, [agg.avg('wind')], 'label-asc'),
);
q('weather', 'value filter', 'average max temperature on sunny days by month of year', (r) =>
  grouped('bar', r.filter(is('weather', 'sun')), key.monthOfYear('date'), [agg.avg('temp_max')], 'months'),
);
q('weather', 'several values', 'number of days with fog or drizzle by year', (r) =>
  bySeries('line', r.filter(is('weather', 'fog', 'drizzle')), wYear, kind, agg.count(), 'label-asc'),
);
q('weather', 'exclusion', 'average wind by weather excluding sun', (r) =>
  grouped('bar', r.filter(isNot('weather', 'sun')), kind, [agg.avg('wind')], 'value-desc'),
);
q('weather', 'exclusion', 'days by weather other than rain', (r) =>
  grouped('bar', r.filter(isNot('weather', 'rain')), kind, [agg.count()], 'value-desc'),
);
q('weather', 'two groupings', 'number of days by year and weather', (r) =>
  bySeries('line', r, wYear, kind, agg.count(), 'label-asc'),
);
q('weather', 'two groupings', 'count of days by weather and month of year', (r) =>
  bySeries('bar', r, key.monthOfYear('date'), kind, agg.count(), 'months'),
);
q('weather', 'top k', 'top 3 months by total precipitation', (r) =>
  grouped('bar', r, wMonth, [agg.sum('precipitation')], 'value-desc', 3),
);
q('weather', 'top k', 'which weather has the highest average wind', (r) =>
  grouped('bar', r, kind, [agg.avg('wind')], 'value-desc', 1),
);
q('weather', 'top k', 'the 2 least common weather types', (r) =>
  grouped('bar', r, kind, [agg.count()], 'value-asc', 2),
);
q('weather', 'distribution', 'distribution of max temperature', (r) => histogram(r, 'temp_max'));
q('weather', 'distribution', 'histogram of wind', (r) => histogram(r, 'wind'));
q('weather', 'distribution', 'distribution of precipitation in 5 bins', (r) =>
  histogram(r, 'precipitation', 5),
);
q('weather', 'scatter', 'max temperature vs min temperature', () => ({
  scatter: { x: 'temp_min', y: 'temp_max' },
}));
q('weather', 'scatter', 'relationship between wind and precipitation', () => ({
  scatter: { x: 'wind', y: 'precipitation' },
}));
q('weather', 'chart type', 'pie chart of days by weather', (r) =>
  grouped('pie', r, kind, [agg.count()], 'value-desc'),
);
q('weather', 'chart type', 'proportion of days by weather', (r) =>
  grouped('pie', r, kind, [agg.count()], 'value-desc'),
);
q('weather', 'chart type', 'bar chart of total precipitation by year', (r) =>
  grouped('bar', r, wYear, [agg.sum('precipitation')], 'label-asc'),
);
q('weather', 'clarification', 'average temperature by month', () => 'clarification');
q('weather', 'clarification', 'temperature by year', () => 'clarification');
q('weather', 'not answerable', 'average humidity by month', () => 'unanswerable');
q('weather', 'not answerable', 'total sales by weather', () => 'unanswerable');

// ---------------------------------------------------------------- gapminder
const gYear = key.column('year');
const country = key.column('country');
q('gapminder', 'time grain', 'average life expectancy by year', (r) =>
  grouped('line', r, gYear, [agg.avg('life_expect')], 'label-asc'),
);
q('gapminder', 'time grain', 'total population by year', (r) =>
  grouped('line', r, gYear, [agg.sum('pop')], 'label-asc'),
);
q('gapminder', 'time grain', 'average fertility over time', (r) =>
  grouped('line', r, gYear, [agg.avg('fertility')], 'label-asc'),
);
q('gapminder', 'group', 'average life expectancy by cluster', (r) =>
  grouped('bar', r, key.column('cluster'), [agg.avg('life_expect')], 'label-asc'),
);
q('gapminder', 'group', 'total population per cluster', (r) =>
  grouped('bar', r, key.column('cluster'), [agg.sum('pop')], 'label-asc'),
);
q('gapminder', 'value filter', 'life expectancy of Japan by year', (r) =>
  grouped('line', r.filter(is('country', 'Japan')), gYear, [agg.avg('life_expect')], 'label-asc'),
);
q('gapminder', 'value filter', 'population of China over time', (r) =>
  grouped('line', r.filter(is('country', 'China')), gYear, [agg.sum('pop')], 'label-asc'),
);
q('gapminder', 'value filter', 'fertility in India by year', (r) =>
  grouped('line', r.filter(is('country', 'India')), gYear, [agg.avg('fertility')], 'label-asc'),
);
q('gapminder', 'several values', 'life expectancy of Japan and Brazil by year', (r) =>
  bySeries(
    'line',
    r.filter(is('country', 'Japan', 'Brazil')),
    gYear,
    country,
    agg.avg('life_expect'),
    'label-asc',
  ),
);
q('gapminder', 'several values', 'population of China, India and United States by year', (r) =>
  bySeries(
    'line',
    r.filter(is('country', 'China', 'India', 'United States')),
    gYear,
    country,
    agg.sum('pop'),
    'label-asc',
  ),
);
q('gapminder', 'time filter', 'average life expectancy by cluster in 2005', (r) =>
  grouped('bar', r.filter(is('year', 2005)), key.column('cluster'), [agg.avg('life_expect')], 'label-asc'),
);
q('gapminder', 'time filter', 'top 5 countries by population in 2005', (r) =>
  grouped('bar', r.filter(is('year', 2005)), country, [agg.sum('pop')], 'value-desc', 5),
);
q('gapminder', 'time filter', 'average fertility by cluster since 1990', (r) =>
  grouped(
    'bar',
    r.filter((x) => (x.year as number) >= 1990),
    key.column('cluster'),
    [agg.avg('fertility')],
    'label-asc',
  ),
);
q('gapminder', 'time filter', 'average life expectancy by year between 1960 and 1980', (r) =>
  grouped(
    'line',
    r.filter((x) => (x.year as number) >= 1960 && (x.year as number) <= 1980),
    gYear,
    [agg.avg('life_expect')],
    'label-asc',
  ),
);
q('gapminder', 'time filter', 'total population by cluster in the most recent year', (r) =>
  grouped('bar', r.filter(is('year', 2005)), key.column('cluster'), [agg.sum('pop')], 'label-asc'),
);
q('gapminder', 'numeric filter', 'number of countries with life expectancy over 75 by year', (r) =>
  grouped(
    'line',
    r.filter((x) => (x.life_expect as number) > 75),
    gYear,
    [agg.distinct('country')],
    'label-asc',
  ),
);
q('gapminder', 'numeric filter', 'how many countries had fertility below 2 in 2005', (r) =>
  single(
    r.filter((x) => (x.fertility as number) < 2 && x.year === 2005),
    [agg.distinct('country')],
    ['Distinct country'],
  ),
);
q('gapminder', 'top k', 'top 5 countries by life expectancy in 2005', (r) =>
  grouped('bar', r.filter(is('year', 2005)), country, [agg.avg('life_expect')], 'value-desc', 5),
);
q('gapminder', 'top k', 'bottom 5 countries by average life expectancy', (r) =>
  grouped('bar', r, country, [agg.avg('life_expect')], 'value-asc', 5),
);
q('gapminder', 'top k', 'which country has the highest average fertility', (r) =>
  grouped('bar', r, country, [agg.avg('fertility')], 'value-desc', 1),
);
q('gapminder', 'several measures', 'average life expectancy and average fertility by year', (r) =>
  grouped('line', r, gYear, [agg.avg('life_expect'), agg.avg('fertility')], 'label-asc'),
);
q('gapminder', 'two groupings', 'average life expectancy by year and cluster', (r) =>
  bySeries('line', r, gYear, key.column('cluster'), agg.avg('life_expect'), 'label-asc'),
);
q('gapminder', 'distribution', 'distribution of life expectancy', (r) => histogram(r, 'life_expect'));
q('gapminder', 'distribution', 'histogram of fertility in 2005', (r) =>
  histogram(r.filter(is('year', 2005)), 'fertility'),
);
q('gapminder', 'scatter', 'fertility vs life expectancy', () => ({
  scatter: { x: 'life_expect', y: 'fertility' },
}));
q('gapminder', 'scatter', 'relationship between population and life expectancy', () => ({
  scatter: { x: 'pop', y: 'life_expect' },
}));
q('gapminder', 'count', 'how many countries are there', (r) =>
  single(r, [agg.distinct('country')], ['Distinct country']),
);
q('gapminder', 'count', 'number of distinct countries by cluster', (r) =>
  grouped('bar', r, key.column('cluster'), [agg.distinct('country')], 'label-asc'),
);
q('gapminder', 'exclusion', 'total population by year excluding China and India', (r) =>
  grouped('line', r.filter(isNot('country', 'China', 'India')), gYear, [agg.sum('pop')], 'label-asc'),
);
q('gapminder', 'chart type', 'bar chart of average fertility by year', (r) =>
  grouped('bar', r, gYear, [agg.avg('fertility')], 'label-asc'),
);
q('gapminder', 'not answerable', 'average income by year', () => 'unanswerable');
q('gapminder', 'not answerable', 'total gdp by cluster', () => 'unanswerable');

// ---------------------------------------------------------------- first held-out batch
// Written after the engine was tuned on everything above and measured untuned (21 of 25);
// the reader was then improved on its misses, so these count as ordinary questions now.
const h = (dataset: DatasetName, kind: string, question: string, expected: QuestionCase['expected']) =>
  cases.push({ dataset, kind, question, expected });
h('cars', 'group', 'what is the average weight for each number of cylinders', (r) =>
  grouped('bar', r, key.column('Cylinders'), [agg.avg('Weight_in_lbs')], 'label-asc'),
);
h('cars', 'count', 'count the cars per origin', (r) =>
  grouped('bar', r, origin, [agg.count()], 'value-desc'),
);
h('cars', 'value filter', 'show me the average horsepower of european cars over the years', (r) =>
  grouped('line', r.filter(is('Origin', 'Europe')), carYear, [agg.avg('Horsepower')], 'label-asc'),
);
h('cars', 'numeric filter', 'how many cars weigh more than 4000 lbs', (r) =>
  single(
    r.filter((x) => (x.Weight_in_lbs as number) > 4000),
    [agg.count()],
    ['Count'],
  ),
);
h('cars', 'top k', 'top 3 origins by average acceleration', (r) =>
  grouped('bar', r, origin, [agg.avg('Acceleration')], 'value-desc', 3),
);
h('cars', 'time filter', 'average horsepower per year from 1975 to 1980', (r) =>
  grouped(
    'line',
    between(r, 'Year', '1975-01-01', '1981-01-01'),
    carYear,
    [agg.avg('Horsepower')],
    'label-asc',
  ),
);
h('cars', 'distribution', 'histogram of displacement', (r) => histogram(r, 'Displacement'));
h('cars', 'scatter', 'weight versus acceleration', () => ({
  scatter: { x: 'Acceleration', y: 'Weight_in_lbs' },
}));
h('stocks', 'value filter', 'what was the average price of apple in 2007', (r) =>
  single(r.filter(is('symbol', 'AAPL')).filter(yearIs('date', 2007)), [agg.avg('price')], ['Average price']),
);
h('stocks', 'time grain', 'quarterly average price of microsoft', (r) =>
  grouped('line', r.filter(is('symbol', 'MSFT')), key.quarter('date'), [agg.avg('price')], 'label-asc'),
);
h('stocks', 'top k', 'which ticker had the highest maximum price', (r) =>
  grouped('bar', r, symbol, [agg.max('price')], 'value-desc', 1),
);
h('stocks', 'exclusion', 'average price per year for all symbols except IBM and MSFT', (r) =>
  grouped('line', r.filter(isNot('symbol', 'IBM', 'MSFT')), stockYear, [agg.avg('price')], 'label-asc'),
);
h('stocks', 'two groupings', 'maximum price by symbol and year', (r) =>
  bySeries('line', r, stockYear, symbol, agg.max('price'), 'label-asc'),
);
h('weather', 'time grain', 'average minimum temperature per month of the year', (r) =>
  grouped('bar', r, key.monthOfYear('date'), [agg.avg('temp_min')], 'months'),
);
h('weather', 'count', 'how many foggy days were there each year', (r) =>
  grouped('line', r.filter(is('weather', 'fog')), wYear, [agg.count()], 'label-asc'),
);
h('weather', 'numeric filter', 'number of days with min temperature below 0 by year', (r) =>
  grouped(
    'line',
    r.filter((x) => (x.temp_min as number) < 0),
    wYear,
    [agg.count()],
    'label-asc',
  ),
);
h('weather', 'time filter', 'total precipitation per month during 2013', (r) =>
  grouped('line', r.filter(yearIs('date', 2013)), wMonth, [agg.sum('precipitation')], 'label-asc'),
);
h('weather', 'chart type', 'pie chart of total precipitation by weather', (r) =>
  grouped('pie', r, kind, [agg.sum('precipitation')], 'value-desc'),
);
h('weather', 'top k', 'the 5 windiest months', (r) =>
  grouped('bar', r, wMonth, [agg.avg('wind')], 'value-desc', 5),
);
h('weather', 'clarification', 'how did temperature change over time', () => 'clarification');
h('gapminder', 'value filter', 'how has the fertility of Brazil changed', (r) =>
  grouped('line', r.filter(is('country', 'Brazil')), gYear, [agg.avg('fertility')], 'label-asc'),
);
h('gapminder', 'top k', 'the 3 least populous countries in 2005', (r) =>
  grouped('bar', r.filter(is('year', 2005)), country, [agg.sum('pop')], 'value-asc', 3),
);
h('gapminder', 'time filter', 'average life expectancy by cluster before 1970', (r) =>
  grouped(
    'bar',
    r.filter((x) => (x.year as number) < 1970),
    key.column('cluster'),
    [agg.avg('life_expect')],
    'label-asc',
  ),
);
h('gapminder', 'several measures', 'average fertility and life expectancy by cluster', (r) =>
  grouped('bar', r, key.column('cluster'), [agg.avg('fertility'), agg.avg('life_expect')], 'label-asc'),
);
h('gapminder', 'not answerable', 'average literacy rate by year', () => 'unanswerable');

// ---------------------------------------------------------------- held out
// Written in one sitting after all tuning; the engine was not changed for them. Their accuracy
// is reported on its own.
const held = (dataset: DatasetName, kind: string, question: string, expected: QuestionCase['expected']) =>
  cases.push({ dataset, kind, question, expected, heldOut: true });
held('cars', 'group', 'average acceleration per origin', (r) =>
  grouped('bar', r, origin, [agg.avg('Acceleration')], 'value-desc'),
);
held('cars', 'count', 'how many cars have 6 cylinders', (r) =>
  single(r.filter(is('Cylinders', 6)), [agg.count()], ['Count']),
);
held('cars', 'time filter', 'median horsepower by origin since 1978', (r) =>
  grouped(
    'bar',
    between(r, 'Year', '1978-01-01', '2100-01-01'),
    origin,
    [agg.median('Horsepower')],
    'value-desc',
  ),
);
held('cars', 'top k', 'the 3 fastest accelerating car names by average acceleration', (r) =>
  grouped('bar', r, key.column('Name'), [agg.avg('Acceleration')], 'value-desc', 3),
);
held('cars', 'two groupings', 'average weight by year for each origin', (r) =>
  bySeries('line', r, carYear, origin, agg.avg('Weight_in_lbs'), 'label-asc'),
);
held('cars', 'numeric filter', 'average horsepower of cars with fewer than 5 cylinders by origin', (r) =>
  grouped(
    'bar',
    r.filter((x) => (x.Cylinders as number) < 5),
    origin,
    [agg.avg('Horsepower')],
    'value-desc',
  ),
);
held('stocks', 'time grain', 'yearly maximum price of google', (r) =>
  grouped('line', r.filter(is('symbol', 'GOOG')), stockYear, [agg.max('price')], 'label-asc'),
);
held('stocks', 'value filter', 'lowest price of amazon', (r) =>
  single(r.filter(is('symbol', 'AMZN')), [agg.min('price')], ['Minimum price']),
);
held('stocks', 'time filter', 'average price by symbol during 2004', (r) =>
  grouped('bar', r.filter(yearIs('date', 2004)), symbol, [agg.avg('price')], 'value-desc'),
);
held('stocks', 'chart type', 'line chart of average price by year', (r) =>
  grouped('line', r, stockYear, [agg.avg('price')], 'label-asc'),
);
held('weather', 'group', 'mean precipitation for each weather type', (r) =>
  grouped('bar', r, kind, [agg.avg('precipitation')], 'value-desc'),
);
held('weather', 'time grain', 'total precipitation per quarter', (r) =>
  grouped('line', r, key.quarter('date'), [agg.sum('precipitation')], 'label-asc'),
);
held('weather', 'count', 'number of days per weather in 2012', (r) =>
  grouped('bar', r.filter(yearIs('date', 2012)), kind, [agg.count()], 'value-desc'),
);
held('weather', 'numeric filter', 'how many days had wind over 7', (r) =>
  single(
    r.filter((x) => (x.wind as number) > 7),
    [agg.count()],
    ['Count'],
  ),
);
held('weather', 'distribution', 'distribution of min temperature', (r) => histogram(r, 'temp_min'));
held('weather', 'not answerable', 'average pressure by month', () => 'unanswerable');
held('gapminder', 'time grain', 'population of India over the years', (r) =>
  grouped('line', r.filter(is('country', 'India')), gYear, [agg.sum('pop')], 'label-asc'),
);
held('gapminder', 'top k', 'top 3 clusters by total population', (r) =>
  grouped('bar', r, key.column('cluster'), [agg.sum('pop')], 'value-desc', 3),
);
held('gapminder', 'exclusion', 'average life expectancy by year excluding Japan', (r) =>
  grouped('line', r.filter(isNot('country', 'Japan')), gYear, [agg.avg('life_expect')], 'label-asc'),
);
held('gapminder', 'scatter', 'population versus fertility', () => ({
  scatter: { x: 'fertility', y: 'pop' },
}));

export const QUESTIONS: readonly QuestionCase[] = cases;
