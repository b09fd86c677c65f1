import type { TimeProfile } from './profiles.ts';

/**
 * What the county's police record: each Home Office offence code with its rate per 1,000
 * residents a year (about the English average for a mixed urban/rural district, ~70 in all),
 * where it happens (its spatial group), when (its time profile) and how it trends.
 * Every code must exist in `OFFENCE_CODES` (a test checks).
 */

/** Spatial and trend groups: how strongly a kind of crime follows towns, deprivation and shops. */
export const SPATIAL_GROUPS = {
  violence: { urban: 1.3, deprivation: 0.35, retail: 0.2, trend: 0.02 },
  domestic: { urban: 0.4, deprivation: 0.4, retail: 0, trend: 0.06 },
  sexual: { urban: 0.6, deprivation: 0.25, retail: 0, trend: 0.03 },
  robbery: { urban: 2.2, deprivation: 0.4, retail: 0.3, trend: 0.03 },
  burglary: { urban: 0.5, deprivation: 0.3, retail: 0, trend: -0.06 },
  businessBurglary: { urban: 0.8, deprivation: 0.1, retail: 0.5, trend: -0.04 },
  vehicle: { urban: 0.7, deprivation: 0.2, retail: 0.1, trend: -0.02 },
  theftPerson: { urban: 2.0, deprivation: 0.1, retail: 0.8, trend: 0.06 },
  bicycle: { urban: 1.6, deprivation: 0.0, retail: 0.3, trend: -0.05 },
  shoplifting: { urban: 0.5, deprivation: 0.1, retail: 6, trend: 0.12 },
  otherTheft: { urban: 0.9, deprivation: 0.1, retail: 0.5, trend: -0.01 },
  damage: { urban: 0.6, deprivation: 0.45, retail: 0, trend: -0.03 },
  arson: { urban: 0.3, deprivation: 0.5, retail: 0, trend: -0.02 },
  drugs: { urban: 1.4, deprivation: 0.4, retail: 0.2, trend: -0.02 },
  weapons: { urban: 1.5, deprivation: 0.4, retail: 0.2, trend: 0.03 },
  publicOrder: { urban: 1.4, deprivation: 0.3, retail: 0.3, trend: 0 },
  other: { urban: 0.8, deprivation: 0.2, retail: 0.1, trend: 0 },
  asb: { urban: 1.0, deprivation: 0.45, retail: 0.3, trend: -0.08 },
  publicSafety: { urban: 0.7, deprivation: 0.3, retail: 0.1, trend: 0.01 },
  transport: { urban: 0.3, deprivation: 0, retail: 0.1, trend: 0 },
  fireDeliberate: { urban: 0.4, deprivation: 0.6, retail: 0, trend: -0.02 },
  fireAccidental: { urban: 0.2, deprivation: 0.3, retail: 0, trend: -0.02 },
  collision: { urban: 0.1, deprivation: 0, retail: 0.2, trend: -0.015 },
} as const;
export type SpatialGroup = keyof typeof SPATIAL_GROUPS;

/** Hotspot wards (geography.ts) raise these groups. */
export const HOTSPOT_OF: Partial<Record<SpatialGroup, string>> = {
  burglary: 'burglary',
  vehicle: 'vehicle',
  damage: 'damage',
  arson: 'damage',
  asb: 'asb',
};

export interface CrimeEntry {
  code: string;
  /** Recorded offences per 1,000 residents a year. */
  rate: number;
  group: SpatialGroup;
  time: TimeProfile;
  /** Share of the offences that belong to the night-time economy (town-centre Friday and Saturday nights). */
  night?: number;
  /** Yearly log-trend overriding the group's. */
  trend?: number;
  /** Force descriptions where the force splits a code (drug class); otherwise the Home Office description is used. */
  descriptions?: readonly (readonly [string, number])[];
  /** Share flagged as domestic abuse. */
  domestic?: number;
}

