import { DIMENSIONS, RISK_LEVELS, type Dimension, type RiskConfig, type RiskLevel } from './config.ts';
import { scoreFactors } from './factors.ts';
import type { RiskAssessment, RiskFactor, RiskInput } from './types.ts';

export type { RiskAssessment, RiskFactor, RiskInput } from './types.ts';

/** Removes floating-point noise from the product so that a score exactly on a threshold counts as reaching it. */
function tidy(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Weighted mean of the scores of the factors in one dimension (factors of weight 0 left out). */
export function dimensionScore(factors: readonly RiskFactor[], dimension: Dimension): number {
  const counted = factors.filter((f) => f.dimension === dimension && f.weight > 0);
  const weight = counted.reduce((s, f) => s + f.weight, 0);
  if (!(weight > 0)) throw new RangeError(`no weighted factor in the ${dimension} dimension`);
  return counted.reduce((s, f) => s + f.weight * f.score, 0) / weight;
}

/** score ≥ high → High; score ≥ medium → Medium; otherwise Low. */
export function levelFor(score: number, thresholds: RiskConfig['thresholds']): RiskLevel {
  if (score >= thresholds.high) return 'High';
  if (score >= thresholds.medium) return 'Medium';
  return 'Low';
}

export function levelChange(
  level: RiskLevel,
  previous: RiskLevel | null,
  anyPrevious: boolean,
): RiskAssessment['levelChange'] {
  if (previous === null) return anyPrevious ? 'new' : null;
  const d = RISK_LEVELS.indexOf(level) - RISK_LEVELS.indexOf(previous);
  return d > 0 ? 'up' : d < 0 ? 'down' : 'same';
}

/**
 * MoRiLE-style risk of one measure: each factor scored 1–5, each dimension the weighted mean of
 * its factors, score = harm × likelihood × organisational (1–125), level by the thresholds.
 */
export function scoreRisk(input: RiskInput, config: RiskConfig): RiskAssessment {
  const factors = scoreFactors(input, config);
  const dimensions = Object.fromEntries(DIMENSIONS.map((d) => [d, dimensionScore(factors, d)])) as Record<
    Dimension,
    number
  >;
  const score = tidy(dimensions.harm * dimensions.likelihood * dimensions.organisational);
  const level = levelFor(score, config.thresholds);
  const previousLevel = config.previousLevels[input.measureId] ?? null;
  return {
    measureId: input.measureId,
    title: input.title,
    level,
    score,
    maxScore: 125,
    dimensions,
    factors,
    previousLevel,
    levelChange: levelChange(level, previousLevel, Object.keys(config.previousLevels).length > 0),
  };
}
