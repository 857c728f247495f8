import { normalQuantile } from './statistics.js';

/** A forecast with prediction intervals at one level. */
export interface Forecast {
  mean: number[];
  lower: number[];
  upper: number[];
  level: number;
}

/** A fitted model: how it was specified, how well it fits, and what it predicts. */
export interface FittedModel {
  name: string;
  description: string;
  /** Akaike's information criterion on the fitted data (lower is better). */
  aic: number;
  /** Standard deviation of the one-step errors. */
  sigma: number;
  forecast(horizon: number, level: number): Forecast;
}

/** Minimizes `f` by the Nelder–Mead simplex method. */
export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  step = 0.1,
  iterations = 400,
): number[] {
  const n = start.length;
  let simplex = [
    start,
    ...start.map((_, i) =>
      start.map((v, j) => (i === j ? v + (v === 0 ? step : step * Math.max(1, Math.abs(v))) : v)),
    ),
  ];
  let values = simplex.map(f);
  for (let it = 0; it < iterations; it += 1) {
    const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
    simplex = order.map((i) => simplex[i] as number[]);
    values = order.map((i) => values[i] as number);
    if (Math.abs((values[n] as number) - (values[0] as number)) < 1e-10 * (1 + Math.abs(values[0] as number)))
      break;
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + (p[j] as number), 0) / n);
    const worst = simplex[n] as number[];
    const along = (t: number) => centroid.map((c, j) => c + t * (c - (worst[j] as number)));
    const reflected = along(1);
    const fr = f(reflected);
    if (fr < (values[0] as number)) {
      const expanded = along(2);
      const fe = f(expanded);
      if (fe < fr) {
        simplex[n] = expanded;
        values[n] = fe;
      } else {
        simplex[n] = reflected;
        values[n] = fr;
      }
    } else if (fr < (values[n - 1] as number)) {
      simplex[n] = reflected;
      values[n] = fr;
    } else {
      const contracted = along(fr < (values[n] as number) ? 0.5 : -0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n] as number)) {
        simplex[n] = contracted;
        values[n] = fc;
      } else {
        const best = simplex[0] as number[];
        simplex = simplex.map((p, i) =>
          i === 0 ? p : p.map((v, j) => (best[j] as number) + 0.5 * (v - (best[j] as number))),
        );
        values = simplex.map(f);
      }
    }
  }
  const bestIndex = values.indexOf(Math.min(...values));
  return simplex[bestIndex] as number[];
}

const logistic = (v: number) => 1 / (1 + Math.exp(-v));

function intervals(mean: number[], variances: number[], level: number): Forecast {
  const z = normalQuantile(1 - (1 - level) / 2);
  return {
    mean,
    lower: mean.map((m, i) => m - z * Math.sqrt(variances[i] as number)),
    upper: mean.map((m, i) => m + z * Math.sqrt(variances[i] as number)),
    level,
  };
}

/** The seasonal naive forecast: each period repeats the same period one season before. */
export function seasonalNaive(y: number[], period: number): FittedModel {
  const m = Math.max(1, Math.min(period, y.length));
  const errors = y.slice(m).map((v, i) => v - (y[i] as number));
  const sigma = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / Math.max(1, errors.length));
  return {
    name: m > 1 ? 'seasonal_naive' : 'naive',
    description: m > 1 ? `seasonal naive (period ${m})` : 'naive (last value)',
    aic: Number.NaN,
    sigma,
    forecast(h, level) {
      const mean = Array.from({ length: h }, (_, i) => y[y.length - m + (i % m)] as number);
      const variances = Array.from({ length: h }, (_, i) => sigma * sigma * (Math.floor(i / m) + 1));
      return intervals(mean, variances, level);
    },
  };
}

/**
 * Exponential smoothing with additive trend and, with a period, additive seasonality (Holt's
 * linear method or Holt–Winters), smoothing parameters fitted by least squares of one-step errors.
 */
