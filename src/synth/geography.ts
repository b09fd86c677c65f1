import type { Rng } from './rng.ts';
import { synthCode } from './codes.ts';
import { PlaceNames, WardNames, countyName, streetNames } from './names.ts';

/**
 * The county's layout. Space is a lattice of jittered points; each lattice cell is one LSOA (a
 * convex quadrilateral, since no point moves more than a fifth of a cell). Districts and wards are
 * rectangles of cells split treemap-fashion, so every polygon is simple, the levels nest exactly
 * and the boundaries follow the same wavy lattice lines.
 */

export interface Rect {
  i: number;
  j: number;
  w: number;
  h: number;
}

export interface Lsoa {
  index: number;
  code: string;
  name: string;
  district: number;
  ward: number;
  cell: { i: number; j: number };
  /** 0 (rural) … 1 (the town centre). */
  urban: number;
  /** Share of the district's shops (town-centre and market-town wards). */
  retail: number;
  /** Deprivation as a z-score. */
  deprivation: number;
  /** Weight of a night-time economy (pubs, clubs). */
  nightlife: number;
  /** Weight of main roads (collisions). */
  road: number;
  streets: string[];
}

export interface Ward {
  index: number;
  code: string;
  name: string;
  district: number;
  beat: string;
  block: Rect;
  lsoas: number[];
  townCentre: boolean;
  marketTown: boolean;
  /** Category groups for which this ward is a persistent hotspot. */
  hotspots: string[];
}

export interface District {
  index: number;
  /** Beat letter (A, B, C … without I and O). */
  letter: string;
  code: string;
  name: string;
  cspCode: string;
  town: string;
  block: Rect;
  wards: number[];
  lsoas: number[];
  targetPopulation: number;
}

export interface County {
  code: string;
  name: string;
  force: { code: string; name: string };
  fire: { code: string; name: string };
  districts: District[];
  wards: Ward[];
  lsoas: Lsoa[];
  lattice: Lattice;
}

export interface GeographyOptions {
  districts: number;
  scale: number;
}

/** Residents per LSOA the layout aims at (real LSOAs hold 1,000–3,000). */
const RESIDENTS_PER_LSOA = 1600;
const LSOAS_PER_WARD = 4.5;
const BEAT_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

export function buildCounty(rng: Rng, options: GeographyOptions): County {
  const names = new PlaceNames(rng.fork('names'));
  const name = countyName(rng.fork('county-name'));
  const sizes = rng.fork('sizes');
  const targets = Array.from({ length: options.districts }, (_, d) =>
    Math.round(
      Math.min(195_000, Math.max(82_000, 122_000 * sizes.lognormal(0.25) * (d === 0 ? 1.25 : 1))) * options.scale,
    ),
  );
  const cells = targets.map((p) => Math.max(6, Math.round(p / RESIDENTS_PER_LSOA)));
  const total = cells.reduce((a, b) => a + b, 0);
  const h = Math.max(3, Math.round(Math.sqrt(total / 1.15)));
  const w = Math.max(3, Math.ceil(total / h));
  const lattice = buildLattice(rng.fork('lattice'), w, h);
  const blocks = splitRect({ i: 0, j: 0, w, h }, cells);

  const districts: District[] = [];
  const wards: Ward[] = [];
  const lsoas: Lsoa[] = [];
  const wardNames = new WardNames(rng.fork('ward-names'));
  const villageNames = new PlaceNames(rng.fork('village-names'));
  for (let d = 0; d < options.districts; d++) {
    const districtName = names.district();
    villageNames.reserve(districtName);
    const words = districtName.split(' ');
    const town =
      words.length === 1
        ? districtName
        : ['North', 'South', 'East', 'West', 'Mid'].includes(words[0]!)
          ? words.slice(1).join(' ')
          : villageNames.town();
    const district: District = {
      index: d,
      letter: BEAT_LETTERS[d]!,
      code: synthCode('district', d + 1),
      name: districtName,
      cspCode: synthCode('csp', d + 1),
      town,
      block: blocks[d]!,
      wards: [],
      lsoas: [],
      targetPopulation: targets[d]!,
    };
    districts.push(district);
    layOutDistrict(rng.fork(`district-${d}`), district, wards, lsoas, wardNames, villageNames);
  }
  return {
    code: synthCode('county', 1),
    name,
    force: { code: synthCode('force', 1), name: `${name} Constabulary` },
    fire: { code: synthCode('fire', 1), name: `${name} Fire and Rescue Service` },
    districts,
    wards,
    lsoas,
    lattice,
  };
}

