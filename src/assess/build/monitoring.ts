import {
  adjustPValues,
  cusumShift,
  latticeSteps,
  mixedPoissonMonth,
  poissonCusum,
  poissonCusumArl,
  poissonCusumOnProbability,
  poissonCusumReach,
  poissonCusumLimitGuess,
  smallestLimit,
  type CusumLattice,
  type CusumMonth,
  type CusumSide,
  type PoissonCusumRun,
} from '../../core/stats/index.ts';
import { monthLabel } from '../../core/periods/index.ts';
import type { AreaRef, EmergingSignal, MonitoringCheck, MonitoringSection, RangeStatus } from '../schema.ts';

/** Months monitored, ending at the assessed month. */
export const MONITORED_MONTHS = 12;
/** Months before the monitored ones that set the expected level (at least MIN_BASELINE used). */
export const BASELINE_MONTHS = 24;
export const MIN_BASELINE = 12;
/** Months of consecutive history monitoring needs: the shortest baseline and the monitored months. */
export const MONITOR_MIN_MONTHS = MIN_BASELINE + MONITORED_MONTHS;
/** Mean expected count a month below which a series is not monitored (too few events for a chart to say anything). */
export const MIN_EXPECTED = 1;
/** Mean monthly count from which the expected level follows the calendar month (smaller series are too noisy for a seasonal pattern). */
export const SEASONAL_FROM = 30;
/** Expected false signals per month a district's design allows: across its own series (one per measure), and across all its ward series. */
export const FALSE_ALARM_BUDGET = { district: 0.5, wards: 1 };
/** A chart's false-signal probability in a month is never set above this (once in five years), however few series a district has. */
export const MAX_CHART_PROBABILITY = 1 / 60;
/** The smallest year-to-year variation of a series' level assumed (coefficient of variation): no level repeats exactly. */
export const MIN_LEVEL_CV = 0.03;

export interface MonitorSeries {
  measure: { id: string; title: string };
  area: AreaRef;
  /** consecutive months ending at the assessed month */
  months: readonly string[];
  counts: readonly number[];
}

export interface MonitoringOptions {
  alpha: number;
  falseAlarmBudget?: { district: number; wards: number };
}

/** Five-point Gauss–Hermite rule for E[f(Z)], Z standard normal (nodes √2·xᵢ, weights wᵢ/√π; Abramowitz & Stegun table 25.10). */
const HERMITE_5 = hermite(
  [0, 0.9585724646138185, 2.0201828704560856],
  [0.9453087204829419, 0.3936193231522412, 0.019953242059045913],
);

function hermite(x: number[], w: number[]): { z: number; weight: number }[] {
  const out: { z: number; weight: number }[] = [];
  x.forEach((xi, i) => {
    const weight = w[i]! / Math.sqrt(Math.PI);
    out.push({ z: Math.SQRT2 * xi, weight });
    if (xi !== 0) out.push({ z: -Math.SQRT2 * xi, weight });
  });
  return out;
}

/** Multipliers of a log-normal with mean 1 and variance `v` (of the multiplier), as quadrature points. */
function levelPoints(v: number, rule: readonly { z: number; weight: number }[]): { value: number; weight: number }[] {
  if (!(v > 0)) return [{ value: 1, weight: 1 }];
  const s2 = Math.log(1 + v);
  const s = Math.sqrt(s2);
  return rule.map((p) => ({ value: Math.exp(s * p.z - s2 / 2), weight: p.weight }));
}

interface Prepared {
  input: MonitorSeries;
  /** the monitored months' expected counts */
  expected: number[];
  counts: number[];
  months: string[];
  expectedBy: 'seasonal' | 'flat';
  /** events behind the level (the last baseline year) */
  levelEvents: number;
  /** variance of each month's own seasonal index estimate (0 for a flat series) */
  monthVar: number[];
  /** consecutive baseline years' totals (later, earlier), for the year-to-year variation */
  yearPairs: [number, number][];
  /** variance of the level multiplier shared by the monitored months (set once pooled) */
  levelVar: number;
}

