import type { Rng } from './rng.ts';

/**
 * Fictional place names. District and partnership names are built from syllables chosen to be
 * unlike real local authorities (a test checks them against the ONS code lists); ward and street
 * names use ordinary English components, as real ones do.
 */

const COUNTIES = [
  'Ambershire',
  'Marlshire',
  'Kestrelshire',
  'Brackenshire',
  'Fennshire',
  'Wendleshire',
  'Harrowmoor',
  'Thornmere',
];

const STEMS = [
  'Ambr',
  'Ashl',
  'Brack',
  'Brind',
  'Cald',
  'Carr',
  'Cresl',
  'Dunm',
  'Elv',
  'Fenw',
  'Garr',
  'Gild',
  'Harl',
  'Hask',
  'Ilm',
  'Kest',
  'Kirt',
  'Lorn',
  'Lud',
  'Marl',
  'Meld',
  'Neth',
  'Orm',
  'Penn',
  'Quen',
  'Rav',
  'Rend',
  'Sedg',
  'Skel',
  'Stall',
  'Tarr',
  'Thorn',
  'Tull',
  'Ulv',
  'Vell',
  'Wend',
  'Whel',
  'Wint',
  'Yarl',
  'Beck',
  'Colm',
  'Dray',
  'Eld',
  'Fald',
  'Grend',
  'Holm',
  'Lamb',
  'Mord',
  'Pell',
  'Sarn',
];
const ENDINGS = [
  'ford',
  'ham',
  'ley',
  'ton',
  'bury',
  'field',
  'wick',
  'stead',
  'worth',
  'by',
  'mere',
  'combe',
  'dale',
  'hurst',
  'well',
  'borne',
  'cott',
  'hithe',
  'stow',
  'brook',
  'den',
  'thorpe',
  'ing',
  'marsh',
];
const COMPOUND = ['Vale', 'Valley', 'Downs', 'Heath', 'Forest', 'Fields', 'Hundreds', 'Moors', 'Weald', 'Coast'];
const QUARTERS = ['North', 'South', 'East', 'West', 'Mid'];

const WARD_WORDS = [
  'Abbey',
  'Castle',
  'Priory',
  'Market',
  'Church',
  'Mill',
  'Grange',
  'Manor',
  'Meadow',
  'Oakwood',
  'Elmfield',
  'Ashgrove',
  'Beechwood',
  'Highfield',
  'Greenacres',
  'Heathside',
  'Moorside',
  'Brookside',
  'Bridge',
  'Cross',
  'Woodlands',
  'Fieldway',
  'Lea',
  'Orchard',
  'Kingsmead',
  'Queensway',
  "St Mary's",
  "St John's",
  "St Peter's",
  "St Andrew's",
  'Hollow',
  'Warren',
  'Common',
  'Chase',
  'Parkside',
  'Riverside',
  'Canalside',
  'Windmill',
  'Hillcrest',
  'Fairfield',
  'Westfield',
  'Eastfield',
  'Northgate',
  'Southgate',
  'Larkrise',
  'Foxhill',
  'Badger',
  'Kiln',
  'Tanyard',
  'Maltings',
  'Ropewalk',
  'Ferry',
  'Quarry',
  'Pound',
  'Gallows',
  'Beacon',
];
const WARD_SUFFIXES = ['', '', '', ' Park', ' Hill', ' Green', ' End', ' Vale', ' & Town', ' Rural'];
const STREET_KINDS = [
  'Road',
  'Street',
  'Lane',
  'Close',
  'Avenue',
  'Way',
  'Drive',
  'Crescent',
  'Gardens',
  'Place',
  'Walk',
  'Row',
];

export function countyName(rng: Rng): string {
  return rng.pick(COUNTIES);
}

/** A supply of unique syllable names: `next()` never repeats within one generator. */
export class PlaceNames {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** Marks names as taken (e.g. the county's districts before the national set is named). */
  reserve(name: string): void {
    this.used.add(name);
  }

  /** A single-word town name, e.g. 'Harlford'. */
  town(): string {
    for (;;) {
      const name = `${this.rng.pick(STEMS)}${this.rng.pick(ENDINGS)}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  /** A district or partnership name: mostly one town, sometimes 'Kest Vale' or 'North Harlford'. */
  district(): string {
    for (;;) {
      const town = `${this.rng.pick(STEMS)}${this.rng.pick(ENDINGS)}`;
      const r = this.rng.next();
      const name =
        r < 0.7
          ? town
          : r < 0.85
            ? `${this.rng.pick(STEMS)}${this.rng.pick(['ing', 'en', 'ley', 'dale'])} ${this.rng.pick(COMPOUND)}`
            : `${this.rng.pick(QUARTERS)} ${town}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}

/** Unique ward names within a county. */
export class WardNames {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  take(name: string): string {
    let candidate = name;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${name} ${toRoman(n)}`;
    this.used.add(candidate);
    return candidate;
  }

  /** Town-centre, quarter and neighbourhood names for a town's wards. */
  urban(town: string, rank: number): string {
    if (rank === 0) return this.take(`${town} Central`);
    if (rank <= 4 && this.rng.chance(0.5)) return this.take(`${town} ${QUARTERS[rank - 1]}`);
    return this.neighbourhood();
  }

  neighbourhood(): string {
    for (let attempt = 0; attempt < 50; attempt++) {
      const name = `${this.rng.pick(WARD_WORDS)}${this.rng.pick(WARD_SUFFIXES)}`;
      if (!this.used.has(name)) return this.take(name);
    }
    return this.take(this.rng.pick(WARD_WORDS));
  }

  /** A rural ward named after one or two villages. */
  rural(villages: () => string): string {
    const name = this.rng.chance(0.4) ? `${villages()} & ${villages()}` : villages();
    return this.take(name);
  }
}

export function streetNames(rng: Rng, count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) out.add(`${rng.pick(WARD_WORDS)} ${rng.pick(STREET_KINDS)}`);
  return [...out];
}

function toRoman(n: number): string {
  return ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'][n] ?? String(n);
}
