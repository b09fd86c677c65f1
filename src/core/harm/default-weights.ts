import { EDITION_2016, EDITION_LATER, RAPE_BLOCK_2016, median } from './ons-sources.ts';

/**
 * How a default weight was obtained (docs/methods.md, "Harm: Crime Severity Score weights"):
 * - ons: an ONS CSS weight whose offence is named by the source, or corroborated by ONS's release;
 * - ons-order: an ONS 2016 weight from an unlabelled list, matched to codes by their order;
 * - ons-inferred: an ONS 2016 weight matched to the offence by its size or rank;
 * - imputed: copied from the nearest offence in the same sub-group (`from`);
 * - category-median: the median of the ONS 2016 weights listed for the code's data.police.uk type.
 */
export type WeightBasis = 'ons' | 'ons-order' | 'ons-inferred' | 'imputed' | 'category-median';

export interface DefaultWeight {
  code: string;
  weight: number;
  basis: WeightBasis;
  /** for imputed weights: the offence code the weight was copied from */
  from?: string;
  note?: string;
}

const L = EDITION_2016;
const VSO_MEDIAN = median(L.violenceAndSexualOffences);
const OTHER_CRIME_MEDIAN = median(L.otherCrime);
const VEHICLE_MEDIAN = median(L.vehicleCrime);
const RAPE_MEDIAN = median(L.violenceAndSexualOffences.slice(RAPE_BLOCK_2016.from, RAPE_BLOCK_2016.to + 1));

const entries: DefaultWeight[] = [];

function ons(code: string, weight: number, note: string): void {
  entries.push({ code, weight, basis: 'ons', note });
}
function inOrder(codes: readonly string[], list: readonly number[], firstIndex: number, note: string): void {
  codes.forEach((code, i) => entries.push({ code, weight: list[firstIndex + i]!, basis: 'ons-order', note }));
}
function inferred(codes: readonly string[], weight: number, note: string): void {
  for (const code of codes) entries.push({ code, weight, basis: 'ons-inferred', note });
}
function imputed(codes: readonly string[], from: string): void {
  for (const code of codes) entries.push({ code, weight: NaN, basis: 'imputed', from });
}
function categoryMedian(codes: readonly string[], weight: number, type: string): void {
  for (const code of codes) {
    entries.push({
      code,
      weight,
      basis: 'category-median',
      note: `median of the ONS 2016 weights listed for "${type}"`,
    });
  }
}

const VSO = 'Violence and sexual offences';

