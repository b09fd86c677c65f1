import type { Assessment } from '../../assess/schema.ts';
import { measureSectionId, uniqueMeasures } from '../../report/build/measures.ts';
import { path, query } from '../html.ts';
import { areaUrl } from './layout.ts';

/** Where a report anchor (#section-id) leads in the dashboard: a measure's page, or nowhere. */
export function linkForSection(a: Assessment, endParam: string | undefined): (id: string) => string | null {
  const measures = new Map(uniqueMeasures(a).map((m) => [measureSectionId(m.countedAs), m.id]));
  return (id) => {
    const measure = measures.get(id);
    if (measure) return areaUrl(a.area.code, 'measure', endParam, {}, measure);
    if (id === 'emerging-issues') return areaUrl(a.area.code, 'monthly', endParam);
    return null;
  };
}

/** The URL of a ward's page, keeping the period and the slicers given. */
export function wardUrl(
  district: string,
  ward: string,
  end: string | undefined,
  extra: Record<string, string | undefined> = {},
): string {
  return `${path`/area/${district}/wards/${ward}`}${query({ end, ...extra })}`;
}
