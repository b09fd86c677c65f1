import type { Store } from '../../store/db.ts';
import type { CompareMode } from '../../core/periods/comparable.ts';
import type { PartnershipConfig } from '../config.ts';
import type { MeasureAssessment } from '../schema.ts';
import type { DistrictExtras } from '../build/district.ts';
import type { MeasureWindows } from '../build/measure.ts';
import { periodRef } from '../build/change.ts';
import type { Group } from './areas.ts';
import { attachOutcomes } from './attach-outcomes.ts';
import { backgroundOf } from './background.ts';
import { countyTables } from './county-tables.ts';
import type { denominatorMemo } from './denominators.ts';
import { partnerIndicators } from './indicators.ts';
import { dataQuality } from './quality.ts';
import { policeActivity } from './stop-search.ts';

export interface DistrictReadInput {
  code: string;
  group: Group;
  end: string;
  w: MeasureWindows;
  year: number;
  measures: MeasureAssessment[];
  wards: string[];
  unitNames: Map<string, string>;
  denominators: ReturnType<typeof denominatorMemo>;
  config: PartnershipConfig;
  compare: CompareMode | undefined;
  includeRestricted: boolean;
}

/**
 * A district's reads beyond its measures: partner indicators, outcomes (attached to its measures),
 * police activity, background, data quality and the county tables.
 */
export async function readDistrictExtras(store: Store, d: DistrictReadInput): Promise<DistrictExtras> {
  const { code, group, w, config } = d;
  const indicators = await partnerIndicators(store, code, group.districts, d.end, {
    includeRestricted: d.includeRestricted,
  });
  await attachOutcomes(store, code, d.measures, config.catalogue, w, d.wards, d.unitNames);
  const activity = await policeActivity(store, code, w, d.wards, d.unitNames, {
    alpha: config.alpha,
    compare: d.compare ?? 'auto',
  });
  const background = await backgroundOf(store, code, group, d.year);
  const quality = await dataQuality(store, [code], { start: w.previous.start, end: d.end });
  const tables = await countyTables({
    store,
    catalogue: config.catalogue,
    districts: group.districts.includes(code) ? group.districts : [...group.districts, code],
    district: code,
    measures: d.measures,
    period: periodRef(w.current),
    year: d.year,
    denominators: d.denominators,
  });
  return { indicators, activity, background, quality, countyTables: tables };
}
