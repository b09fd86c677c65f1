import type { Importer } from './types.ts';
import { recordsImporter } from './records/importer.ts';
import { indicatorsImporter } from './aggregates/indicators.ts';
import { comparatorImporter } from './aggregates/comparator.ts';

/** Partner data: mapped record extracts and aggregate returns (indicators, comparator counts). */
export const partnerImporters: readonly Importer[] = [recordsImporter, indicatorsImporter, comparatorImporter];
