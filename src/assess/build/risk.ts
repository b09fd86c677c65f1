import { rankPriorities, resolveOverlaps, scoreRisk, type RiskInput } from '../../core/risk/index.ts';
import { offenceBreadth, offencesOverlap, type CountedDefinition } from '../../core/measures/overlap.ts';
import type { PartnershipConfig } from '../config.ts';
import type { Assessment, MeasureAssessment, Priority } from '../schema.ts';

function riskInput(m: MeasureAssessment, totalHarm: number | null): RiskInput {
  const peers = m.rank.peers;
  return {
    measureId: m.countedAs,
    title: m.title,
    count: m.current.count,
    rate: m.current.rate,
    peerAverageRate: peers?.average ?? null,
    rateRatio: peers?.rateRatio ? { ...peers.rateRatio, upper: peers.rateRatio.upper ?? Infinity } : null,
    verdict: m.change.verdict,
    pctChange: m.change.pct,
    countyRank: m.rank.county ? { position: m.rank.county.position, of: m.rank.county.of } : null,
    harmShare: m.harm && totalHarm ? m.harm.current / totalHarm : null,
    emerging: m.emerging.find((e) => e.area.level === 'district')?.direction ?? null,
    emergingNotRun: m.notRun.find((n) => n.analysis === 'cusum')?.reason ?? null,
    compared:
      m.change.basis === 'like-for-like' && m.change.current !== null && m.change.previous !== null && m.comparison
        ? { current: m.change.current, previous: m.change.previous, months: m.comparison.months }
        : null,
  };
}

/**
 * Scores every available measure on the risk matrix (docs/risk.md), writes each measure's `risk`,
 * and recommends priorities: the top N by score, then the analysts' overrides from the config.
 * A measure shown in place of another (fallback) is scored once.
 */
export function riskAndPriorities(
  measures: MeasureAssessment[],
  config: PartnershipConfig,
): { priorities: Priority[]; dropped: Assessment['droppedPriorities'] } {
  const totalHarm = measures.find((m) => m.countedAs === 'all-crime')?.harm?.current ?? null;
  const scored = new Map<string, ReturnType<typeof scoreRisk>>();
  for (const m of measures) {
    if (!m.available) continue;
    if (!scored.has(m.countedAs)) scored.set(m.countedAs, scoreRisk(riskInput(m, totalHarm), config.risk));
    const s = scored.get(m.countedAs)!;
    m.risk = {
      level: s.level,
      score: s.score,
      maxScore: s.maxScore,
      dimensions: { ...s.dimensions },
      factors: s.factors.map((f) => ({
        id: f.id,
        label: f.label,
        dimension: f.dimension,
        score: f.score,
        max: f.max,
        weight: f.weight,
        available: f.available,
        explanation: f.explanation,
      })),
      previousLevel: s.previousLevel,
      levelChange: s.levelChange,
    };
  }
  // a measure is a candidate when the measure asked for is (a fallback stands in for its measure)
  const candidateIds = new Set(
    measures
      .filter((m) => m.available && config.catalogue.get(m.id)?.priorityCandidate !== false)
      .map((m) => m.countedAs),
  );
  const candidates = [...scored.values()].filter(
    (s) => candidateIds.has(s.measureId) && !config.priorities.exclude.includes(s.measureId),
  );
  // candidates that count some of the same offences are not recommended twice (docs/risk.md)
  const counted = new Map<string, CountedDefinition>(
    measures
      .filter((m) => m.available)
      .map((m) => [m.countedAs, { kind: m.kind, source: m.source, filters: m.definition.filters }]),
  );
  const { kept, covered } = resolveOverlaps(
    candidates,
    (x, y) => offencesOverlap(counted.get(x)!, counted.get(y)!),
    (id) => offenceBreadth(counted.get(id)!),
  );
  const { recommended, dropped } = rankPriorities(kept, config.risk, covered);
  const priorities: Priority[] = recommended.map((p) => ({
    rank: p.rank,
    measure: p.measureId,
    title: p.title,
    level: p.level,
    score: p.score,
    status: p.status,
    reasons: p.reasons,
    override: null,
    covers: covered.filter((c) => c.by === p.measureId).map((c) => ({ measure: c.measureId, title: c.title })),
  }));
  for (const id of config.priorities.include) {
    if (priorities.some((p) => p.measure === id)) continue;
    const s = scored.get(id);
    if (!s) continue;
    priorities.push({
      rank: priorities.length + 1,
      measure: id,
      title: s.title,
      level: s.level,
      score: s.score,
      status: config.risk.previousPriorities.includes(id) ? 'carried forward' : 'new',
      reasons: [`Added by the partnership${config.priorities.note ? `: ${config.priorities.note}` : ''}.`],
      override: 'included in config',
      covers: [],
    });
  }
  return {
    priorities,
    dropped: dropped.map((d) => ({
      measure: d.measureId,
      title: d.title ?? d.measureId,
      level: d.level,
      reason: d.reason,
      ...(d.coveredBy ? { coveredBy: d.coveredBy } : {}),
    })),
  };
}