export function exponentialSmoothing(y: number[], period: number): FittedModel {
  const m = period > 1 && y.length >= 2 * period + 2 ? period : 0;
  const n = y.length;
  const initial = () => {
    if (!m)
      return { level: y[0] as number, trend: (y[1] as number) - (y[0] as number), season: [] as number[] };
    const first = y.slice(0, m).reduce((s, v) => s + v, 0) / m;
    const second = y.slice(m, 2 * m).reduce((s, v) => s + v, 0) / m;
    return { level: first, trend: (second - first) / m, season: y.slice(0, m).map((v) => v - first) };
  };
  const run = (alpha: number, beta: number, gamma: number) => {
    let { level, trend, season } = initial();
    season = [...season];
    let sse = 0;
    const start = m ? m : 1;
    if (m) {
      level = y.slice(0, m).reduce((s, v) => s + v, 0) / m;
    }
    for (let t = start; t < n; t += 1) {
      const s = m ? (season[t % m] as number) : 0;
      const predicted = level + trend + s;
      const error = (y[t] as number) - predicted;
      sse += error * error;
      const previousLevel = level;
      level = level + trend + alpha * error;
      trend = trend + alpha * beta * error;
      if (m) season[t % m] = s + gamma * (1 - alpha) * error;
      void previousLevel;
    }
    return { sse, level, trend, season, count: n - start };
  };
  const unpack = (x: number[]) =>
    [logistic(x[0] as number), logistic(x[1] as number), m ? logistic(x[2] as number) : 0] as const;
  const best = nelderMead(
    (x) => {
      const [a, b, g] = unpack(x);
      return run(a, b, g).sse;
    },
    m ? [0, -2, -2] : [0, -2],
  );
  const [alpha, beta, gamma] = unpack(best);
  const fit = run(alpha, beta, gamma);
  const sigma2 = fit.sse / Math.max(1, fit.count);
  const k = m ? 3 + m + 2 : 4;
  return {
    name: 'exponential_smoothing',
    description: m
      ? `Holt–Winters additive (period ${m}), α=${alpha.toFixed(3)} β=${beta.toFixed(3)} γ=${gamma.toFixed(3)}`
      : `Holt's linear trend, α=${alpha.toFixed(3)} β=${beta.toFixed(3)}`,
    aic: fit.count * Math.log(sigma2 || 1e-12) + 2 * k,
    sigma: Math.sqrt(sigma2),
    forecast(h, level) {
      const mean: number[] = [];
      const variances: number[] = [];
      let cumulative = 0;
      for (let i = 1; i <= h; i += 1) {
        const s = m ? (fit.season[(n + i - 1) % m] as number) : 0;
        mean.push(fit.level + i * fit.trend + s);
        variances.push(sigma2 * (1 + cumulative));
        // ETS(A,A,A) variance: each further step adds (α(1 + jβ) + γ[j ≡ 0 mod m])².
        const c = alpha * (1 + i * beta) + (m && i % m === 0 ? gamma * (1 - alpha) : 0);
        cumulative += c * c;
      }
      return intervals(mean, variances, level);
    },
  };
}

/** An ARIMA(p, d, q) × (0, D, 0)m specification. */
export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  seasonalD: number;
  period: number;
}

function difference(y: number[], lag: number): number[] {
  return y.slice(lag).map((v, i) => v - (y[i] as number));
}

/** Multiplies two polynomials in the backshift operator (coefficient arrays, index = power). */
function multiply(a: number[], b: number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  a.forEach((x, i) => {
    b.forEach((y, j) => {
      out[i + j] = (out[i + j] as number) + x * y;
    });
  });
  return out;
}

/**
 * Fits ARIMA(p,d,q) with optional seasonal differencing by conditional sum of squares (a mean
 * term when nothing is differenced), and forecasts with ψ-weight prediction intervals.
 */
