import { formatNumber, roundForText } from './insights.js';
import { benjaminiHochberg, correlationInterval, correlationP, fTestP } from './statistics.js';

/** What the data says about one candidate factor, as measured against the target. */
export type FactorStats =
  | {
      kind: 'numeric';
      factor: string;
      n: number;
      pearson: number;
      spearman: number;
      /**
       * How the factor is part of the target, when it is: the target equals it on (nearly) every
       * row, or equals it plus or minus another column ("total cost" = repair + other).
       */
      component?: { relation: 'identity' | 'sum' | 'difference'; with?: string; share: number };
    }
  | {
      kind: 'categorical';
      factor: string;
      /** Per group: size, mean of the target, and the within-group sum of squares. */
      groups: Array<{ value: string; n: number; mean: number; withinSS: number }>;
    }
  | { kind: 'time'; factor: string; n: number; r: number; slopePerYear: number };

/** One scored factor, as the platform reference's `primary_drivers` shows it, plus the evidence. */
export interface Driver {
  factor: string;
  kind: FactorStats['kind'];
  /** Pearson r (numeric, time) or the correlation ratio η = √η² (categorical). */
  correlation: number;
  impact: 'High' | 'Medium' | 'Low';
  /** 1 − the false-discovery-rate-adjusted p-value. */
  confidence: number;
  p_value: number;
  adjusted_p_value: number;
  n: number;
  evidence: Record<string, unknown>;
}

export interface DriverReport {
  target: string;
  tested: Driver[];
  primary: Driver[];
  /** Factors the target is computed from: reported as parts of it, never as drivers. */
  components: Array<{
    factor: string;
    relation: 'identity' | 'sum' | 'difference';
    with?: string;
    share: number;
  }>;
  insights: Array<{ text: string; factor: string; values: Record<string, number | string> }>;
  recommendations: Array<{ text: string; driver: string }>;
  method: string;
}

const round = (v: number, digits = 3) => Number(v.toFixed(digits));

function impactOf(strength: number): Driver['impact'] {
  return strength >= 0.5 ? 'High' : strength >= 0.3 ? 'Medium' : 'Low';
}

/** Scores one factor: its effect size, p-value and the evidence behind both. */
function score(stats: FactorStats): Omit<Driver, 'confidence' | 'adjusted_p_value' | 'impact'> | undefined {
  if (stats.kind === 'numeric') {
    if (stats.n < 4 || !Number.isFinite(stats.pearson)) return undefined;
    const [lo, hi] = correlationInterval(stats.pearson, stats.n);
    return {
      factor: stats.factor,
      kind: 'numeric',
      correlation: round(stats.pearson),
      p_value: correlationP(stats.pearson, stats.n),
      n: stats.n,
      evidence: {
        pearson: round(stats.pearson),
        spearman: round(stats.spearman),
        confidence_interval_95: [round(lo), round(hi)],
      },
    };
  }
  if (stats.kind === 'time') {
    if (stats.n < 4 || !Number.isFinite(stats.r)) return undefined;
    const [lo, hi] = correlationInterval(stats.r, stats.n);
    return {
      factor: stats.factor,
      kind: 'time',
      correlation: round(stats.r),
      p_value: correlationP(stats.r, stats.n),
      n: stats.n,
      evidence: {
        trend_per_year: roundForText(stats.slopePerYear),
        confidence_interval_95: [round(lo), round(hi)],
      },
    };
  }
  const groups = stats.groups.filter((g) => g.n > 0);
  const n = groups.reduce((s, g) => s + g.n, 0);
  const k = groups.length;
  if (k < 2 || n <= k) return undefined;
  const grand = groups.reduce((s, g) => s + g.mean * g.n, 0) / n;
  const between = groups.reduce((s, g) => s + g.n * (g.mean - grand) ** 2, 0);
  const within = groups.reduce((s, g) => s + g.withinSS, 0);
  const total = between + within;
  if (total === 0) return undefined;
  const eta2 = between / total;
  const f = within === 0 ? Number.POSITIVE_INFINITY : between / (k - 1) / (within / (n - k));
  return {
    factor: stats.factor,
    kind: 'categorical',
    correlation: round(Math.sqrt(eta2)),
    p_value: Number.isFinite(f) ? fTestP(f, k - 1, n - k) : 0,
    n,
    evidence: {
      eta_squared: round(eta2),
      group_means: Object.fromEntries(
        [...groups].sort((a, b) => b.mean - a.mean).map((g) => [g.value, roundForText(g.mean)]),
      ),
      // The same, highest first, as a list: an object's key order is not kept for keys like "2000".
      ranked_groups: [...groups]
        .sort((a, b) => b.mean - a.mean)
        .map((g) => ({ value: g.value, mean: roundForText(g.mean), n: g.n })),
      groups: k,
    },
  };
}

