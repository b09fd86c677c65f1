/** The data quality and provenance of an Assessment (docs/partner-indicators.md, "Data quality and provenance"). */
import { z } from 'zod';
import { named } from './common.ts';

export const QualityWindowSchema = z.strictObject({
  start: z.string().describe('first month, YYYY-MM, inclusive'),
  end: z.string().describe('last month, YYYY-MM, inclusive'),
});
export type QualityWindow = z.infer<typeof QualityWindowSchema>;

export const DistrictCoverageSchema = named(
  'DistrictCoverage',
  z.strictObject({
    district: z.string(),
    rows: z.number().describe('rows of this source and kind in the window attributed to the district'),
    missingMonths: z.array(z.string()).describe('months of the window without a row for this district, YYYY-MM'),
    gaps: z.array(z.string()).describe('the same as ranges, e.g. `2021-03..2021-05`'),
  }),
  'one district’s rows of a source and kind',
);
export type DistrictCoverage = z.infer<typeof DistrictCoverageSchema>;

export const SourceQualitySchema = named(
  'SourceQuality',
  z.strictObject({
    source: z.string().describe('events.source, e.g. `police-uk`'),
    kind: z.string().describe('events.kind: crime, incident, fire, collision …'),
    rows: z
      .number()
      .describe('rows in the window attributed to the districts (by LSOA, else by the district the record names)'),
    forces: z
      .array(z.string().nullable())
      .describe('the forces (events.force) of those rows; null where the source names no force'),
    rowsWithoutLocation: z
      .number()
      .describe('rows of those forces in the window with no LSOA or an LSOA missing from the geography lookup'),
    rowsUnattributed: z
      .number()
      .describe('of those, rows naming no district either: they are in no district’s figures'),
    duplicatesDropped: z
      .number()
      .describe('file-level totals of the imports below (a file that fed two kinds counts under both)'),
    rowsRejected: z.number(),
    missingMonths: z.array(z.string()).describe('months of the window with no row for any of the districts, YYYY-MM'),
    gaps: z.array(z.string()),
    districts: z
      .array(DistrictCoverageSchema)
      .describe('per district asked for that has rows of this source and kind in the window'),
    districtsWithoutRows: z
      .array(z.string())
      .describe('districts asked for without a single row of this source and kind in the window'),
    importIds: z.array(z.number()).describe('the imports that contributed the rows counted here'),
  }),
  'one source and kind of event over the window',
);
export type SourceQuality = z.infer<typeof SourceQualitySchema>;

export const ProvenanceImportSchema = named(
  'ProvenanceImport',
  z.strictObject({
    importId: z.number(),
    kind: z.string(),
    source: z.string(),
    file: z.string().describe('the file name only (no folders, no archive path)'),
    finishedAt: z
      .string()
      .nullable()
      .describe('ISO date-time (store clock, no zone); null for an import that never finished'),
    rowsLoaded: z.number().describe('rows the import loaded (all of them, not only the window’s)'),
    rowsInWindow: z
      .number()
      .describe(
        'rows of it counted in the window: events for the districts or of their forces without location; indicator values overlapping the window',
      ),
    table: z.enum(['events', 'indicators']),
    restricted: z.boolean(),
  }),
  'an import behind the figures',
);
export type ProvenanceImport = z.infer<typeof ProvenanceImportSchema>;

export const dataQualityFields = {
  districts: z.array(z.string()),
  window: z.strictObject({ start: z.string(), end: z.string(), months: z.number() }),
  sources: z.array(SourceQualitySchema),
  totals: z.strictObject({
    rows: z.number(),
    rowsWithoutLocation: z.number(),
    rowsUnattributed: z.number(),
    duplicatesDropped: z.number().describe('over the distinct event imports (no file counted twice)'),
    rowsRejected: z.number(),
  }),
  provenance: z.array(ProvenanceImportSchema).describe('every import behind the figures, by import id'),
  lsoaResolution: z
    .array(z.strictObject({ rule: z.string(), rows: z.number(), share: z.number() }))
    .optional()
    .describe(
      'the districts’ located rows by how their LSOA code was resolved (docs/national.md): `lookup` (a code of the lookup’s vintage), `split`, `merged`, `complex` (the other vintage, through the crosswalk); share of the rows located in the districts',
    ),
};
export const DataQualitySchema = z.strictObject(dataQualityFields);
export type DataQuality = z.infer<typeof DataQualitySchema>;