function layOutDistrict(
  rng: Rng,
  district: District,
  wards: Ward[],
  lsoas: Lsoa[],
  wardNames: WardNames,
  villages: PlaceNames,
): void {
  const { block } = district;
  const area = block.w * block.h;
  const count = Math.max(3, Math.min(Math.floor(area / 2), Math.round(area / LSOAS_PER_WARD)));
  const weights = Array.from({ length: count }, () => rng.uniform(0.6, 1.5));
  const wardBlocks = splitRect(block, weights);
  const centre = { x: block.i + block.w / 2, y: block.j + block.h / 2 };
  const distance = (r: Rect, p: { x: number; y: number }): number =>
    Math.hypot(r.i + r.w / 2 - p.x, r.j + r.h / 2 - p.y);
  const byCentre = wardBlocks
    .map((_, k) => k)
    .sort((a, b) => distance(wardBlocks[a]!, centre) - distance(wardBlocks[b]!, centre));
  const centreWard = byCentre[0]!;
  const farthest = byCentre[byCentre.length - 1]!;
  const marketWard = count >= 12 ? farthest : -1;
  const market =
    marketWard >= 0
      ? {
          x: wardBlocks[marketWard]!.i + wardBlocks[marketWard]!.w / 2,
          y: wardBlocks[marketWard]!.j + wardBlocks[marketWard]!.h / 2,
        }
      : null;
  const reach = Math.sqrt(area) * 0.32;
  const marketTown = market ? villages.town() : '';

  // Deprivation: a ward effect, one deprived estate near the centre, and the town a little above the country.
  const estate = byCentre[Math.min(byCentre.length - 1, 1 + rng.int(3))]!;
  const urbanOf = (x: number, y: number): number => {
    const main = Math.exp(-Math.hypot(x - centre.x, y - centre.y) / reach);
    const second = market ? 0.55 * Math.exp(-Math.hypot(x - market.x, y - market.y) / (reach * 0.6)) : 0;
    return Math.min(1, Math.max(main, second));
  };

  const firstWard = wards.length;
  const sectorCounters = [0, 0, 0, 0];
  const rankOfWard = new Map(byCentre.map((k, rank) => [k, rank]));
  // Beats are lettered outwards from each centre: the town centre is x1A, the market town x2A.
  const order = [...byCentre].sort(
    (a, b) => Number(b === marketWard) - Number(a === marketWard) || rankOfWard.get(a)! - rankOfWard.get(b)!,
  );
  const wardsInOrder: Ward[] = new Array(count);
  for (const k of order) {
    const r = wardBlocks[k]!;
    const u = urbanOf(r.i + r.w / 2, r.j + r.h / 2);
    const townCentre = k === centreWard;
    const isMarket = k === marketWard;
    const nearMarket = market !== null && Math.hypot(r.i + r.w / 2 - market.x, r.j + r.h / 2 - market.y) < reach * 0.6;
    const sector = townCentre || (u >= 0.3 && !nearMarket) ? 1 : nearMarket ? 2 : 3;
    const name = townCentre
      ? wardNames.take(`${district.town} Central`)
      : isMarket
        ? wardNames.take(`${marketTown} Town`)
        : sector === 1
          ? wardNames.urban(district.town, rankOfWard.get(k)!)
          : sector === 2
            ? wardNames.take(`${marketTown} ${rng.pick(['North', 'South', 'East', 'West', 'Rural'])}`)
            : wardNames.rural(() => villages.town());
    const n = sectorCounters[sector]!++;
    const beat = `${district.letter}${sector}${n < BEAT_LETTERS.length ? BEAT_LETTERS[n] : `${BEAT_LETTERS[Math.floor(n / BEAT_LETTERS.length) - 1]}${BEAT_LETTERS[n % BEAT_LETTERS.length]}`}`;
    wardsInOrder[k] = {
      index: -1,
      code: '',
      name,
      district: district.index,
      beat,
      block: r,
      lsoas: [],
      townCentre,
      marketTown: isMarket,
      hotspots: [],
    };
  }
  // Ward codes run south to north, then west to east, within the district.
  const numbered = wardsInOrder
    .map((w, k) => ({ w, k }))
    .sort((a, b) => a.w.block.j - b.w.block.j || a.w.block.i - b.w.block.i);
  numbered.forEach(({ w, k }, n) => {
    w.index = firstWard + n;
    w.code = synthCode('ward', w.index + 1);
    const wardDeprivation = rng.normal(0, 0.55) + (k === estate ? 1.9 : 0);
    wards.push(w);
    district.wards.push(w.index);
    let letter = 0;
    for (let j = w.block.j; j < w.block.j + w.block.h; j++) {
      for (let i = w.block.i; i < w.block.i + w.block.w; i++) {
        const u = urbanOf(i + 0.5, j + 0.5);
        const index = lsoas.length;
        const centreCell = w.townCentre ? Math.exp(-Math.hypot(i + 0.5 - centre.x, j + 0.5 - centre.y) / 1.5) : 0;
        lsoas.push({
          index,
          code: synthCode('lsoa', index + 1),
          name: `${district.name} ${String(n + 1).padStart(3, '0')}${BEAT_LETTERS[letter % BEAT_LETTERS.length]}`,
          district: district.index,
          ward: w.index,
          cell: { i, j },
          urban: u,
          retail: w.townCentre ? 0.6 + 0.4 * centreCell : w.marketTown ? 0.35 : 0.02 + 0.05 * u,
          deprivation: wardDeprivation + 0.6 * (u - 0.4) + rng.normal(0, 0.35),
          nightlife: w.townCentre ? 0.5 + centreCell : w.marketTown ? 0.3 : 0,
          road: 1,
          streets: streetNames(rng, 4),
        });
        w.lsoas.push(index);
        district.lsoas.push(index);
        letter++;
      }
    }
  });
  chooseHotspots(rng, district, wards, lsoas);
}