/**
 * Scores every factor against the target, corrects the p-values for testing many factors at
 * once (Benjamini–Hochberg), and keeps as primary drivers those whose confidence reaches the
 * threshold, strongest first. Insights and recommendations cite the driver they rest on and say
 * that the evidence is correlational.
 */
export function analyzeDrivers(target: string, factors: FactorStats[], threshold = 0.95): DriverReport {
  // A part of the target "explains" it by construction: reported as such, never scored as a driver.
  const components: DriverReport['components'] = [];
  for (const f of factors) {
    if (f.kind === 'numeric' && f.component) components.push({ factor: f.factor, ...f.component });
  }
  const scored = factors
    .filter((f) => !(f.kind === 'numeric' && f.component))
    .map(score)
    .filter((d): d is NonNullable<ReturnType<typeof score>> => d !== undefined);
  const adjusted = benjaminiHochberg(scored.map((d) => d.p_value));
  const tested: Driver[] = scored
    .map((d, i) => {
      const q = adjusted[i] as number;
      return {
        ...d,
        p_value: Number(d.p_value.toPrecision(3)),
        adjusted_p_value: Number(q.toPrecision(3)),
        confidence: round(1 - q, 3),
        impact: impactOf(Math.abs(d.correlation)),
      };
    })
    .sort((a, b) => Math.abs(b.correlation) - Math.abs(a.correlation));
  const primary = tested.filter((d) => d.confidence >= threshold && d.impact !== 'Low').slice(0, 10);

  const insights: DriverReport['insights'] = [];
  const recommendations: DriverReport['recommendations'] = [];
  for (const part of components) {
    const how =
      part.relation === 'identity'
        ? `equals ${target}`
        : part.relation === 'sum'
          ? `adds up to ${target} with ${part.with}`
          : `gives ${target} together with ${part.with} (a difference)`;
    insights.push({
      factor: part.factor,
      text: `${part.factor} is part of ${target}, not a driver of it: it ${how} on ${formatNumber(round(part.share * 100, 1))}% of rows`,
      values: { share_percent: round(part.share * 100, 1), relation: part.relation },
    });
  }
  for (const driver of primary.slice(0, 5)) {
    const r = driver.correlation;
    if (driver.kind === 'categorical') {
      const ranked = driver.evidence.ranked_groups as Array<{ value: string; mean: number }>;
      const highest = ranked[0] as { value: string; mean: number };
      const lowest = ranked[ranked.length - 1] as { value: string; mean: number };
      const [top, bottom]: [[string, number], [string, number]] = [
        [highest.value, highest.mean],
        [lowest.value, lowest.mean],
      ];
      const eta2 = driver.evidence.eta_squared as number;
      insights.push({
        factor: driver.factor,
        text: `${driver.factor} explains ${formatNumber(round(eta2 * 100, 1))}% of the variation in ${target} (η² = ${eta2}, n = ${driver.n}); ${target} averages ${formatNumber(top[1])} for ${top[0]} and ${formatNumber(bottom[1])} for ${bottom[0]}`,
        values: {
          eta2_percent: round(eta2 * 100, 1),
          eta_squared: eta2,
          n: driver.n,
          high: top[1],
          low: bottom[1],
        },
      });
      recommendations.push({
        driver: driver.factor,
        text: `Look into why ${target} is higher for ${top[0]} than for ${bottom[0]} (${driver.factor}) before acting on it: the difference is an association in this data, not proof that ${driver.factor} causes it.`,
      });
    } else {
      const direction = r > 0 ? 'rises' : 'falls';
      const ci = driver.evidence.confidence_interval_95 as [number, number];
      insights.push({
        factor: driver.factor,
        text: `${target} ${direction} with ${driver.factor} (r = ${r}, 95% interval ${ci[0]} to ${ci[1]}, n = ${driver.n})`,
        values: { r, ci_low: ci[0], ci_high: ci[1], n: driver.n, interval_percent: 95 },
      });
      recommendations.push({
        driver: driver.factor,
        text:
          driver.kind === 'time'
            ? `Plan for the ${r > 0 ? 'upward' : 'downward'} drift of ${target} over ${driver.factor}, and check what changed over that time: a trend is correlational evidence, not a cause.`
            : `Test whether changing ${driver.factor} moves ${target} (for example with a controlled experiment) before relying on it: the correlation (r = ${r}) does not show causation.`,
      });
    }
  }
  return {
    target,
    tested,
    primary,
    components,
    insights,
    recommendations,
    method:
      'columns the target is computed from (equal to it, or summing or differencing to it with another column on 99% of rows) are reported as components, not drivers; numeric factors: Pearson and Spearman correlation with a Fisher-z 95% interval; categorical factors: one-way ANOVA effect size (η²) with group means; time: correlation of the target with time; p-values adjusted for the number of factors tested (Benjamini–Hochberg); confidence = 1 − adjusted p-value',
  };
}