export const CRIMES: readonly CrimeEntry[] = [
  // Violence against the person
  { code: '1', rate: 0.01, group: 'violence', time: 'violence', domestic: 0.3 },
  { code: '2', rate: 0.02, group: 'violence', time: 'violence' },
  { code: '3B', rate: 0.45, group: 'domestic', time: 'domestic', domestic: 0.5 },
  { code: '5D', rate: 0.35, group: 'violence', time: 'violence', night: 0.2, domestic: 0.2 },
  { code: '8N', rate: 7.0, group: 'violence', time: 'violence', night: 0.16, domestic: 0.35 },
  { code: '8P', rate: 0.1, group: 'violence', time: 'violence' },
  { code: '8S', rate: 0.15, group: 'violence', time: 'violence', night: 0.25 },
  { code: '8T', rate: 0.05, group: 'violence', time: 'violence', night: 0.2 },
  { code: '104', rate: 0.55, group: 'violence', time: 'violence', night: 0.25 },
  { code: '105A', rate: 8.5, group: 'violence', time: 'violence', night: 0.12, domestic: 0.35 },
  { code: '105B', rate: 0.3, group: 'violence', time: 'violence', night: 0.1 },
  { code: '105C', rate: 0.1, group: 'violence', time: 'violence' },
  { code: '11A', rate: 0.45, group: 'domestic', time: 'domestic' },
  { code: '8L', rate: 2.5, group: 'domestic', time: 'domestic', domestic: 0.45 },
  { code: '8M', rate: 0.1, group: 'domestic', time: 'day' },
  { code: '8Q', rate: 2.0, group: 'domestic', time: 'domestic', domestic: 0.6 },
  { code: '8R', rate: 2.5, group: 'domestic', time: 'day', domestic: 0.3 },
  { code: '8U', rate: 0.7, group: 'domestic', time: 'domestic', domestic: 1 },
  { code: '4.4', rate: 0.01, group: 'other', time: 'day' },
  // Sexual offences
  { code: '19C', rate: 0.75, group: 'sexual', time: 'domestic', domestic: 0.35 },
  { code: '19D', rate: 0.2, group: 'sexual', time: 'domestic' },
  { code: '19E', rate: 0.08, group: 'sexual', time: 'domestic' },
  { code: '19F', rate: 0.05, group: 'sexual', time: 'domestic' },
  { code: '20A', rate: 0.8, group: 'sexual', time: 'violence', night: 0.1 },
  { code: '20B', rate: 0.1, group: 'sexual', time: 'day' },
  { code: '17A', rate: 0.1, group: 'sexual', time: 'violence' },
  { code: '22B', rate: 0.15, group: 'sexual', time: 'day' },
  { code: '88A', rate: 0.04, group: 'sexual', time: 'day' },
  { code: '88E', rate: 0.2, group: 'sexual', time: 'day' },
  // Robbery
  { code: '34A', rate: 0.1, group: 'robbery', time: 'shop' },
  { code: '34B', rate: 0.75, group: 'robbery', time: 'violence', night: 0.1 },
  // Burglary: residential with attempts and distraction; business and community
  { code: '28E', rate: 2.1, group: 'burglary', time: 'burglary' },
  { code: '28F', rate: 0.55, group: 'burglary', time: 'burglary' },
  { code: '28G', rate: 0.04, group: 'burglary', time: 'day' },
  { code: '28H', rate: 0.02, group: 'burglary', time: 'day' },
  { code: '29A', rate: 0.03, group: 'burglary', time: 'burglary' },
  { code: '30C', rate: 1.3, group: 'businessBurglary', time: 'vehicle' },
  { code: '30D', rate: 0.3, group: 'businessBurglary', time: 'vehicle' },
  // Vehicle crime
  { code: '37.2', rate: 0.05, group: 'vehicle', time: 'vehicle' },
  { code: '45', rate: 3.3, group: 'vehicle', time: 'vehicle', trend: -0.04 },
  { code: '48', rate: 1.7, group: 'vehicle', time: 'vehicle', trend: 0.04 },
  { code: '126', rate: 0.45, group: 'vehicle', time: 'vehicle' },
  // Theft
  { code: '39', rate: 0.6, group: 'theftPerson', time: 'shop', night: 0.15 },
  { code: '44', rate: 1.0, group: 'bicycle', time: 'bicycle' },
  { code: '46', rate: 5.5, group: 'shoplifting', time: 'shop' },
  { code: '49', rate: 4.8, group: 'otherTheft', time: 'day' },
  { code: '40', rate: 0.35, group: 'otherTheft', time: 'day' },
  { code: '41', rate: 0.05, group: 'otherTheft', time: 'day' },
  { code: '47', rate: 0.03, group: 'otherTheft', time: 'day' },
  { code: '49A', rate: 0.5, group: 'otherTheft', time: 'shop' },
  // Criminal damage by target, and arson
  { code: '56A', rate: 0.05, group: 'arson', time: 'damage' },
  { code: '56B', rate: 0.3, group: 'arson', time: 'damage' },
  { code: '58A', rate: 2.0, group: 'damage', time: 'damage', domestic: 0.15 },
  { code: '58B', rate: 0.85, group: 'damage', time: 'damage' },
  { code: '58C', rate: 2.9, group: 'damage', time: 'damage' },
  { code: '58D', rate: 1.5, group: 'damage', time: 'damage' },
  { code: '58J', rate: 0.08, group: 'damage', time: 'damage' },
  // Drugs, by class where the force records it
  {
    code: '92A',
    rate: 0.45,
    group: 'drugs',
    time: 'drugs',
    descriptions: [
      ['Trafficking in controlled drugs - Class A', 0.55],
      ['Trafficking in controlled drugs - Class B', 0.38],
      ['Trafficking in controlled drugs - Class C', 0.07],
    ],
  },
  { code: '92C', rate: 0.02, group: 'drugs', time: 'drugs' },
  {
    code: '92D',
    rate: 0.35,
    group: 'drugs',
    time: 'drugs',
    descriptions: [
      ['Possession of controlled drugs - Class A', 0.8],
      ['Possession of controlled drugs - Class B (excluding cannabis)', 0.14],
      ['Possession of controlled drugs - Class C', 0.06],
    ],
  },
  {
    code: '92E',
    rate: 1.5,
    group: 'drugs',
    time: 'drugs',
    night: 0.1,
    descriptions: [['Possession of controlled drugs - Cannabis', 1]],
  },
  // Possession of weapons
  { code: '10A', rate: 0.01, group: 'weapons', time: 'violence' },
  { code: '10B', rate: 0.04, group: 'weapons', time: 'violence' },
  { code: '10C', rate: 0.12, group: 'weapons', time: 'violence' },
  { code: '10D', rate: 0.55, group: 'weapons', time: 'violence', night: 0.15 },
  { code: '81', rate: 0.04, group: 'weapons', time: 'day' },
  // Public order
  { code: '9A', rate: 4.8, group: 'publicOrder', time: 'violence', night: 0.18 },
  { code: '9B', rate: 0.55, group: 'publicOrder', time: 'violence', night: 0.12 },
  { code: '62A', rate: 0.04, group: 'publicOrder', time: 'violence', night: 0.5 },
  { code: '66', rate: 0.3, group: 'publicOrder', time: 'day' },
  // Other crimes against society
  { code: '33', rate: 0.05, group: 'other', time: 'vehicle' },
  { code: '54', rate: 0.08, group: 'other', time: 'day' },
  { code: '59', rate: 0.2, group: 'damage', time: 'damage' },
  { code: '79', rate: 0.05, group: 'other', time: 'day' },
  { code: '83', rate: 0.05, group: 'other', time: 'day' },
  { code: '95', rate: 0.1, group: 'other', time: 'day' },
  { code: '99', rate: 0.3, group: 'other', time: 'day' },
  { code: '802', rate: 0.15, group: 'other', time: 'collision' },
];