/** Persistent hotspots: wards that stay high for one kind of crime year after year. */
function chooseHotspots(rng: Rng, district: District, wards: Ward[], lsoas: Lsoa[]): void {
  // Hotspots are in the built-up half of the district (a rural hotspot is too small to stand out).
  const urbanOf = (w: number): number =>
    wards[w]!.lsoas.reduce((s, l) => s + lsoas[l]!.urban, 0) / wards[w]!.lsoas.length;
  const builtUp = district.wards.filter((w) => !wards[w]!.townCentre).sort((a, b) => urbanOf(b) - urbanOf(a) || a - b);
  const candidates = rng.shuffle(builtUp.slice(0, Math.max(4, Math.ceil(builtUp.length / 2))));
  const kinds = ['burglary', 'vehicle', 'damage', 'asb'];
  candidates.slice(0, kinds.length).forEach((w, k) => wards[w]!.hotspots.push(kinds[k]!));
  // One or two wards carry a trunk road: collisions concentrate there.
  const roads = rng.shuffle(district.wards).slice(0, Math.min(2, district.wards.length));
  for (const w of roads) for (const l of wards[w]!.lsoas) lsoas[l]!.road = 3;
}

/**
 * Splits a rectangle of cells into parts whose areas follow `weights` (in order). Every part
 * gets at least one cell; the cut is along the longer side.
 */
export function splitRect(rect: Rect, weights: readonly number[]): Rect[] {
  if (weights.length === 1) return [rect];
  const total = weights.reduce((a, b) => a + b, 0);
  const splits: { k: number; share: number; gap: number }[] = [];
  let acc = 0;
  for (let k = 1; k < weights.length; k++) {
    acc += weights[k - 1]!;
    splits.push({ k, share: acc / total, gap: Math.abs(acc / total - 0.5) });
  }
  splits.sort((a, b) => a.gap - b.gap || a.k - b.k);
  const longerFirst = rect.w >= rect.h ? [true, false] : [false, true];
  for (const { k, share } of splits) {
    for (const horizontal of longerFirst) {
      const side = horizontal ? rect.w : rect.h;
      const other = horizontal ? rect.h : rect.w;
      const lo = Math.ceil(k / other);
      const hi = side - Math.ceil((weights.length - k) / other);
      if (lo > hi) continue;
      const cut = Math.max(lo, Math.min(hi, Math.round(side * share)));
      const [a, b]: [Rect, Rect] = horizontal
        ? [
            { i: rect.i, j: rect.j, w: cut, h: rect.h },
            { i: rect.i + cut, j: rect.j, w: rect.w - cut, h: rect.h },
          ]
        : [
            { i: rect.i, j: rect.j, w: rect.w, h: cut },
            { i: rect.i, j: rect.j + cut, w: rect.w, h: rect.h - cut },
          ];
      return [...splitRect(a, weights.slice(0, k)), ...splitRect(b, weights.slice(k))];
    }
  }
  throw new Error(`cannot split a ${rect.w}x${rect.h} block into ${weights.length} parts`);
}