/**
 * The expected count of each monitored month: the level of the last baseline year (its mean month)
 * or, for series averaging SEASONAL_FROM or more a month with two full baseline years, that level
 * times the calendar month's index over the baseline (its mean over the baseline's mean). Null when
 * the series is too short.
 */
function prepare(input: MonitorSeries): Prepared | null {
  const n = input.counts.length;
  const available = n - MONITORED_MONTHS;
  if (available < MIN_BASELINE) return null;
  const from = Math.max(0, available - BASELINE_MONTHS);
  const base = input.counts.slice(from, available);
  const baseMean = base.reduce((a, b) => a + b, 0) / base.length;
  const lastYear = input.counts.slice(available - 12, available).reduce((a, b) => a + b, 0);
  const level = lastYear / 12;
  const seasonal = baseMean >= SEASONAL_FROM && base.length >= 24;
  const expected: number[] = [];
  const monthVar: number[] = [];
  for (let i = available; i < n; i++) {
    if (!seasonal) {
      expected.push(level);
      monthVar.push(0);
      continue;
    }
    let sum = 0;
    let k = 0;
    for (let j = i - 12; j >= from; j -= 12) {
      if (j < available) {
        sum += input.counts[j]!;
        k++;
      }
    }
    const index = k > 0 && sum > 0 ? sum / k / baseMean : 1;
    expected.push(level * index);
    monthVar.push(sum > 0 ? 1 / sum : 0);
  }
  const yearPairs: [number, number][] = [];
  const yearTotal = (k: number) =>
    available - 12 * (k + 1) >= 0
      ? input.counts.slice(available - 12 * (k + 1), available - 12 * k).reduce((a, b) => a + b, 0)
      : null;
  for (let k = 0; k < 3; k++) {
    const later = yearTotal(k);
    const earlier = yearTotal(k + 1);
    if (later !== null && earlier !== null) yearPairs.push([later, earlier]);
  }
  return {
    input,
    expected,
    counts: input.counts.slice(available),
    months: input.months.slice(available),
    expectedBy: seasonal ? 'seasonal' : 'flat',
    levelEvents: lastYear,
    monthVar,
    yearPairs,
    levelVar: 0,
  };
}

/**
 * The year-to-year variation of a level (squared coefficient of variation): the mean squared log
 * change between consecutive years less what Poisson noise explains, from every pair whose years
 * both hold at least 5 events; null when there is none.
 */
function yearVariation(pairs: readonly [number, number][]): number | null {
  const usable = pairs.filter(([a, b]) => a >= 5 && b >= 5);
  if (usable.length === 0) return null;
  const excess = usable.reduce((s, [a, b]) => s + Math.log(a / b) ** 2 - 1 / a - 1 / b, 0) / usable.length;
  return Math.max(MIN_LEVEL_CV ** 2, excess);
}

function rangeStatus(
  count: number,
  r: { lower80: number; upper80: number; lower95: number; upper95: number },
): RangeStatus {
  if (count > r.upper95) return 'above-95';
  if (count > r.upper80) return 'above-80';
  if (count < r.lower95) return 'below-95';
  if (count < r.lower80) return 'below-80';
  return 'within';
}

/** The monitored months as chart months when the shared level multiplier is `level`. */
function monthsAt(expected: readonly number[], monthVar: readonly number[], level: number): CusumMonth[] {
  return expected.map((mu, t) => chartMonth(mu, monthVar[t]!, level));
}

const monthMemo = new Map<string, CusumMonth>();

/** A month of expected count μ, its own variance `v`, at shared level `level` (memoised: flat series repeat one month, and wards share levels). */
function chartMonth(mu: number, v: number, level: number): CusumMonth {
  const key = `${mu}|${v}|${level}`;
  let month = monthMemo.get(key);
  if (!month) {
    month = mixedPoissonMonth(
      mu,
      levelPoints(v, HERMITE_5).map((m) => ({ value: m.value * level, weight: m.weight })),
    );
    if (monthMemo.size > 50000) monthMemo.clear();
    monthMemo.set(key, month);
  }
  return month;
}

type LevelMonths = { value: number; weight: number; months: CusumMonth[] }[];