export function fitArima(y: number[], order: ArimaOrder): FittedModel | undefined {
  const { p, d, q, seasonalD, period } = order;
  let w = [...y];
  for (let i = 0; i < seasonalD; i += 1) w = difference(w, period);
  for (let i = 0; i < d; i += 1) w = difference(w, 1);
  const n = w.length;
  if (n < p + q + 8) return undefined;
  const withMean = d + seasonalD === 0 || d + seasonalD === 1;
  const meanStart = withMean ? w.reduce((s, v) => s + v, 0) / n : 0;
  const residuals = (params: number[]) => {
    const phi = params.slice(0, p);
    const theta = params.slice(p, p + q);
    const mu = withMean ? (params[p + q] as number) : 0;
    const e = new Array<number>(n).fill(0);
    let sse = 0;
    const start = p;
    for (let t = start; t < n; t += 1) {
      let predicted = mu;
      for (let i = 0; i < p; i += 1) predicted += (phi[i] as number) * ((w[t - i - 1] as number) - mu);
      for (let j = 0; j < q; j += 1)
        predicted += (theta[j] as number) * (t - j - 1 >= 0 ? (e[t - j - 1] as number) : 0);
      e[t] = (w[t] as number) - predicted;
      sse += (e[t] as number) ** 2;
    }
    return { e, sse, count: n - start };
  };
  const stable = (coefficients: number[]) => coefficients.reduce((s, c) => s + Math.abs(c), 0) < 0.999;
  const objective = (params: number[]) => {
    const phi = params.slice(0, p);
    const theta = params.slice(p, p + q);
    if (!stable(phi) || !stable(theta)) return 1e300;
    return residuals(params).sse;
  };
  const start = [...new Array(p + q).fill(0.1), ...(withMean ? [meanStart] : [])];
  const params = start.length > 0 ? nelderMead(objective, start, 0.1, 600) : [];
  if (objective(params) >= 1e300) return undefined;
  const { e, sse, count } = residuals(params);
  const sigma2 = sse / Math.max(1, count);
  const k = p + q + (withMean ? 1 : 0) + 1;
  const phi = params.slice(0, p);
  const theta = params.slice(p, p + q);
  const mu = withMean ? (params[p + q] as number) : 0;
  const name = `ARIMA(${p},${d},${q})${seasonalD ? `(0,${seasonalD},0)[${period}]` : ''}`;
  return {
    name: 'arima',
    description: `${name}${withMean && mu !== 0 ? ` with ${d + seasonalD ? 'drift' : 'mean'} ${mu.toPrecision(4)}` : ''}, fitted by conditional sum of squares`,
    aic: count * Math.log(sigma2 || 1e-12) + 2 * k,
    sigma: Math.sqrt(sigma2),
    forecast(h, level) {
      // Forecast the differenced series, then undo the differencing.
      const future = [...w];
      const errors = [...e];
      for (let i = 0; i < h; i += 1) {
        const t = future.length;
        let value = mu;
        for (let a = 0; a < p; a += 1) value += (phi[a] as number) * ((future[t - a - 1] as number) - mu);
        for (let b = 0; b < q; b += 1) value += (theta[b] as number) * (errors[t - b - 1] ?? 0);
        future.push(value);
        errors.push(0);
      }
      let path = future.slice(n);
      // Rebuild levels: each differencing undone in reverse order with the observed history.
      const histories: Array<{ lag: number; series: number[] }> = [];
      let series = [...y];
      for (let i = 0; i < seasonalD; i += 1) {
        histories.push({ lag: period, series });
        series = difference(series, period);
      }
      for (let i = 0; i < d; i += 1) {
        histories.push({ lag: 1, series });
        series = difference(series, 1);
      }
      for (const { lag, series: history } of histories.reverse()) {
        const extended = [...history];
        for (const v of path) extended.push(v + (extended[extended.length - lag] as number));
        path = extended.slice(history.length);
      }
      // ψ weights of φ(B)(1−B)^d(1−B^m)^D against θ(B) give the h-step variances.
      let ar = [1, ...phi.map((c) => -c)];
      for (let i = 0; i < d; i += 1) ar = multiply(ar, [1, -1]);
      for (let i = 0; i < seasonalD; i += 1) ar = multiply(ar, [1, ...new Array(period - 1).fill(0), -1]);
      const ma = [1, ...theta];
      const psi: number[] = [];
      for (let j = 0; j < h; j += 1) {
        let value = j < ma.length ? (ma[j] as number) : 0;
        for (let i = 1; i <= Math.min(j, ar.length - 1); i += 1)
          value -= (ar[i] as number) * (psi[j - i] as number);
        psi.push(value);
      }
      const variances: number[] = [];
      let cumulative = 0;
      for (let j = 0; j < h; j += 1) {
        cumulative += (psi[j] as number) ** 2;
        variances.push(sigma2 * cumulative);
      }
      return intervals(path, variances, level);
    },
  };
}

/** The autocorrelation of a series at a lag. */
export function autocorrelation(y: number[], lag: number): number {
  const n = y.length;
  const mean = y.reduce((s, v) => s + v, 0) / n;
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t += 1) {
    den += ((y[t] as number) - mean) ** 2;
    if (t >= lag) num += ((y[t] as number) - mean) * ((y[t - lag] as number) - mean);
  }
  return den === 0 ? 0 : num / den;
}

/** The seasonal period among the candidates whose autocorrelation (after removing trend) is strongest, if clear. */
export function detectPeriod(y: number[], candidates: number[]): number {
  const detrended = difference(y, 1);
  let best = 1;
  let bestValue = 0.3;
  for (const m of candidates) {
    if (detrended.length < 2 * m + 2) continue;
    const value = autocorrelation(detrended, m);
    if (value > bestValue) {
      best = m;
      bestValue = value;
    }
  }
  return best;
}

/**
 * Chooses an ARIMA order automatically: seasonal differencing when the series is seasonal,
 * a first difference when it still trends, then the (p, q) with the lowest AIC.
 */
export function autoArima(y: number[], period: number): FittedModel {
  const seasonalD = period > 1 && y.length >= 3 * period ? 1 : 0;
  let w = seasonalD ? difference(y, period) : [...y];
  const d = autocorrelation(w, 1) > 0.8 ? 1 : 0;
  if (d) w = difference(w, 1);
  let best: FittedModel | undefined;
  for (let p = 0; p <= 3; p += 1) {
    for (let q = 0; q <= 2; q += 1) {
      const model = fitArima(y, { p, d, q, seasonalD, period });
      if (model && (!best || model.aic < best.aic)) best = model;
    }
  }
  return best ?? seasonalNaive(y, period);
}

/** Forecast accuracy on a holdout: mean absolute error, RMSE and MAPE (when no actual is zero). */
export function accuracy(
  actual: number[],
  predicted: number[],
): { mae: number; rmse: number; mape: number | null } {
  const errors = actual.map((a, i) => a - (predicted[i] as number));
  const mae = errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length;
  const rmse = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
  const mape = actual.some((a) => a === 0)
    ? null
    : (100 * errors.reduce((s, e, i) => s + Math.abs(e / (actual[i] as number)), 0)) / errors.length;
  return { mae, rmse, mape };
}