// ---------------------------------------------------------------------------------------------
// Coordinates

export interface Lattice {
  w: number;
  h: number;
  /** Longitude and latitude of lattice point (i, j) at `[(j * (w + 1) + i) * 2]`. */
  points: Float64Array;
}

/** South-west corner and cell size: about 2.2 km cells in the English Midlands. */
const ORIGIN = { lon: -1.72, lat: 52.28 };
const CELL = { lon: 0.032, lat: 0.0196 };
const JITTER = 0.18;

function buildLattice(rng: Rng, w: number, h: number): Lattice {
  const points = new Float64Array((w + 1) * (h + 1) * 2);
  for (let j = 0; j <= h; j++) {
    for (let i = 0; i <= w; i++) {
      const k = (j * (w + 1) + i) * 2;
      points[k] = round6(ORIGIN.lon + (i + rng.uniform(-JITTER, JITTER)) * CELL.lon);
      points[k + 1] = round6(ORIGIN.lat + (j + rng.uniform(-JITTER, JITTER)) * CELL.lat);
    }
  }
  return { w, h, points };
}

export function latticePoint(lattice: Lattice, i: number, j: number): [number, number] {
  const k = (j * (lattice.w + 1) + i) * 2;
  return [lattice.points[k]!, lattice.points[k + 1]!];
}

/** The closed, counter-clockwise ring of a rectangle of cells (RFC 7946 exterior ring). */
export function blockRing(lattice: Lattice, r: Rect): [number, number][] {
  const ring: [number, number][] = [];
  for (let i = r.i; i < r.i + r.w; i++) ring.push(latticePoint(lattice, i, r.j));
  for (let j = r.j; j < r.j + r.h; j++) ring.push(latticePoint(lattice, r.i + r.w, j));
  for (let i = r.i + r.w; i > r.i; i--) ring.push(latticePoint(lattice, i, r.j + r.h));
  for (let j = r.j + r.h; j > r.j; j--) ring.push(latticePoint(lattice, r.i, j));
  ring.push(ring[0]!);
  return ring;
}

/** A point inside an LSOA's cell (bilinear, kept away from the edges), rounded to 5 decimals (about a metre). */
export function pointInCell(
  lattice: Lattice,
  cell: { i: number; j: number },
  u: number,
  v: number,
  out: [number, number] = [0, 0],
): [number, number] {
  const s = 0.04 + 0.92 * u;
  const t = 0.04 + 0.92 * v;
  const [x00, y00] = latticePoint(lattice, cell.i, cell.j);
  const [x10, y10] = latticePoint(lattice, cell.i + 1, cell.j);
  const [x01, y01] = latticePoint(lattice, cell.i, cell.j + 1);
  const [x11, y11] = latticePoint(lattice, cell.i + 1, cell.j + 1);
  out[0] = Math.round(((1 - s) * (1 - t) * x00 + s * (1 - t) * x10 + (1 - s) * t * x01 + s * t * x11) * 1e5) / 1e5;
  out[1] = Math.round(((1 - s) * (1 - t) * y00 + s * (1 - t) * y10 + (1 - s) * t * y01 + s * t * y11) * 1e5) / 1e5;
  return out;
}

/** Centroid of a cell (for lookups that carry a point per area). */
export function cellCentre(lattice: Lattice, cell: { i: number; j: number }): [number, number] {
  return pointInCell(lattice, cell, 0.5, 0.5);
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