/** The months at each quadrature point of the shared level (built once: the count distributions are the costly part). */
function levelMonths(
  expected: readonly number[],
  monthVar: readonly number[],
  levelVar: number,
  rule = HERMITE_5,
): LevelMonths {
  return levelPoints(levelVar, rule).map((p) => ({ ...p, months: monthsAt(expected, monthVar, p.value) }));
}

/** E over the shared level of f(months at that level, in month range [from, to]). */
function overLevel(levels: LevelMonths, f: (months: CusumMonth[]) => number, from = 0, to = Infinity): number {
  return levels.reduce((s, l) => s + l.weight * f(l.months.slice(from, to + 1)), 0);
}

const thresholdMemo = new Map<string, number>();

/** The months a design is computed on: MONITORED_MONTHS flat months of `level` expected, at each point of the uncertain level. */
function designMonths(level: number, levelVar: number, monthVar: number): LevelMonths {
  return levelMonths(
    new Array<number>(MONITORED_MONTHS).fill(level),
    new Array<number>(MONITORED_MONTHS).fill(monthVar),
    levelVar,
  );
}

/** The chance designThreshold bounds: a chart with decision interval `h` signalling in the last monitored month, averaged over the level. */
export function designOnProbability(
  level: number,
  levelVar: number,
  monthVar: number,
  lattice: CusumLattice,
  side: CusumSide,
  h: number,
): number {
  return overLevel(designMonths(level, levelVar, monthVar), (ms) => poissonCusumOnProbability(ms, lattice, side, h));
}

/**
 * The smallest decision interval (lattice states) at which a chart on MONITORED_MONTHS flat months
 * of `level` expected, the level uncertain by `levelVar`, signals in the last month with probability
 * at most `q` (designOnProbability). Searched from Siegmund's approximation along the secant of
 * log-probability (smallestLimit: three or four evaluations of the chain instead of bisection's ten
 * or so, the same answer); an evaluation stops adding levels once it is known to be above q.
 */
export function designThreshold(
  level: number,
  levelVar: number,
  monthVar: number,
  lattice: CusumLattice,
  side: CusumSide,
  q: number,
  onEvaluation?: (h: number) => void,
): number {
  const key = `${level}|${levelVar}|${monthVar}|${lattice.steps}|${lattice.shift}|${side}|${q}`;
  const known = thresholdMemo.get(key);
  if (known !== undefined) return known;
  // the levels likeliest to signal first: a limit too low is known from one or two of them, the rest only adding
  const ordered = designMonths(level, levelVar, monthVar).sort((a, b) =>
    side === 'up' ? b.value - a.value : a.value - b.value,
  );
  const prob = (h: number) => {
    onEvaluation?.(h);
    let sum = 0;
    for (const l of ordered) {
      sum += l.weight * poissonCusumOnProbability(l.months, lattice, side, h);
      if (sum > q) break;
    }
    return sum;
  };
  const mixture = levelPoints(levelVar + monthVar / MONITORED_MONTHS, HERMITE_5);
  const guess = poissonCusumLimitGuess(level, mixture, lattice, side, q, MONITORED_MONTHS);
  const h = smallestLimit(prob, q, guess.limit, { slope: guess.slope });
  if (thresholdMemo.size > 20000) thresholdMemo.clear();
  thresholdMemo.set(key, h);
  return h;
}

const arlMemo = new Map<string, number>();
function arlAt(level: number, lattice: CusumLattice, threshold: number, side: CusumSide): number {
  const key = `${level}|${lattice.steps}|${lattice.shift}|${threshold}|${side}`;
  let arl = arlMemo.get(key);
  if (arl === undefined) {
    arl = poissonCusumArl(level, lattice, threshold, side);
    if (arlMemo.size > 20000) arlMemo.clear();
    arlMemo.set(key, arl);
  }
  return arl;
}

interface Charted {
  p: Prepared;
  lattice: CusumLattice;
  thresholds: { up: number; down: number; arlUp: number; arlDown: number };
  run: PoissonCusumRun;
  pValue: number;
  falseAlarmProbability: number;
}

