/**
 * The Assessment's shared shapes (docs/assessment.md). Every schema of the contract is a zod schema
 * whose TypeScript type is inferred from it; `named` registers it under an id, so the JSON Schema
 * (OpenAPI components) and the documentation's tables refer to it by that name.
 */
import { z } from 'zod';

/** Registers a schema under an id and a description (one table in docs/assessment.md, one OpenAPI component). */
export function named<T extends z.ZodType>(id: string, schema: T, description: string): T {
  return schema.meta({ id, description });
}

/** A nullable number: null means "cannot be computed from the data loaded". */
export const num = () => z.number().nullable();
export const month = () => z.string().describe('YYYY-MM');

export const LevelSchema = named('Level', z.enum(['Low', 'Medium', 'High']), 'a risk level');
export type Level = z.infer<typeof LevelSchema>;

export const AreaRefSchema = named(
  'AreaRef',
  z.strictObject({
    code: z.string().describe('ONS or force code'),
    name: z.string().nullable(),
    level: z.string().describe('district, county, force, csp, ward …'),
  }),
  'an area',
);
export type AreaRef = z.infer<typeof AreaRefSchema>;

const periodFields = {
  start: month().describe('first month, YYYY-MM'),
  end: month().describe('last month, YYYY-MM'),
  label: z.string(),
  months: z.number(),
};
export const PeriodRefSchema = named('PeriodRef', z.strictObject(periodFields), 'a run of months');
export type PeriodRef = z.infer<typeof PeriodRefSchema>;

export const IntervalSchema = named(
  'Interval',
  z.strictObject({ lower: z.number(), upper: z.number() }),
  'an interval',
);
export type Interval = z.infer<typeof IntervalSchema>;

const figureFields = {
  count: num(),
  rate: num().describe('per 1,000 residents, or households (see measure.denominator.kind)'),
  complete: z.boolean().describe('false when a month of the period holds no data of the measure’s kind and source'),
  missingMonths: z.array(z.string()),
};
export const FigureSchema = named('Figure', z.strictObject(figureFields), 'a count and rate over a period');
export type Figure = z.infer<typeof FigureSchema>;

/** A period and its figure in one object (`otherPeriods[].current`). */
export const PeriodFigureSchema = named(
  'PeriodFigure',
  z.strictObject({ ...periodFields, ...figureFields }),
  'a period with its count and rate',
);

export const ChangeFigureSchema = named(
  'ChangeFigure',
  z.strictObject({
    abs: num().describe('current − previous'),
    pct: num().describe('% change; null when the previous count is 0 (then `isNew`) or a count is missing'),
    isNew: z.boolean(),
    pValue: num().describe('two-sided exact conditional (binomial) test'),
    z: num().describe('Poisson z = 2(√C − √P)'),
    verdict: z
      .string()
      .describe(
        '`significant increase` / `significant decrease` / `no significant change` at `alpha`, or "not assessed: …" when the comparability rule refuses the comparison (then abs, pct, pValue, z, current and previous are null). Wording downstream must follow it',
      ),
    alpha: z.number(),
    current: num().describe(
      'the counts compared: over the whole windows (basis "full") or over the months loaded in both (basis "like-for-like")',
    ),
    previous: num(),
    basis: z
      .enum(['full', 'like-for-like', 'not-assessed'])
      .nullable()
      .describe('how the two periods were compared; null for a measure that cannot be counted'),
    reason: z.string().nullable().describe('why the comparison is not assessed'),
  }),
  'a change between two periods with its significance',
);
export type ChangeFigure = z.infer<typeof ChangeFigureSchema>;

export const ComparisonRefSchema = named(
  'ComparisonRef',
  z.strictObject({
    kind: z.enum(['full', 'like-for-like', 'not-assessed']),
    label: z
      .string()
      .describe('e.g. "Jan – Nov 2022 against Jan – Nov 2021 (like for like: the 11 months loaded in both periods)"'),
    months: z.number().describe('months compared in each period (0 when not assessed)'),
    currentMonths: z.array(z.string()),
    previousMonths: z.array(z.string()),
    excluded: z.array(z.string()).describe('months of either window left out'),
    reason: z.string().nullable(),
  }),
  'the comparability decision of a measure: every comparison of it (district, wards, beats, sub-types, harm, other periods) follows it (docs/methods.md, "Comparable periods")',
);
export type ComparisonRef = z.infer<typeof ComparisonRefSchema>;