// Homicide
ons('1', L.violenceAndSexualOffences[0], 'homicide, 2016 edition (ONS release: 7,979)');
imputed(['4.1', '4.2', '4.10'], '1');
// Death or serious injury caused by unlawful driving
categoryMedian(['4.4', '4.6', '4.8', '4.9', '37.1'], VSO_MEDIAN, VSO);
// Violence with injury
ons('2', L.violenceAndSexualOffences[1], 'attempted murder, 2016 edition (ONS release: 4,663)');
ons('8N', EDITION_LATER['Assault with injury'], 'assault with injury, later edition');
imputed(['8F', '8G', '8H', '8J', '8P', '8S', '8T'], '8N');
categoryMedian(['4.3', '4.7', '5A', '5B', '5C', '5D', '5E', '8K'], VSO_MEDIAN, VSO);
// Violence without injury
ons('105A', EDITION_LATER['Assault without injury'], 'assault without injury, later edition');
imputed(['104', '105B', '105C'], '105A');
categoryMedian(['3A', '3B', '11A', '12', '13', '14', '36', '106'], VSO_MEDIAN, VSO);
// Stalking and harassment
ons('8L', EDITION_LATER.Harassment, 'harassment, later edition');
imputed(['8M', '8Q', '8R', '8U'], '8L');
// Rape
inferred(
  ['19C', '19D', '19E', '19F', '19G', '19H'],
  RAPE_MEDIAN,
  'median of the nine 2016 weights read as rape offences',
);
// Other sexual offences
categoryMedian(
  ['17A', '17B', '20A', '20B', '21', '22A', '22B', '23', '70', '71', '72', '73', '88A', '88C', '88D', '88E'],
  VSO_MEDIAN,
  VSO,
);
// Robbery: the 2016 list gives the same weight to both codes
ons('34A', L.robbery[0], 'robbery of business property, 2016 edition');
ons('34B', L.robbery[1], 'robbery of personal property, 2016 edition');
// Burglary: 16 weights for the 16 codes in code order, runs of 8, 2, 4 and 2 equal weights
inOrder(
  ['28A', '28B', '28C', '28D', '28E', '28F', '28G', '28H'],
  L.burglary,
  0,
  'dwelling/residential burglary incl. attempts',
);
inOrder(['29', '29A'], L.burglary, 8, 'aggravated burglary in a dwelling');
inOrder(['30A', '30B', '30C', '30D'], L.burglary, 10, 'non-dwelling/business burglary incl. attempts');
inOrder(['31', '31A'], L.burglary, 14, 'aggravated non-dwelling burglary');
// Vehicle offences: eight unlabelled weights for four codes, not matchable
categoryMedian(['37.2', '45', '48', '126'], VEHICLE_MEDIAN, 'Vehicle crime');
// Single-offence theft types
ons('39', L.theftFromThePerson[0], 'the only weight listed for "Theft from the person"');
ons('44', L.bicycleTheft[0], 'the only weight listed for "Bicycle theft"');
ons('46', L.shoplifting[0], 'the only weight listed for "Shoplifting"');
// All other theft offences: one weight listed for the type, read as "Other theft" (49)
inferred(['49'], L.otherTheft[0], 'the only weight listed for "Other theft"');
imputed(['35', '40', '41', '42', '43', '47', '49A'], '49');
// Arson: three weights for two codes, the first read as the older undivided code 56
inOrder(['56A', '56B'], L.criminalDamageAndArson, 1, 'arson; list position 0 read as the older code 56');
// Criminal damage: runs of 4 and 5 equal weights for the 4 plain and 5 aggravated codes
inOrder(['58A', '58B', '58C', '58D'], L.criminalDamageAndArson, 3, 'criminal damage');
inOrder(
  ['58E', '58F', '58G', '58H', '58J'],
  L.criminalDamageAndArson,
  7,
  'racially or religiously aggravated criminal damage',
);
// Drugs: 92A, 92B (older), 92C, 92D, 92E in code order; 92E = 3 as ONS released
inOrder(['92A'], L.drugs, 0, 'trafficking');
inOrder(['92C', '92D'], L.drugs, 2, 'list position 1 read as the older code 92B');
ons('92E', L.drugs[4], 'cannabis possession, 2016 edition (ONS release: 3)');
// Possession of weapons: seven weights for six codes, the first read as an older code before 10A
inOrder(['10A', '10B', '10C', '10D', '81', '90'], L.possessionOfWeapons, 1, 'list position 0 read as an older code');
// Public order: 9A and 9B first, 66 last; violent disorder = the weight four of the five middle codes share
inOrder(['9A', '9B'], L.publicOrder, 0, 'public fear, alarm or distress (plain and aggravated)');
inOrder(['66'], L.publicOrder, 7, 'other offences against the State or public order');
inferred(['62A'], L.publicOrder[2], 'the weight shared by four of the five middle public order weights');
// Miscellaneous crimes against society
inferred(
  ['76'],
  4392,
  'aiding suicide: ranked by ONS next after attempted murder; the only such weight in "Other crime"',
);
categoryMedian(
  [
    '15',
    '24',
    '26',
    '27',
    '33',
    '33A',
    '38',
    '54',
    '59',
    '60',
    '61',
    '61A',
    '67',
    '69',
    '79',
    '80',
    '83',
    '86',
    '95',
    '96',
    '99',
    '802',
    '814',
  ],
  OTHER_CRIME_MEDIAN,
  'Other crime',
);

const byCode = new Map(entries.map((e) => [e.code, e]));
for (const e of entries) {
  if (e.basis === 'imputed') {
    const source = byCode.get(e.from!);
    if (!source || source.basis === 'imputed')
      throw new Error(`harm defaults: ${e.code} imputed from ${e.from}, which has no own weight`);
    e.weight = source.weight;
    e.note = `copied from ${e.from}`;
  }
}

/** The default weight of every offence code in the default taxonomy, with how it was obtained. */
export const DEFAULT_WEIGHTS: readonly Readonly<DefaultWeight>[] = entries;

export const DEFAULT_SOURCE =
  'Safer default: an approximation of the ONS Crime Severity Score weights. The official ONS table could not be obtained; ' +
  'weights are ONS 2016-edition figures traced through secondary sources where possible, three named later-edition figures ' +
  'for assault and harassment, and the rest imputed (see docs/methods.md). Load the official ONS weights with a harm ' +
  'weights file for published figures.';

export const DEFAULT_EDITION = 'safer-default-1 (ONS CSS weights, 2016 edition where traced; not an ONS product)';
