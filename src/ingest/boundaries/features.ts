import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { SaferError } from '../../core/errors.ts';
import type { FileProbe } from '../files.ts';
import {
  LEVEL_CODE_EXAMPLE,
  LEVEL_CODE_PATTERN,
  LEVEL_RANK,
  levelFromName,
  levelOfCode,
  parseAreaHeader,
  UNDATED_VINTAGE,
  type AreaLevel,
} from '../ons/geography.ts';

/** A polygon feature read from GeoJSON or TopoJSON, before its code is known. */
export interface RawFeature {
  /** 1-based position in the file (in its object, for TopoJSON). */
  index: number;
  object: string | null;
  properties: Record<string, unknown>;
  id: string | number | undefined;
  geometry: { type: string; coordinates?: unknown } | null;
}

/** Every feature of a FeatureCollection, a single Feature, or every object of a TopoJSON topology. */
export function readFeatures(file: FileProbe): RawFeature[] {
  const bytes = readFileSync(file.path);
  let doc: unknown;
  try {
    doc = JSON.parse((file.gzip ? gunzipSync(bytes) : bytes).toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new SaferError(`Not valid JSON: ${(error as Error).message}`, {
      file: file.displayName,
      hint: 'Download the boundary file again; a partial download is not valid JSON.',
    });
  }
  const type = (doc as { type?: unknown } | null)?.type;
  if (type === 'Topology') return fromTopology(file, doc as Topology);
  if (type === 'FeatureCollection') return fromCollection(doc as { features?: unknown }, null);
  if (type === 'Feature') return fromCollection({ features: [doc] }, null);
  throw new SaferError(
    `Not a GeoJSON FeatureCollection or a TopoJSON Topology (type ${JSON.stringify(type ?? null)})`,
    {
      file: file.displayName,
      hint: 'Export boundaries as GeoJSON (WGS84) or TopoJSON, e.g. from the ONS Open Geography Portal.',
    },
  );
}

function fromCollection(doc: { features?: unknown }, object: string | null): RawFeature[] {
  const features = Array.isArray(doc.features) ? doc.features : [];
  return features.map(
    (
      f: { properties?: Record<string, unknown> | null; id?: string | number; geometry?: RawFeature['geometry'] },
      i,
    ) => ({
      index: i + 1,
      object,
      properties: f?.properties ?? {},
      id: f?.id,
      geometry: f?.geometry ?? null,
    }),
  );
}

function fromTopology(file: FileProbe, topology: Topology): RawFeature[] {
  const objects = Object.entries(topology.objects ?? {});
  if (objects.length === 0) {
    throw new SaferError('The TopoJSON topology has no objects', {
      file: file.displayName,
      hint: 'Export the boundaries again.',
    });
  }
  return objects.flatMap(([name, object]) => {
    const converted = topoFeature(topology, object);
    return converted.type === 'FeatureCollection'
      ? fromCollection(converted as { features: unknown }, name)
      : fromCollection({ features: [converted] }, name);
  });
}

/** Which properties hold each feature's code and name, and the level and vintage they give. */
export interface PropertyPlan {
  codeKey: string | null;
  nameKey: string | null;
  level: AreaLevel | null;
  vintage: string;
  /** How the level and vintage were found, for the notes. */
  source: string;
}

const CODE_FALLBACKS = ['areacd', 'area_code', 'areacode', 'code', 'gss_code', 'geo_code', 'id'];
const NAME_FALLBACKS = ['areanm', 'area_name', 'areaname', 'name', 'geo_label', 'label'];

/**
 * The code property is the ONS-style `<PREFIX><YY>CD` of the finest level present (`LSOA21CD`
 * rather than its parents' `UTLACD`, `RGNCD`), any case (`lad17cd`); failing that `AREACD`,
 * `code` or similar, with the level and vintage taken from the file name (`geo_lad2021`) or, for
 * the level, from each code (E07 → district).
 */
export function planProperties(file: FileProbe, features: readonly RawFeature[]): PropertyPlan {
  const keys = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties)) keys.add(k);
  let best: { key: string; level: AreaLevel; vintage: string; prefix: string; year: string } | null = null;
  for (const key of keys) {
    const parsed = parseAreaHeader(key);
    if (parsed?.kind !== 'code') continue;
    if (!best || LEVEL_RANK[parsed.level] < LEVEL_RANK[best.level]) {
      best = {
        key,
        level: parsed.level,
        vintage: parsed.vintage,
        prefix: parsed.prefix,
        year: key.trim().slice(parsed.prefix.length, -2),
      };
    }
  }
  const fromName = levelFromName(file.name) ?? levelFromName(features.find((f) => f.object)?.object ?? '');
  if (best) {
    const nameKey = [...keys].find((k) => k.toUpperCase() === `${best.prefix}${best.year}NM`) ?? null;
    // An undated code property (`LSOACD`) takes its year from the file name when that names the same level.
    const vintage =
      best.vintage === UNDATED_VINTAGE && fromName?.level === best.level ? fromName.vintage : best.vintage;
    return { codeKey: best.key, nameKey, level: best.level, vintage, source: `property ${best.key}` };
  }
  const lower = new Map([...keys].map((k) => [k.toLowerCase(), k]));
  const codeKey = CODE_FALLBACKS.map((k) => lower.get(k)).find((k) => k !== undefined) ?? null;
  const nameKey = NAME_FALLBACKS.map((k) => lower.get(k)).find((k) => k !== undefined) ?? null;
  if (fromName)
    return { codeKey, nameKey, level: fromName.level, vintage: fromName.vintage, source: `file name ${file.name}` };
  const year = /(?<!\d)(19|20)\d{2}(?!\d)/.exec(file.name)?.[0];
  return {
    codeKey,
    nameKey,
    level: null,
    vintage: year ?? UNDATED_VINTAGE,
    source: 'each code (no level in the properties or file name)',
  };
}

