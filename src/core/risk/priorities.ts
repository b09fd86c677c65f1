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
  /** position in the ranking of all assessed measures; null when not assessed or covered */
  rank: number | null;
  reason: string;
  /** the candidate that covers it (overlapping offences), when that is why it is not recommended */
  coveredBy?: string;
}

/** A candidate left out because a higher-risk (or, at equal risk, broader) candidate counts some of the same offences. */
export interface CoveredMeasure {
  measureId: string;
  title: string;
  level: RiskLevel;
  score: number;
  /** the candidate kept in its place */
  by: string;
  byTitle: string;
  /** why the other was kept: its higher risk score, or the same score and more offences */
  rule: 'higher risk' | 'broader';
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
    .sort(
      (a, b) =>
        Number(b.f.available) - Number(a.f.available) || b.f.score - a.f.score || b.f.weight - a.f.weight || a.i - b.i,
    )
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

/**
 * Candidates that overlap in offences are not recommended twice. Taken from the highest risk
 * score down (at equal score the broader measure first, then the usual order), a candidate is kept
 * unless it overlaps one already kept, in which case it is covered by that one. `overlap` and
 * `breadth` come from the measures' declared offences (src/core/measures/overlap.ts).
 */
export function resolveOverlaps(
  assessments: readonly RiskAssessment[],
  overlap: (a: string, b: string) => boolean,
  breadth: (id: string) => number,
): { kept: RiskAssessment[]; covered: CoveredMeasure[] } {
  const usual = orderAssessments(assessments);
  const position = new Map(usual.map((a, i) => [a.measureId, i]));
  const ordered = [...usual].sort(
    (a, b) =>
      b.score - a.score ||
      breadth(b.measureId) - breadth(a.measureId) ||
      position.get(a.measureId)! - position.get(b.measureId)!,
  );
  const kept: RiskAssessment[] = [];
  const covered: CoveredMeasure[] = [];
  for (const a of ordered) {
    const by = kept.find((k) => overlap(k.measureId, a.measureId));
    if (!by) kept.push(a);
    else
      covered.push({
        measureId: a.measureId,
        title: a.title,
        level: a.level,
        score: a.score,
        by: by.measureId,
        byTitle: by.title,
        rule: by.score > a.score ? 'higher risk' : 'broader',
      });
  }
  return { kept, covered };
}

function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

function coveredReason(c: CoveredMeasure, recommended: readonly Priority[]): string {
  const priority = recommended.find((p) => p.measureId === c.by);
  const why =
    c.rule === 'higher risk' ? 'which carries the higher risk score' : 'the broader of the two at the same risk score';
  return `Covered by ${c.byTitle}${priority ? ` (priority ${priority.rank})` : ''}, ${why}: the two count some of the same offences, so only one is recommended.`;
}

/** The top N measures by risk (N = config.priorityCount), marked against last year's priorities, and last year's that dropped out. */
export function rankPriorities(
  assessments: readonly RiskAssessment[],
  config: RiskConfig,
  covered: readonly CoveredMeasure[] = [],
): PriorityRecommendation {
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
  for (const p of recommended) {
    const covers = covered.filter((c) => c.by === p.measureId);
    if (covers.length > 0)
      p.reasons.push(
        `It covers ${andList(covers.map((c) => c.title))}, which count${covers.length === 1 ? 's' : ''} some of the same offences and ${covers.length === 1 ? 'is' : 'are'} not recommended separately.`,
      );
  }
  const kept = new Set(recommended.map((p) => p.measureId));
  const dropped: DroppedPriority[] = config.previousPriorities
    .filter((id) => !kept.has(id))
    .map((id) => {
      const index = ordered.findIndex((a) => a.measureId === id);
      const cover = covered.find((c) => c.measureId === id);
      if (cover)
        return {
          measureId: id,
          title: cover.title,
          level: cover.level,
          score: cover.score,
          rank: null,
          reason: coveredReason(cover, recommended),
          coveredBy: cover.by,
        };
      if (index < 0) {
        return {
          measureId: id,
          title: null,
          level: null,
          score: null,
          rank: null,
          reason: 'Not assessed this year, so it cannot be recommended.',
        };
      }
      const a = ordered[index]!;
      const top = config.priorityCount === 1 ? 'only the top one is' : `only the top ${config.priorityCount} are`;
      const reason = `Its ${levelPhrase(a)}; it ranks ${ordinal(index + 1)} of ${ordered.length} by risk score (${formatScore(a.score)}) and ${top} recommended.`;
      return { measureId: id, title: a.title, level: a.level, score: a.score, rank: index + 1, reason };
    });
  return { recommended, dropped };
}
