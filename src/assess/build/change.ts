import type { Change } from './compare.ts';
import type { Comparability } from '../../core/periods/comparable.ts';
import type { ChangeFigure, ComparisonRef, Figure, PeriodRef } from '../schema.ts';
import type { PeriodFigure } from './compare.ts';
import type { Window } from '../../core/periods/index.ts';
import type { RateRatio } from '../../core/stats/index.ts';

export function toChangeFigure(change: Change): ChangeFigure {
  return {
    abs: change.abs,
    pct: change.pct,
    isNew: change.abs !== null && change.abs > 0 && change.pct === null,
    pValue: change.pValue,
    z: change.z,
    verdict: change.verdict,
    alpha: change.alpha,
    current: change.current,
    previous: change.previous,
    basis: change.basis,
    reason: change.reason,
  };
}

export function toFigure(f: PeriodFigure): Figure {
  return { count: f.count, rate: f.rate, complete: f.complete, missingMonths: f.missingMonths };
}

export function periodRef(w: Window): PeriodRef {
  return { start: w.start, end: w.end, label: w.label, months: w.months.length };
}

/** A rate ratio for JSON: null when undefined or infinite; an unbounded upper limit as null. */
export function ratioRef(rr: RateRatio | null): { ratio: number; lower: number; upper: number | null } | null {
  if (!rr || rr.ratio === null || !Number.isFinite(rr.ratio)) return null;
  return { ratio: rr.ratio, lower: rr.lower, upper: Number.isFinite(rr.upper) ? rr.upper : null };
}

/** The comparability decision as the Assessment carries it. */
export function comparisonRef(c: Comparability): ComparisonRef {
  return {
    kind: c.kind,
    label: c.label,
    months: c.currentMonths.length,
    currentMonths: c.currentMonths,
    previousMonths: c.previousMonths,
    excluded: c.excluded,
    reason: c.reason,
  };
}
