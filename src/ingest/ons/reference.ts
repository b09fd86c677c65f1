import type { Importer } from '../types.ts';
import { boundariesImporter } from '../boundaries/boundaries.ts';
import { peerGroupsImporter } from '../peers/peer-groups.ts';
import { onsLookupImporter } from './lookup.ts';
import { populationImporter } from './population.ts';

/** The reference-data importers: geography lookups, population, boundaries and peer groups. */
export const referenceImporters: readonly Importer[] = [
  onsLookupImporter,
  populationImporter,
  boundariesImporter,
  peerGroupsImporter,
];
