/** The data.police.uk crime types in use since May 2013, plus ASB. */
export const POLICE_UK_TYPES = [
  'Anti-social behaviour',
  'Bicycle theft',
  'Burglary',
  'Criminal damage and arson',
  'Drugs',
  'Other crime',
  'Other theft',
  'Possession of weapons',
  'Public order',
  'Robbery',
  'Shoplifting',
  'Theft from the person',
  'Vehicle crime',
  'Violence and sexual offences',
] as const;
export type PoliceUkType = (typeof POLICE_UK_TYPES)[number];

export interface CrimeTypeAlias {
  oldName: string;
  policeUkType: PoliceUkType;
  note: string;
}

/**
 * Names data.police.uk used before its 2013 reclassification, mapped to today's types.
 * "Public disorder and weapons" was split into "Public order" and "Possession of weapons";
 * old rows cannot be split, so they go to "Public order" (the larger part) and the import says so.
 */
export const CRIME_TYPE_ALIASES: readonly CrimeTypeAlias[] = [
  { oldName: 'Violent crime', policeUkType: 'Violence and sexual offences', note: 'renamed in May 2013' },
  { oldName: 'Violence against the person', policeUkType: 'Violence and sexual offences', note: 'early name' },
  {
    oldName: 'Public disorder and weapons',
    policeUkType: 'Public order',
    note: 'split in May 2013; weapons possession cannot be separated',
  },
  { oldName: 'Other theft and handling', policeUkType: 'Other theft', note: 'early name' },
  {
    oldName: 'Burglary and robbery',
    policeUkType: 'Burglary',
    note: 'combined category before Sept 2011; robbery cannot be separated',
  },
  { oldName: 'Vehicle crime and bicycle theft', policeUkType: 'Vehicle crime', note: 'early combined name' },
  { oldName: 'Antisocial behaviour', policeUkType: 'Anti-social behaviour', note: 'spelling variant' },
];
