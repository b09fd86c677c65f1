import type { Assessment } from '../../assess/schema.ts';

/**
 * What a role without clearance may see of an Assessment made without restricted indicators
 * (the engine's includeRestricted: false): the provenance of restricted imports, and any
 * data-quality source built only from them, are removed as well.
 */
export function withoutRestricted(a: Assessment): Assessment {
  const restricted = new Set(a.dataQuality.provenance.filter((p) => p.restricted).map((p) => p.importId));
  if (restricted.size === 0) return a;
  return {
    ...a,
    partnerIndicators: a.partnerIndicators.filter((i) => !i.restricted),
    dataQuality: {
      ...a.dataQuality,
      provenance: a.dataQuality.provenance.filter((p) => !p.restricted),
      sources: a.dataQuality.sources.filter((s) => s.importIds.some((id) => !restricted.has(id))),
    },
    measures: a.measures.map((m) => ({
      ...m,
      provenance: { ...m.provenance, imports: m.provenance.imports.filter((id) => !restricted.has(id)) },
    })),
  };
}
