import type { Assessment, MeasureAssessment } from '../../assess/schema.ts';
import type { AnalystWords } from '../words.ts';

/** The chapters of the document, in their default order (docs/report.md lists them). */
export const CHAPTERS = [
  'summary',
  'introduction',
  'background',
  'looking-back',
  'analysis',
  'partners',
  'emerging-issues',
  'conclusion',
  'appendix',
] as const;

/** Fixed sections inside chapters. */
export const SUBSECTIONS: Record<string, readonly string[]> = {
  introduction: ['aim-and-purpose', 'sensitivity', 'data-sources'],
  appendix: ['methods', 'definitions', 'data-quality', 'glossary'],
  analysis: ['managing-offenders', 'reassurance', 'business-crime'],
};

/**
 * The measures the reference assessment gives a full section whatever their standing: a partnership
 * reads them every year (ASB with its months, spike days, classes and wards; night-time violence;
 * criminal damage and its sub-types; deliberate fires; road collisions; drugs).
 */
export const ALWAYS_FULL: ReadonlySet<string> = new Set([
  'asb',
  'night-time-violence',
  'criminal-damage',
  'criminal-damage-and-arson',
  'deliberate-fires',
  'road-traffic-collisions',
  'rtc-ksi',
  'drugs',
]);

const RESERVED = new Set<string>([...CHAPTERS, ...Object.values(SUBSECTIONS).flat()]);

/** The section id of a measure: its own id, unless that is taken by a chapter. */
export function measureSectionId(measureId: string): string {
  return RESERVED.has(measureId) ? `measure-${measureId}` : measureId;
}

/**
 * Each measure counted once, keyed by `countedAs`: a fallback can make two requested measures
 * show the same counted measure (dwelling burglary shown as all burglary, beside all burglary).
 * The one counted as itself represents them.
 */
export function uniqueMeasures(a: Assessment): MeasureAssessment[] {
  const seen = new Map<string, MeasureAssessment>();
  for (const m of a.measures) {
    const held = seen.get(m.countedAs);
    if (!held || (held.fallback !== null && m.fallback === null)) seen.set(m.countedAs, m);
  }
  return a.measures.filter((m) => seen.get(m.countedAs) === m);
}

/** Any measure id (asked for or counted) → the counted measure shown for it. */
export function measureAliases(a: Assessment): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of a.measures) {
    out.set(m.id, m.countedAs);
    out.set(m.countedAs, m.countedAs);
  }
  for (const id of a.config.measures) if (!out.has(id)) out.set(id, id);
  return out;
}

/** A fallback's note without the engine's '"<title>" not available: ' lead (the sentence around it names the measure). */
export function fallbackReason(note: string): string {
  return note.replace(/^"[^"]*" not available: /, '');
}

/** The measures asked for that a counted measure stands in for (fallbacks). */
export function standsInFor(a: Assessment, countedAs: string): { id: string; title: string; note: string }[] {
  return a.measures
    .filter((m) => m.countedAs === countedAs && m.fallback)
    .map((m) => ({ id: m.id, title: m.fallback!.requestedTitle, note: m.fallback!.note }));
}

/** Each counted measure that stands in for others, once, with the measures it stands in for. */
export function fallbackGroups(
  a: Assessment,
): { shown: MeasureAssessment; for: { id: string; title: string; note: string }[] }[] {
  return uniqueMeasures(a)
    .map((m) => ({ shown: m, for: standsInFor(a, m.countedAs) }))
    .filter((g) => g.for.length > 0);
}

/** The priority whose offences cover a measure that is not recommended itself (overlapping candidates, docs/risk.md). */
export function coveringPriority(a: Assessment, countedAs: string): Assessment['priorities'][number] | null {
  return a.priorities.find((p) => (p.covers ?? []).some((c) => c.measure === countedAs)) ?? null;
}

/**
 * Measure sections in order: the analysts' list when given; otherwise the recommended priorities
 * in priority order, then every other measure assessed by risk score (all crime is the subject of
 * "Looking back", so it has no section of its own unless named).
 */
export function sectionMeasures(a: Assessment, words: AnalystWords): MeasureAssessment[] {
  const measures = uniqueMeasures(a);
  const byId = new Map(measures.map((m) => [m.countedAs, m]));
  const aliases = measureAliases(a);
  if (words.measures) {
    const ids = [...new Set(words.measures.map((id) => aliases.get(id) ?? id))];
    return ids.map((id) => byId.get(id)).filter((m): m is MeasureAssessment => !!m);
  }
  const priorities = a.priorities
    .map((p) => byId.get(aliases.get(p.measure) ?? p.measure))
    .filter((m): m is MeasureAssessment => !!m);
  const chosen = new Set(priorities.map((m) => m.countedAs));
  const order = new Map(measures.map((m, i) => [m.countedAs, i]));
  const rest = measures
    .filter((m) => !chosen.has(m.countedAs) && m.available && m.countedAs !== 'all-crime')
    .sort((x, y) => (y.risk?.score ?? -1) - (x.risk?.score ?? -1) || order.get(x.countedAs)! - order.get(y.countedAs)!);
  return [...priorities, ...rest];
}

/** The priority a measure holds, if any. */
export function priorityOf(a: Assessment, id: string): Assessment['priorities'][number] | null {
  const aliases = measureAliases(a);
  return a.priorities.find((p) => (aliases.get(p.measure) ?? p.measure) === id) ?? null;
}

/**
 * How much a measure's section holds. Auto: the full analysis for the recommended priorities, the
 * reference assessment's themes (ALWAYS_FULL), the measures named in fullDetail and any measure rising (a significant increase or a district-level
 * emerging signal); a brief section (figures, risk, change, ranks, trend) for the rest.
 */
export function detailFor(a: Assessment, m: MeasureAssessment, words: AnalystWords): 'full' | 'brief' {
  const aliases = measureAliases(a);
  if ((words.fullDetail ?? []).some((id) => (aliases.get(id) ?? id) === m.countedAs)) return 'full';
  const mode = words.detail ?? 'auto';
  if (mode !== 'auto') return mode;
  if (priorityOf(a, m.countedAs) || ALWAYS_FULL.has(m.countedAs)) return 'full';
  if (m.change.verdict === 'significant increase') return 'full';
  return m.emerging.some((e) => e.area.level === 'district' && e.direction === 'increase') ? 'full' : 'brief';
}