/** Outcomes as data.police.uk words them, weighted by kind of crime. */
export const OUTCOMES = {
  noSuspect: 'Investigation complete; no suspect identified',
  unable: 'Unable to prosecute suspect',
  charged: 'Suspect charged',
  caution: 'Offender given a caution',
  local: 'Local resolution',
  drugsWarning: 'Offender given a drugs possession warning',
  penalty: 'Offender given penalty notice',
  publicInterest: 'Formal action is not in the public interest',
  under: 'Under investigation',
} as const;
type OutcomeKey = keyof typeof OUTCOMES;

const OUTCOME_MIX: Partial<Record<SpatialGroup, Partial<Record<OutcomeKey, number>>>> = {
  violence: { noSuspect: 0.12, unable: 0.55, charged: 0.11, caution: 0.04, local: 0.1, publicInterest: 0.04 },
  domestic: { noSuspect: 0.05, unable: 0.68, charged: 0.1, caution: 0.03, local: 0.04 },
  sexual: { noSuspect: 0.1, unable: 0.72, charged: 0.08 },
  burglary: { noSuspect: 0.74, unable: 0.14, charged: 0.06, caution: 0.01 },
  vehicle: { noSuspect: 0.85, unable: 0.08, charged: 0.04 },
  shoplifting: { noSuspect: 0.42, unable: 0.2, charged: 0.2, caution: 0.04, local: 0.09, penalty: 0.03 },
  drugs: { unable: 0.12, charged: 0.3, caution: 0.1, drugsWarning: 0.3, local: 0.12, publicInterest: 0.05 },
  weapons: { unable: 0.3, charged: 0.45, caution: 0.12, local: 0.05 },
  publicOrder: { noSuspect: 0.15, unable: 0.5, charged: 0.1, caution: 0.05, local: 0.1, penalty: 0.05 },
};
const DEFAULT_MIX: Partial<Record<OutcomeKey, number>> = {
  noSuspect: 0.55,
  unable: 0.28,
  charged: 0.07,
  caution: 0.02,
  local: 0.07,
};

export function outcomeMix(group: SpatialGroup): { labels: string[]; weights: number[] } {
  const mix = OUTCOME_MIX[group] ?? DEFAULT_MIX;
  const keys = Object.keys(mix) as OutcomeKey[];
  return { labels: keys.map((k) => OUTCOMES[k]), weights: keys.map((k) => mix[k]!) };
}
