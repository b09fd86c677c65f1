import { RISK_LEVELS, type RiskConfig, type RiskLevel } from './config.ts';
import { formatScore, ordinal } from './format.ts';
import type { RiskAssessment, RiskFactor } from './types.ts';

export interface Priority {
  /** 1 = highest risk */
  rank: number;
  measureId: string;
  title: string;
  level: RiskLevel;
  score: number;
  status: 'carried forward' | 'new';
  /** the explanations of the 2–3 factors that weigh most in the score */
  reasons: string[];
}

export interface DroppedPriority {
  measureId: string;
  /** null when the measure was not assessed this year */
  title: string | null;
  level: RiskLevel | null;
  score: number | null;
  /** position in the ranking of all assessed measures; null when not assessed */
  rank: number | null;
  reason: string;
}

export interface PriorityRecommendation {
  recommended: Priority[];
  /** last year's priorities that are not recommended this year, in last year's order */
  dropped: DroppedPriority[];
}

/** Highest risk first: score, then level, then harm dimension, then measure id (so the order never depends on input order). */
export function orderAssessments(assessments: readonly RiskAssessment[]): RiskAssessment[] {
  return [...assessments].sort(
    (a, b) =>
      b.score - a.score ||
      RISK_LEVELS.indexOf(b.level) - RISK_LEVELS.indexOf(a.level) ||
      b.dimensions.harm - a.dimensions.harm ||
      (a.measureId < b.measureId ? -1 : a.measureId > b.measureId ? 1 : 0),
  );
}

/**
 * The factors that explain a priority: up to three scoring 4 or 5 on available data, topped up to
 * two with the next highest when fewer stand out (a neutral "no data" factor explains nothing, so
 * it comes last).
 */
export function priorityReasons(factors: readonly RiskFactor[]): string[] {
  const order = factors
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => f.weight > 0)
    .sort((a, b) => Number(b.f.available) - Number(a.f.available) || b.f.score - a.f.score || b.f.weight - a.f.weight || a.i - b.i)
    .map(({ f }) => f);
  const standOut = order.filter((f) => f.available && f.score >= 4).slice(0, 3);
  const picked = standOut.length >= 2 ? standOut : order.slice(0, 2);
  return picked.map((f) => f.explanation);
}

function levelPhrase(a: RiskAssessment): string {
  if (a.previousLevel === null) return `risk is ${a.level}`;
  if (a.previousLevel === a.level) return `risk is ${a.level} (unchanged)`;
  return `risk ${a.levelChange === 'up' ? 'rose' : 'fell'} from ${a.previousLevel} to ${a.level}`;
}

/** The top N measures by risk (N = config.priorityCount), marked against last year's priorities, and last year's that dropped out. */
export function rankPriorities(assessments: readonly RiskAssessment[], config: RiskConfig): PriorityRecommendation {
  const seen = new Set<string>();
  for (const a of assessments) {
    if (seen.has(a.measureId)) throw new Error(`measure ${a.measureId} was assessed twice`);
    seen.add(a.measureId);
  }
  const ordered = orderAssessments(assessments);
  const previous = new Set(config.previousPriorities);
  const recommended: Priority[] = ordered.slice(0, config.priorityCount).map((a, i) => ({
    rank: i + 1,
    measureId: a.measureId,
    title: a.title,
    level: a.level,
    score: a.score,
    status: previous.has(a.measureId) ? 'carried forward' : 'new',
    reasons: priorityReasons(a.factors),
  }));
  const kept = new Set(recommended.map((p) => p.measureId));
  const dropped: DroppedPriority[] = config.previousPriorities
    .filter((id) => !kept.has(id))
    .map((id) => {
      const index = ordered.findIndex((a) => a.measureId === id);
      if (index < 0) {
        return { measureId: id, title: null, level: null, score: null, rank: null, reason: 'Not assessed this year, so it cannot be recommended.' };
      }
      const a = ordered[index]!;
      const top = config.priorityCount === 1 ? 'only the top one is' : `only the top ${config.priorityCount} are`;
      const reason = `Its ${levelPhrase(a)}; it ranks ${ordinal(index + 1)} of ${ordered.length} by risk score (${formatScore(a.score)}) and ${top} recommended.`;
      return { measureId: id, title: a.title, level: a.level, score: a.score, rank: index + 1, reason };
    });
  return { recommended, dropped };
}
