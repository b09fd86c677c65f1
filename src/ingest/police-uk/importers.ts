import { normaliseHeader, parseCsvHeader } from '../csv-header.ts';
import type { FileProbe } from '../files.ts';
import type { Importer } from '../types.ts';
import { OUTCOMES, STOP_SEARCH, STREET, type PoliceUkFormat } from './formats.ts';
import { loadOutcomes, loadStopSearch } from './outcomes.ts';
import { loadStreet } from './street.ts';

/** Scores a file against a data.police.uk layout: its header (mostly) matches, or its name does. */
function score(file: FileProbe, format: PoliceUkFormat): number {
  if (file.format !== 'csv') return 0;
  const header = parseCsvHeader(file.header.replace(/\r$/, '')).map(normaliseHeader);
  const expected = format.header.map(normaliseHeader);
  const matching = expected.filter((c, i) => header[i] === c).length;
  if (matching === expected.length && header.length === expected.length) return 100;
  const named = file.name.endsWith(`-${format.suffix}.csv`);
  // A damaged header in a file named like a police.uk file still goes to this importer, which says what is wrong.
  if (named) return 60;
  return matching >= expected.length - 2 ? 50 : 0;
}

export const policeUkStreetImporter: Importer = {
  kind: 'police-uk-street',
  tables: ['events'],
  detect: (file) => score(file, STREET),
  load: loadStreet,
};

export const policeUkOutcomesImporter: Importer = {
  kind: 'police-uk-outcomes',
  tables: ['police_outcomes'],
  detect: (file) => score(file, OUTCOMES),
  load: loadOutcomes,
};

export const policeUkStopSearchImporter: Importer = {
  kind: 'police-uk-stop-search',
  tables: ['stop_searches'],
  detect: (file) => score(file, STOP_SEARCH),
  load: loadStopSearch,
};
