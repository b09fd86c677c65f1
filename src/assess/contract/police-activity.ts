/** Stop and search in the district (docs/methods.md, "Police activity"). */
import { z } from 'zod';
import { ChangeFigureSchema, ComparisonRefSchema, named } from './common.ts';

/** The object-of-search value data.police.uk uses for drug searches (a key of `byObject`). */
export const DRUGS_OBJECT = 'Controlled drugs';

const counts = z.record(z.string(), z.number());

export const CountShareSchema = named(
  'CountShare',
  z.strictObject({ key: z.string(), count: z.number(), share: z.number(), lower: z.number(), upper: z.number() }),
  'a count with its share of the total and the share’s 95% Wilson interval',
);
export type CountShare = z.infer<typeof CountShareSchema>;

export const StopSearchMonthSchema = named(
  'StopSearchMonth',
  z.strictObject({
    month: z.string(),
    total: z.number(),
    byObject: counts.describe('searches by object of search this month'),
    byOutcome: counts.describe('searches by outcome this month'),
  }),
  'one month’s searches',
);
export type StopSearchMonth = z.infer<typeof StopSearchMonthSchema>;

export const PoliceActivitySchema = named(
  'PoliceActivity',
  z.strictObject({
    source: z.string(),
    monthsLoaded: z
      .array(z.string())
      .describe('the months of the 24 (previous and current period) for which stop-and-search files are loaded'),
    current: z.number().describe('searches in the district in the current 12 months'),
    previous: z.number().nullable(),
    change: ChangeFigureSchema.describe('under the one comparability rule on the months whose files are loaded'),
    comparison: ComparisonRefSchema,
    byObject: z.array(CountShareSchema).describe('shares of `current` with 95% Wilson intervals'),
    byOutcome: z.array(CountShareSchema),
    drugs: z
      .strictObject({ count: z.number(), arrests: z.number(), linkedFinds: z.number() })
      .describe(
        'searches for controlled drugs, those ending in arrest and those that found something linked to the object',
      ),
    months: z.array(StopSearchMonthSchema).describe('every month of the previous and current periods that is loaded'),
    wards: z
      .array(
        z.strictObject({
          code: z.string(),
          name: z.string().nullable(),
          count: z.number(),
          drugs: z.number(),
          byObject: counts,
          byOutcome: counts,
        }),
      )
      .describe('the current period’s searches by ward'),
    placement: z
      .strictObject({
        byPoint: z.number(),
        byCentroid: z.number(),
        unallocatedWard: z.number(),
        nearbyNotPlaced: z.number(),
        withoutLocation: z.number(),
      })
      .describe(
        'how the current period’s searches were placed (exact map point of a crime, or nearest LSOA centroid), searches in the district’s surroundings placed nowhere, and the force’s searches with no location',
      ),
    notes: z.array(z.string()),
  }),
  'stop and search in the district (docs/methods.md, "Police activity")',
);
export type PoliceActivity = z.infer<typeof PoliceActivitySchema>;
