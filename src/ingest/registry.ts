import type { Importer } from './types.ts';
import { policeUkStreetImporter, policeUkOutcomesImporter, policeUkStopSearchImporter } from './police-uk/importers.ts';
import { referenceImporters } from './ons/reference.ts';
import { partnerImporters } from './partner-importers.ts';

/** Every importer, tried in this order when detecting a file's kind (highest score wins). */
export const importers: readonly Importer[] = [
  policeUkStreetImporter,
  policeUkOutcomesImporter,
  policeUkStopSearchImporter,
  ...referenceImporters,
  ...partnerImporters,
];
