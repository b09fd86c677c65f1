/** What happened to a measure's crimes (docs/methods.md, "Outcomes"). */
import { z } from 'zod';
import { OUTCOME_FAMILIES, type OutcomeFamily } from '../../core/outcomes/families.ts';
import { named } from './common.ts';
import { ProportionChangeSchema } from './indicators.ts';

const family = z.enum(OUTCOME_FAMILIES.map((f) => f.id) as [OutcomeFamily, ...OutcomeFamily[]]);

const shareFields = {
  count: z.number(),
  share: z.number().describe('of the crimes counted (0–1)'),
  lower: z.number().describe('95% Wilson score interval of the share'),
  upper: z.number(),
};
export const ShareSchema = named('Share', z.strictObject(shareFields), 'a count and its share with a 95% interval');
export type Share = z.infer<typeof ShareSchema>;

export const OutcomeCategoryRowSchema = named(
  'OutcomeCategoryRow',
  z.strictObject({
    ...shareFields,
    category: z
      .string()
      .describe('the outcome as police.uk words it (a Home Office type in police.uk words, with its number)'),
    family,
  }),
  'one outcome category',
);
export type OutcomeCategoryRow = z.infer<typeof OutcomeCategoryRowSchema>;

export const OutcomeFamilyRowSchema = named(
  'OutcomeFamilyRow',
  z.strictObject({ ...shareFields, family, label: z.string() }),
  'one outcome family',
);
export type OutcomeFamilyRow = z.infer<typeof OutcomeFamilyRowSchema>;

export const OutcomeBreakdownSchema = named(
  'OutcomeBreakdown',
  z.strictObject({
    total: z.number().describe('crimes counted: the sum of every category’s count'),
    categories: z.array(OutcomeCategoryRowSchema),
    families: z.array(OutcomeFamilyRowSchema).describe('every family, in the documented order (zero counts included)'),
    detections: ShareSchema.describe(
      'sanctioned detections: charged or summonsed, out-of-court disposals, awaiting court',
    ),
  }),
  'crimes by outcome',
);
export type OutcomeBreakdown = z.infer<typeof OutcomeBreakdownSchema>;

export const WardOutcomesSchema = named(
  'WardOutcomes',
  z.strictObject({
    code: z.string(),
    name: z.string().nullable(),
    total: z.number(),
    families: z.array(OutcomeFamilyRowSchema),
    detections: ShareSchema,
  }),
  'one ward’s crimes by outcome family',
);
export type WardOutcomes = z.infer<typeof WardOutcomesSchema>;

export const OutcomeSourceKindSchema = z.enum(['outcomes-files', 'street-files', 'records']);
export type OutcomeSourceKind = z.infer<typeof OutcomeSourceKindSchema>;

export const OutcomeShareChangeSchema = named(
  'OutcomeShareChange',
  z.strictObject({
    ...ProportionChangeSchema.shape,
    family: z.union([family, z.literal('detections')]),
    label: z.string(),
    current: z.number(),
    previous: z.number(),
  }),
  'the change in one family’s share (or the detections’) with its Newcombe interval',
);
export type OutcomeShareChange = z.infer<typeof OutcomeShareChangeSchema>;

export const OutcomeComparisonSchema = named(
  'OutcomeComparison',
  z.strictObject({
    kind: z.enum(['equal-age', 'not-assessed']),
    label: z
      .string()
      .describe(
        'e.g. "Jan – Dec 2021 as at Jan 2022 against Jan – Dec 2020 as at Jan 2021 (each 1 month after its period ended)"',
      ),
    ageMonths: z
      .number()
      .nullable()
      .describe('months after each period’s end at which both are read (null when not assessed)'),
    reason: z.string().nullable(),
    current: OutcomeBreakdownSchema.nullable().describe(
      'both periods’ breakdowns at equal age (null when not assessed)',
    ),
    previous: OutcomeBreakdownSchema.nullable(),
    changes: z.array(OutcomeShareChangeSchema),
  }),
  'shares of the two periods read as they stood `ageMonths` after each ended, or not assessed with the reason',
);
export type OutcomeComparison = z.infer<typeof OutcomeComparisonSchema>;

export const MeasureOutcomesSchema = named(
  'MeasureOutcomes',
  z.strictObject({
    period: z
      .strictObject({ start: z.string(), end: z.string(), months: z.number() })
      .describe('the months whose crimes are counted (the measure’s current window)'),
    source: OutcomeSourceKindSchema.describe(
      "where each crime's latest outcome comes from: `outcomes-files` (the newest dated row of the outcomes files up to `asOf`), `street-files` (the street files' `Last outcome category`, undated) or `records` (the extract's outcome)",
    ),
    sourceNote: z.string().describe('in words, with the as-of date'),
    asOf: z
      .string()
      .nullable()
      .describe(
        'the month the outcomes are as of (outcomes files: their latest month; street files: the latest street month loaded; records: the extract’s latest month)',
      ),
    fromOutcomesFiles: z
      .number()
      .describe('crimes whose outcome came from a dated outcomes-file row (the rest: the street file’s last outcome)'),
    district: OutcomeBreakdownSchema,
    wards: z.array(WardOutcomesSchema).describe('per ward with offences'),
    unallocated: z.number().describe('crimes with no ward (no location)'),
    comparison: OutcomeComparisonSchema,
  }),
  'what happened to the offences of the current 12 months (docs/methods.md, "Outcomes")',
);
export type MeasureOutcomes = z.infer<typeof MeasureOutcomesSchema>;
