import { z } from 'zod';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A time-of-week window, e.g. Friday and Saturday nights 19:00–06:00. `evenings` are the days the
 * window starts on (0 = Sunday … 6 = Saturday); when `to` ≤ `from` the window runs past midnight
 * and a 02:00 Saturday event belongs to Friday's evening.
 */
export const timeWindowSchema = z.strictObject({
  evenings: z.array(z.number().int().min(0).max(6)).min(1),
  from: z.string().regex(HHMM, 'time as HH:MM'),
  to: z.string().regex(HHMM, 'time as HH:MM'),
});

export const filtersSchema = z.strictObject({
  /** Home Office offence codes, for record-level extracts (crime kind) */
  offenceCodes: z.array(z.string().min(1)).min(1).optional(),
  /** data.police.uk crime types, for data.police.uk street files */
  policeUkTypes: z.array(z.string().min(1)).min(1).optional(),
  /** events.category values (incidents, fires, collisions: the same in every source) */
  categories: z.array(z.string().min(1)).min(1).optional(),
  /** events.sub_category values */
  subCategories: z.array(z.string().min(1)).min(1).optional(),
  time: timeWindowSchema.optional(),
});

export const measureSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens'),
  title: z.string().min(1),
  kind: z.enum(['crime', 'incident', 'fire', 'collision', 'other']),
  filters: filtersSchema,
  denominator: z.enum(['population', 'households']).default('population'),
  /** 'lower' = fewer is better (crime); used for wording and risk, never for ranks (1 = lowest rate). */
  polarity: z.enum(['lower', 'higher']).default('lower'),
  /** events column the category section breaks the measure down by */
  breakdown: z.enum(['category', 'sub_category', 'offence_code']).optional(),
  /** the nearest measure the data can support when this one cannot, with the note shown beside it */
  fallback: z.strictObject({ measure: z.string().min(1), note: z.string().min(1) }).optional(),
  /** false for totals and umbrella groups (all crime, BCS comparator …) that overlap narrower measures: never recommended as a priority themselves */
  priorityCandidate: z.boolean().default(true),
  /** where the definition involved a choice, shown in the methods appendix */
  note: z.string().optional(),
});

export type MeasureInput = z.input<typeof measureSchema>;
export type Measure = z.output<typeof measureSchema>;
export type TimeWindow = z.output<typeof timeWindowSchema>;

/** A partnership's override file: measures added or replaced (fields merged over the default), ids disabled. */
export const overrideSchema = z.strictObject({
  measures: z.array(z.record(z.string(), z.unknown())).default([]),
  disable: z.array(z.string()).default([]),
});