/** The chart's p-value: the in-control probability of reaching its evidence as fast (the signal's, when on; else the larger side's current sum), two-sided. */
function chartPValue(levels: LevelMonths, p: Prepared, lattice: CusumLattice, run: PoissonCusumRun): number {
  const reach = (from: number, to: number, side: CusumSide, level: number) =>
    overLevel(levels, (ms) => poissonCusumReach(ms, lattice, side, level), from, to);
  const last = p.counts.length - 1;
  if (run.signal)
    return Math.min(1, 2 * reach(run.signal.restart, run.signal.alarm, run.signal.side, run.signal.level));
  if (run.restart > last) return 1;
  return Math.min(
    1,
    2 * Math.min(reach(run.restart, last, 'up', run.level.up), reach(run.restart, last, 'down', run.level.down)),
  );
}

const whole = (n: number) => Math.round(n).toLocaleString('en-GB');
const oneDp = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en-GB', { maximumFractionDigits: 1 });
const pText = (p: number) => (p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`);

/** One sentence for a signal, from the numbers the signal carries. */
export function signalExplanation(s: Omit<EmergingSignal, 'explanation'>, monitored: number): string {
  const where = s.area.level === 'district' ? 'the district' : `${s.area.name ?? s.area.code} (${s.area.level})`;
  const way = s.direction === 'increase' ? 'above' : 'below';
  const excess = s.excess ?? 0;
  const alarmed =
    s.alarm && s.alarm !== s.latest.month
      ? `, signalled in ${monthLabel(s.alarm)} and ${way} expected every month since`
      : '';
  return (
    `${s.title} in ${where} has run ${way} its expected level since ${monthLabel(s.since)}${alarmed}: ` +
    `${whole(s.latest.count)} in ${monthLabel(s.latest.month)} against ${oneDp(s.latest.expected)} expected, ` +
    `${whole(Math.abs(excess))} ${excess >= 0 ? 'more' : 'fewer'} than expected since ${monthLabel(s.since)} ` +
    `(p ${pText(s.pValue ?? 1)}; ${pText(s.pAdjusted ?? 1).replace(/^= /, '')} after allowing for the ${whole(monitored)} series monitored).`
  );
}

/** The latest month's predictive distribution: Poisson around the expected count, its level and seasonal index uncertain. */
function latestRange(p: Prepared): {
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  pValue: number;
  outside95: number;
} {
  const t = p.counts.length - 1;
  const mixture: { value: number; weight: number }[] = [];
  for (const l of levelPoints(p.levelVar, HERMITE_5))
    for (const m of levelPoints(p.monthVar[t]!, HERMITE_5))
      mixture.push({ value: l.value * m.value, weight: l.weight * m.weight });
  const { first, pmf } = mixedPoissonMonth(p.expected[t]!, mixture);
  const cdf = (x: number) => {
    let s = 0;
    for (let k = 0; k < pmf.length && first + k <= x; k++) s += pmf[k]!;
    return Math.min(1, s);
  };
  const quantile = (q: number) => {
    let s = 0;
    for (let k = 0; k < pmf.length; k++) {
      s += pmf[k]!;
      if (s >= q * (1 - 1e-12)) return first + k;
    }
    return first + pmf.length - 1;
  };
  const x = p.counts[t]!;
  const lower95 = quantile(0.025);
  const upper95 = quantile(0.975);
  return {
    lower80: quantile(0.1),
    upper80: quantile(0.9),
    lower95,
    upper95,
    pValue: Math.min(1, 2 * Math.min(cdf(x), 1 - cdf(x - 1))),
    outside95: cdf(lower95 - 1) + 1 - cdf(upper95),
  };
}

/**
 * The district's monthly monitoring (docs/methods.md, Monitoring): every series (the district and
 * each ward, for each measure) with enough history and at least MIN_EXPECTED expected a month is
 * charted by two Poisson CUSUMs. In control, a month's count is Poisson around its expected count
 * times a level shared by the monitored months that is uncertain (the series' year-to-year
 * variation and the estimate's own error). Each chart's decision interval makes its chance of
 * signalling in a month at most FALSE_ALARM_BUDGET ÷ (2 × series), so that about that many false
 * signals are expected a month across the district; each signal's p-value comes from the in-control
 * run-length distribution and is Benjamini–Hochberg adjusted over the district's series; the latest
 * month is checked against its predictive range likewise.
 */
export function monitorDistrict(
  all: readonly MonitorSeries[],
  month: string,
  options: MonitoringOptions,
): MonitoringSection {
  const budget = options.falseAlarmBudget ?? FALSE_ALARM_BUDGET;
  let tooShort = 0;
  let tooFewExpected = 0;
  const prepared: Prepared[] = [];
  for (const s of all) {
    const p = s.months[s.months.length - 1] === month ? prepare(s) : null;
    if (!p) {
      tooShort++;
      continue;
    }
    const level = p.expected.reduce((a, b) => a + b, 0) / p.expected.length;
    if (!(level >= MIN_EXPECTED)) {
      tooFewExpected++;
      continue;
    }
    prepared.push(p);
  }
  // year-to-year variation: each district series its own; wards pooled by measure (then over all measures)
  const wardPairs = new Map<string, [number, number][]>();
  for (const p of prepared)
    if (p.input.area.level !== 'district')
      wardPairs.set(p.input.measure.id, [...(wardPairs.get(p.input.measure.id) ?? []), ...p.yearPairs]);
  const allWards = yearVariation([...wardPairs.values()].flat()) ?? MIN_LEVEL_CV ** 2;
  const wardVariation = new Map([...wardPairs].map(([id, pairs]) => [id, yearVariation(pairs) ?? allWards]));
  for (const p of prepared) {
    const year =
      p.input.area.level === 'district'
        ? (yearVariation(p.yearPairs) ?? allWards)
        : wardVariation.get(p.input.measure.id)!;
    p.levelVar = year + 1 / Math.max(1, p.levelEvents);
  }
  const districtSeries = prepared.filter((p) => p.input.area.level === 'district').length;
  const chartProbability = {
    district: Math.min(MAX_CHART_PROBABILITY, budget.district / (2 * Math.max(1, districtSeries))),
    wards: Math.min(MAX_CHART_PROBABILITY, budget.wards / (2 * Math.max(1, prepared.length - districtSeries))),
  };
  const charted: Charted[] = prepared.map((p) => {
    const level = p.expected.reduce((a, b) => a + b, 0) / p.expected.length;
    // designed on a grid (levels 10% apart, level uncertainty to 0.02) so that series of a similar size share one design
    const designLevel = Number(Math.exp(Math.round(Math.log(level) / 0.1) * 0.1).toPrecision(3));
    const designVar = Math.max(0.02, Math.round(Math.sqrt(p.levelVar) / 0.02) * 0.02) ** 2;
    const lattice = { steps: latticeSteps(designLevel), shift: cusumShift(designLevel) };
    const q = p.input.area.level === 'district' ? chartProbability.district : chartProbability.wards;
    const meanMonthVar = p.monthVar.reduce((a, b) => a + b, 0) / p.monthVar.length;
    const designMonthVar =
      meanMonthVar > 0 ? Math.max(0.02, Math.round(Math.sqrt(meanMonthVar) / 0.02) * 0.02) ** 2 : 0;
    const up = designThreshold(designLevel, designVar, designMonthVar, lattice, 'up', q);
    const down = designThreshold(designLevel, designVar, designMonthVar, lattice, 'down', q);
    const run = poissonCusum(p.counts, p.expected, { ...lattice, up, down });
    const levels = levelMonths(p.expected, p.monthVar, p.levelVar);
    const onProbability = (side: CusumSide, h: number) =>
      overLevel(levels, (ms) => poissonCusumOnProbability(ms, lattice, side, h));
    return {
      p,
      lattice,
      thresholds: {
        up,
        down,
        arlUp: arlAt(designLevel, lattice, up, 'up'),
        arlDown: arlAt(designLevel, lattice, down, 'down'),
      },
      run,
      pValue: chartPValue(levels, p, lattice, run),
      falseAlarmProbability: onProbability('up', up) + onProbability('down', down),
    };
  });
  const chartAdjusted = adjustPValues(
    charted.map((c) => c.pValue),
    'fdr',
  );
  const direction = (side: CusumSide) => (side === 'up' ? 'increase' : 'decrease') as 'increase' | 'decrease';
  let expectedOutside95Wards = 0;
  const checks: MonitoringCheck[] = charted.map((c, i) => {
    const { p, run, lattice } = c;
    const last = p.counts.length - 1;
    const count = p.counts[last]!;
    const { pValue, outside95, ...range } = latestRange(p);
    if (p.input.area.level !== 'district') expectedOutside95Wards += outside95;
    return {
      measure: p.input.measure.id,
      title: p.input.measure.title,
      area: p.input.area,
      month,
      count,
      expected: p.expected[last]!,
      expectedBy: p.expectedBy,
      ...range,
      status: rangeStatus(count, range),
      pValue,
      pAdjusted: 1,
      beyondChance: false,
      cusum: {
        shift: lattice.shift,
        levelCv: Math.sqrt(p.levelVar),
        thresholdUp: c.thresholds.up / lattice.steps,
        thresholdDown: c.thresholds.down / lattice.steps,
        arlUp: c.thresholds.arlUp,
        arlDown: c.thresholds.arlDown,
        up: run.months[last]!.up,
        down: run.months[last]!.down,
        alarms: run.alarms.map((a) => ({ month: p.months[a.index]!, direction: direction(a.side) })),
        pValue: c.pValue,
        pAdjusted: chartAdjusted[i]!,
        falseAlarmProbability: c.falseAlarmProbability,
      },
      signal: run.signal ? direction(run.signal.side) : null,
    };
  });
  adjustPValues(
    checks.map((c) => c.pValue),
    'fdr',
  ).forEach((adjusted, i) => {
    checks[i]!.pAdjusted = adjusted;
    checks[i]!.beyondChance = adjusted < options.alpha;
  });
  const signals: EmergingSignal[] = [];
  charted.forEach((c, i) => {
    const s = c.run.signal;
    if (!s) return;
    const { p } = c;
    const last = p.counts.length - 1;
    let excess = 0;
    for (let t = s.since; t <= last; t++) excess += p.counts[t]! - p.expected[t]!;
    const base: Omit<EmergingSignal, 'explanation'> = {
      measure: p.input.measure.id,
      title: p.input.measure.title,
      area: p.input.area,
      direction: direction(s.side),
      since: p.months[s.since]!,
      latest: { month, count: p.counts[last]!, expected: p.expected[last]! },
      cusum: s.level / c.lattice.steps,
      alarm: p.months[s.alarm]!,
      threshold: (s.side === 'up' ? c.thresholds.up : c.thresholds.down) / c.lattice.steps,
      excess,
      pValue: c.pValue,
      pAdjusted: chartAdjusted[i]!,
    };
    signals.push({ ...base, explanation: signalExplanation(base, charted.length) });
  });
  signals.sort(
    (a, b) =>
      a.pAdjusted! - b.pAdjusted! ||
      Math.abs(b.excess!) - Math.abs(a.excess!) ||
      a.title.localeCompare(b.title) ||
      a.area.code.localeCompare(b.area.code),
  );
  return {
    month,
    method: {
      name: 'poisson-cusum',
      monitoredMonths: MONITORED_MONTHS,
      baselineMonths: BASELINE_MONTHS,
      minExpected: MIN_EXPECTED,
      seasonalFrom: SEASONAL_FROM,
      falseAlarmBudget: budget,
      chartProbability,
      alpha: options.alpha,
    },
    series: { monitored: charted.length, tooFewExpected, tooShort },
    expectedFalseAlarms: charted.reduce((s, c) => s + c.falseAlarmProbability, 0),
    expectedFalseAlarmsBy: {
      district: charted
        .filter((c) => c.p.input.area.level === 'district')
        .reduce((s, c) => s + c.falseAlarmProbability, 0),
      wards: charted
        .filter((c) => c.p.input.area.level !== 'district')
        .reduce((s, c) => s + c.falseAlarmProbability, 0),
    },
    expectedOutside95Wards,
    signals,
    checks,
  };
}
