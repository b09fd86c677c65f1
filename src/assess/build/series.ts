import { addMonths, monthIndex, monthRange } from '../../core/periods/index.ts';
import {
  backtest,
  chooseProjection,
  MIN_MONTHS_TO_CHOOSE,
  poissonCdf,
  poissonSf,
  type Forecast,
  type ForecastPoint,
} from '../../core/stats/index.ts';
import type { ProjectionPoint, SeasonMonth, Series } from '../schema.ts';

/**
 * The longest run of consecutive loaded months ending at `end` (a series with a hole cannot be
 * modelled; the months before the hole are left out and the note says so).
 */
export function seriesMonths(loaded: ReadonlySet<string>, end: string): { months: string[]; note: string | null } {
  const months: string[] = [];
  let m = end;
  while (loaded.has(m)) {
    months.unshift(m);
    m = addMonths(m, -1);
  }
  const earlier = [...loaded].filter((x) => x < m);
  const note =
    earlier.length > 0
      ? `series starts ${months[0] ?? end}: no data for ${m}, so ${earlier.length} earlier month(s) are left out of the series`
      : null;
  return { months, note };
}

/** Rolling 12-month sums (null until 12 values are available). */
export function rolling12Sums(values: readonly (number | null)[]): (number | null)[] {
  return values.map((_, i) => {
    if (i < 11) return null;
    let sum = 0;
    for (let j = i - 11; j <= i; j++) {
      const v = values[j];
      if (v === null || v === undefined) return null;
      sum += v;
    }
    return sum;
  });
}

/** the whole projection procedure is re-run from origins every six months to check it */
export const PROJECTION_BACKTEST_STEP = 6;

function projectionPoint(last: string, p: ForecastPoint): ProjectionPoint {
  return {
    month: addMonths(last, p.step),
    mean: p.mean,
    lower80: p.lower80,
    upper80: p.upper80,
    lower95: p.lower95,
    upper95: p.upper95,
  };
}

/**
 * The 12-month projection of a monthly series (null under 13 months), chosen by evidence
 * (chooseProjection: with 36+ months the candidate whose back-tested 12-month totals missed by
 * least, its bands calibrated by those back-tests; else seasonal naive), with the reason. The
 * back-test reported is of the whole procedure, choice and calibration included, re-run from
 * origins every six months from month 36 with only the months before each (needs 48 months).
 * Pure and the heaviest part of an assessment, so the engine runs it while the database works on
 * the ward and day counts.
 */
export function projectSeries(months: readonly string[], counts: readonly number[]): Series['projection'] {
  if (counts.length < 13) return null;
  // the check re-runs the choice on the first months only: the same fits, kept from the full run
  const cache = new Map<string, Forecast>();
  const choice = chooseProjection(counts, { horizon: 12, cache });
  const last = months[months.length - 1]!;
  // every Holt–Winters fit of the check starts the optimiser from the parameters fitted on the
  // whole series (one search instead of a grid: much faster, same model)
  const start = choice.start ?? undefined;
  const bt =
    counts.length >= MIN_MONTHS_TO_CHOOSE + 12
      ? backtest(
          counts,
          12,
          (train, h) => chooseProjection(train, { horizon: h, cache, ...(start ? { start } : {}) }).forecast,
          MIN_MONTHS_TO_CHOOSE,
          PROJECTION_BACKTEST_STEP,
        )
      : null;
  const checkNote =
    counts.length < MIN_MONTHS_TO_CHOOSE
      ? null
      : bt
        ? null
        : `fewer than ${MIN_MONTHS_TO_CHOOSE + 12} months: the choice and its bands could not yet be checked against later months`;
  return {
    method: choice.method,
    reason: choice.reason,
    candidates: choice.candidates,
    calibration: choice.calibration,
    points: choice.forecast.forecast.map((p) => projectionPoint(last, p)),
    cumulative: choice.forecast.cumulative.map((p) => projectionPoint(last, p)),
    backtest: bt
      ? {
          origins: bt.origins,
          mae: bt.mae,
          mape: bt.mape,
          coverage80: bt.coverage80,
          coverage95: bt.coverage95,
          totalsIn80: bt.totalsIn80,
          totalsIn95: bt.totalsIn95,
        }
      : null,
    note: checkNote,
  };
}

/**
 * Monthly counts, rolling 12-month totals and rates, and a 12-month projection chosen by evidence
 * (projectSeries) with the back-test of its procedure.
 */
export function buildSeries(
  months: readonly string[],
  counts: readonly number[],
  denominator: number | null,
  comparisons: { peer: (number | null)[] | null; county: (number | null)[] | null },
  note: string | null,
  projected?: Series['projection'],
): Series {
  const rolling = rolling12Sums(counts);
  const rate = rolling.map((r) => (r === null || !denominator ? null : (1000 * r) / denominator));
  const projection = projected ?? projectSeries(months, counts);
  if (!projection) {
    note = [note, 'fewer than 13 months loaded: no projection'].filter(Boolean).join('; ');
  }

  return {
    months: [...months],
    counts: [...counts],
    rolling12: rolling,
    rolling12Rate: rate,
    peerRolling12Rate: comparisons.peer,
    countyRolling12Rate: comparisons.county,
    projection:
      projection && note ? { ...projection, note: [projection.note, note].filter(Boolean).join('; ') } : projection,
  };
}

/** A month is a peak (dip) when ≥ 20% above (below) its usual level and unlikely as Poisson noise (p < 0.05, one-sided). */
export const SEASON_MIN_DIFFERENCE = 0.2;
export const SEASON_ALPHA = 0.05;

/**
 * The last 12 months against the same months a year earlier and the average of the same calendar
 * month over the earlier years loaded. Flags peaks and dips against that average (or last year
 * when there is no earlier average).
 */
export function seasonality(
  months: readonly string[],
  counts: readonly number[],
  end: string,
): { months: SeasonMonth[]; peaks: string[]; dips: string[] } {
  const byMonth = new Map(months.map((m, i) => [m, counts[i]!]));
  const out: SeasonMonth[] = [];
  for (const month of monthRange(addMonths(end, -11), end)) {
    const count = byMonth.get(month);
    if (count === undefined) continue;
    const lastYear = byMonth.get(addMonths(month, -12)) ?? null;
    const earlier: number[] = [];
    for (let k = 1; ; k++) {
      const m = addMonths(month, -12 * k);
      if (monthIndex(m) < monthIndex(months[0] ?? end)) break;
      const v = byMonth.get(m);
      if (v !== undefined) earlier.push(v);
    }
    const average = earlier.length > 0 ? earlier.reduce((a, b) => a + b, 0) / earlier.length : null;
    const pct = (base: number | null) => (base === null || base === 0 ? null : (100 * (count - base)) / base);
    const base = average ?? lastYear;
    let flag: SeasonMonth['flag'] = null;
    if (base !== null && base > 0) {
      if (count >= base * (1 + SEASON_MIN_DIFFERENCE) && poissonSf(count, base) < SEASON_ALPHA) flag = 'peak';
      if (count <= base * (1 - SEASON_MIN_DIFFERENCE) && poissonCdf(count, base) < SEASON_ALPHA) flag = 'dip';
    }
    out.push({
      month,
      count,
      lastYear,
      average,
      years: earlier.length,
      vsLastYearPct: pct(lastYear),
      vsAveragePct: pct(average),
      flag,
    });
  }
  return {
    months: out,
    peaks: out.filter((m) => m.flag === 'peak').map((m) => m.month),
    dips: out.filter((m) => m.flag === 'dip').map((m) => m.month),
  };
}
