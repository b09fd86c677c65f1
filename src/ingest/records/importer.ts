import type { Importer } from '../types.ts';
import { loadRecords } from './load.ts';
import { locateMapping } from './mapping.ts';

/**
 * Partner record extracts (crimes, incidents, fires, collisions) read through a YAML mapping.
 * A mapping made for the file (`<name>.mapping.yaml`) outranks every header-based guess; one
 * given with --mapping or shared by the folder outranks everything but an exact standard header.
 */
export const recordsImporter: Importer = {
  kind: 'records',
  tables: ['events'],
  detect(file, options) {
    if (file.format !== 'csv' && file.format !== 'xlsx') return 0;
    const found = locateMapping(file, options.mapping);
    if (!found) return 0;
    return found.how === 'file' ? 110 : found.how === 'option' ? 95 : 90;
  },
  load: loadRecords,
};
