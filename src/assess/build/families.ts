import type { Measure } from '../../core/measures/schema.ts';

/** Which taxonomy a count came from: partner record extracts (offence codes) or data.police.uk. */
export type CountSource = 'records' | 'police-uk';

/** Why a family of sources cannot count the measure, or null when it can. */
export function familyGap(measure: Measure, family: CountSource): string | null {
  const f = measure.filters;
  if (f.time && family === 'police-uk') return 'data.police.uk gives no time of offence';
  if (measure.kind === 'crime' && !(family === 'records' ? f.offenceCodes : f.policeUkTypes))
    return family === 'records' ? 'no offence codes declared' : 'data.police.uk has no matching crime type';
  if (f.subCategories && family === 'police-uk' && measure.kind === 'crime')
    return 'data.police.uk rows have no sub-category';
  return null;
}