/** A boundary ready to store. */
export interface Boundary {
  code: string;
  name: string | null;
  level: AreaLevel;
  vintage: string;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

export function toBoundary(file: FileProbe, f: RawFeature, plan: PropertyPlan): Boundary {
  const where = f.object ? `Feature ${f.index} of object "${f.object}"` : `Feature ${f.index}`;
  const rawCode = plan.codeKey ? f.properties[plan.codeKey] : f.id;
  const code = rawCode === null || rawCode === undefined ? '' : String(rawCode).trim();
  if (code === '') {
    throw new SaferError(`${where} has no area code`, {
      file: file.displayName,
      column: plan.codeKey ?? 'code',
      value: JSON.stringify(f.properties).slice(0, 200),
      hint: 'Each feature needs an ONS code property such as LAD21CD or WD23CD (or AREACD / code).',
    });
  }
  const level = plan.level ?? levelOfCode(code);
  if (!level) {
    throw new SaferError(`Cannot tell the level of ${where.toLowerCase()}`, {
      file: file.displayName,
      column: plan.codeKey ?? 'code',
      value: code,
      hint: 'Name the code property <PREFIX><YY>CD (e.g. LAD21CD), or put the level and year in the file name (e.g. lad2021.geojson).',
    });
  }
  if (!new RegExp(`^(${LEVEL_CODE_PATTERN[level]})$`).test(code)) {
    throw new SaferError(`${where} has a code that is not a ${level} code`, {
      file: file.displayName,
      column: plan.codeKey ?? 'code',
      value: code,
      hint: `${level} codes look like ${LEVEL_CODE_EXAMPLE[level]}; check the property holds the area's own code.`,
    });
  }
  const g = f.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
    throw new SaferError(`${where} (${code}) has ${g ? `a ${g.type}` : 'no'} geometry; boundaries must be polygons`, {
      file: file.displayName,
      value: code,
      hint: 'Export area boundaries (Polygon or MultiPolygon), not points or lines.',
    });
  }
  const first = firstPosition(g.coordinates);
  if (!first || Math.abs(first[0]!) > 180 || Math.abs(first[1]!) > 90) {
    throw new SaferError(`${where} (${code}) has coordinates that are not longitude and latitude`, {
      file: file.displayName,
      value: JSON.stringify(first),
      hint: 'Boundaries must be in WGS84 (EPSG:4326) degrees; re-export British National Grid (EPSG:27700) files as WGS84.',
    });
  }
  const rawName = plan.nameKey ? f.properties[plan.nameKey] : null;
  const name =
    rawName === null || rawName === undefined || String(rawName).trim() === '' ? null : String(rawName).trim();
  return { code, name, level, vintage: plan.vintage, geometry: { type: g.type, coordinates: g.coordinates } };
}

function firstPosition(coordinates: unknown): number[] | null {
  let c: unknown = coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? (c as number[]) : null;
}

/** Several features with one code (islands exported separately) become one MultiPolygon. */
export function mergeByCode(boundaries: readonly Boundary[]): { merged: Boundary[]; repeated: number } {
  const byKey = new Map<string, Boundary>();
  let repeated = 0;
  for (const b of boundaries) {
    const key = `${b.level}|${b.vintage}|${b.code}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, b);
      continue;
    }
    repeated += 1;
    byKey.set(key, {
      ...seen,
      name: seen.name ?? b.name,
      geometry: { type: 'MultiPolygon', coordinates: [...polygons(seen), ...polygons(b)] },
    });
  }
  return { merged: [...byKey.values()], repeated };
}

function polygons(b: Boundary): unknown[] {
  return b.geometry.type === 'Polygon' ? [b.geometry.coordinates] : (b.geometry.coordinates as unknown[]);
}
