import { OFFENCE_CODES } from '../taxonomy/offence-codes.ts';

/**
 * Which offences (or incident categories) a measure counts, from its declared filters and the
 * source it was counted from, so that two measures can be compared without a hand-made list:
 *
 * - a crime measure counted from records counts its Home Office offence codes;
 * - a crime measure counted from data.police.uk counts every offence code whose data.police.uk
 *   crime type it names (the taxonomy maps each code to one type), so "Burglary" covers
 *   dwelling and non-dwelling burglary alike;
 * - any other measure (incidents, fires, collisions) counts its categories, narrowed to its
 *   sub-categories when it names them.
 *
 * A time window narrows a measure without changing its offences: night-time violence overlaps
 * violence. Measures of different kinds never overlap.
 */
export interface CountedDefinition {
  kind: string;
  source: 'records' | 'police-uk' | string | null;
  filters: unknown;
}

interface Filters {
  offenceCodes?: string[];
  policeUkTypes?: string[];
  categories?: string[];
  subCategories?: string[];
}

const ANY = '*';

/** The offences of a measure as keys: `code:<code>` or `<kind>:<category>/<sub-category or *>`; empty when nothing is declared. */
export function offenceKeys(m: CountedDefinition): Set<string> {
  const f = (m.filters ?? {}) as Filters;
  if (m.kind === 'crime') {
    if (m.source === 'police-uk' && f.policeUkTypes?.length) {
      const types = new Set(f.policeUkTypes);
      return new Set(OFFENCE_CODES.filter((o) => types.has(o.policeUkType)).map((o) => `code:${o.code}`));
    }
    if (f.offenceCodes?.length) return new Set(f.offenceCodes.map((c) => `code:${c}`));
    if (f.policeUkTypes?.length) {
      const types = new Set(f.policeUkTypes);
      return new Set(OFFENCE_CODES.filter((o) => types.has(o.policeUkType)).map((o) => `code:${o.code}`));
    }
  }
  const keys = new Set<string>();
  for (const c of f.categories ?? []) {
    for (const s of f.subCategories?.length ? f.subCategories : [ANY]) keys.add(`${m.kind}:${c}/${s}`);
  }
  return keys;
}

function keyMatches(x: string, y: string): boolean {
  if (x === y) return true;
  const cut = (k: string) => [k.slice(0, k.lastIndexOf('/')), k.slice(k.lastIndexOf('/') + 1)] as const;
  if (x.startsWith('code:') || y.startsWith('code:')) return false;
  const [xc, xs] = cut(x);
  const [yc, ys] = cut(y);
  return xc === yc && (xs === ANY || ys === ANY);
}

/** Two measures overlap when they count at least one offence (or category) in common. */
export function offencesOverlap(a: CountedDefinition, b: CountedDefinition): boolean {
  if (a.kind !== b.kind) return false;
  const ka = offenceKeys(a);
  const kb = offenceKeys(b);
  for (const x of ka) {
    if (kb.has(x)) return true;
    for (const y of kb) if (keyMatches(x, y)) return true;
  }
  return false;
}

/** How broad a measure is: the number of offence codes (or category keys) it counts; a whole category counts as many. */
export function offenceBreadth(m: CountedDefinition): number {
  let n = 0;
  for (const k of offenceKeys(m)) n += k.endsWith(`/${ANY}`) ? 1000 : 1;
  return n;
}
