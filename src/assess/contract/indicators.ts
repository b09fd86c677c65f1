/** Partner indicators as the Assessment carries them (docs/partner-indicators.md). */
import { z } from 'zod';
import { INDICATOR_KINDS, type IndicatorKindId } from '../../core/indicator-kind.ts';
import { named, num } from './common.ts';

const verdict = z.enum(['significant increase', 'significant decrease', 'no significant change']);

export const ProportionSchema = named(
  'Proportion',
  z.strictObject({
    value: z.number(),
    lower: z.number(),
    upper: z.number(),
    confidence: z.number(),
    method: z.literal('wilson'),
  }),
  'numerator ÷ denominator as a fraction (0–1, not a percentage) with its 95% Wilson score interval',
);
export type Proportion = z.infer<typeof ProportionSchema>;

export const RateFigureSchema = named(
  'RateFigure',
  z.strictObject({
    value: z.number(),
    lower: z.number(),
    upper: z.number(),
    per: z.number().describe('1 (per person), 1,000 or 100,000'),
    confidence: z.number(),
    method: z.literal('garwood'),
  }),
  'a rate: numerator events ÷ denominator people × `per`, with the exact Poisson (Garwood) 95% interval of the numerator scaled the same way',
);
export type RateFigure = z.infer<typeof RateFigureSchema>;

export const CountIntervalSchema = named(
  'CountInterval',
  z.strictObject({ lower: z.number(), upper: z.number(), confidence: z.number(), method: z.literal('garwood') }),
  'a count’s exact Poisson (Garwood) 95% interval',
);
export type CountInterval = z.infer<typeof CountIntervalSchema>;

export const IndicatorKindSchema = named(
  'IndicatorKind',
  z.strictObject({
    id: z.enum(INDICATOR_KINDS as [IndicatorKindId, ...IndicatorKindId[]]),
    declared: z.boolean(),
    per: num().describe('the rate’s multiplier; null unless a rate'),
  }),
  'what the indicator measures, declared in the return or inferred from its unit (docs/partner-indicators.md)',
);
export type IndicatorKind = z.infer<typeof IndicatorKindSchema>;

export const RateChangeSchema = named(
  'RateChange',
  z.strictObject({
    ratio: num().describe('latest ÷ previous; null when the previous figure is 0 (unbounded)'),
    lower: z.number(),
    upper: num().describe('null = unbounded'),
    pValue: z.number(),
    confidence: z.number(),
    method: z.literal('exact conditional rate ratio'),
    verdict,
  }),
  'change of a rate or a count: the rate ratio latest ÷ previous with its exact interval and the exact conditional (binomial) test',
);
export type RateChange = z.infer<typeof RateChangeSchema>;

export const IndicatorFigureSchema = named(
  'IndicatorFigure',
  z.strictObject({
    period: z.string().describe('normalised period label: `2021-03`, `2021`, `2020/21`, `2020/21 Q1`, `2021 Q1`'),
    periodStart: z.string().describe('first day of the period, ISO date, inclusive'),
    periodEnd: z.string().describe('last day of the period, ISO date, inclusive'),
    months: z.number().describe('length of the period in months'),
    value: num().describe('the value in `unit`; null when suppressed or not given'),
    numerator: num(),
    denominator: num(),
    unit: z.string().nullable(),
    proportion: ProportionSchema.nullable().describe(
      'null unless the kind is proportion and 0 ≤ numerator ≤ denominator, denominator > 0',
    ),
    rate: RateFigureSchema.nullable()
      .optional()
      .describe('null unless the kind is a rate with a whole-number numerator and a denominator > 0'),
    countInterval: CountIntervalSchema.nullable()
      .optional()
      .describe('null unless the kind is count and the value a whole number ≥ 0'),
    importId: z.number().describe('the import that loaded this row (provenance)'),
  }),
  'one period’s figures for the district, as the return gave them',
);
export type IndicatorFigure = z.infer<typeof IndicatorFigureSchema>;

export const PreviousBasisSchema = z.enum(['same period a year earlier', 'previous period of equal length']);
export type PreviousBasis = z.infer<typeof PreviousBasisSchema>;

export const ValueChangeSchema = named(
  'ValueChange',
  z.strictObject({
    abs: num().describe('latest − previous, in `unit`; null without both values or when the units differ'),
    pct: num().describe('100 × (latest − previous) / previous; null also when previous is 0'),
  }),
  'change of `value` from the previous figure to the latest, in the indicator’s unit',
);
export type ValueChange = z.infer<typeof ValueChangeSchema>;

export const ProportionChangeSchema = named(
  'ProportionChange',
  z.strictObject({
    difference: z.number().describe('as a fraction: 0.05 = 5 percentage points'),
    lower: z.number(),
    upper: z.number(),
    confidence: z.number(),
    method: z.literal('newcombe-hybrid-score'),
    significant: z.boolean().describe('the interval excludes 0'),
    verdict,
  }),
  'change in proportion (latest − previous) with Newcombe’s hybrid-score 95% interval',
);
export type ProportionChange = z.infer<typeof ProportionChangeSchema>;

export const CountyAverageSchema = named(
  'CountyAverage',
  z.strictObject({
    basis: z
      .enum(['pooled ratio', 'mean of values'])
      .describe(
        "'pooled ratio': Σnumerator ÷ Σdenominator over the areas, a fraction on the scale of `proportion.value` (not of `value`); 'mean of values': the plain mean of `value`, in `unit`",
      ),
    value: z.number(),
    areas: z.number().describe('areas in the average (the district among them)'),
    includesDistrict: z.literal(true),
  }),
  'the county’s average of an indicator',
);
export type CountyAverage = z.infer<typeof CountyAverageSchema>;

export const CountyPositionSchema = named(
  'CountyPosition',
  z.strictObject({
    period: z.string().describe('the period compared: the district’s latest period'),
    rank: num().describe(
      '1 = lowest value among the county’s districts holding this indicator for this period; null without a value',
    ),
    of: z.number().describe('number of districts ranked'),
    polarity: z
      .literal('unknown')
      .describe('whether a higher value is better is not known for partner indicators: the rank is only a position'),
    average: CountyAverageSchema.nullable(),
  }),
  'the district’s position among its county’s districts',
);
export type CountyPosition = z.infer<typeof CountyPositionSchema>;

export const PartnerIndicatorSchema = named(
  'PartnerIndicator',
  z.strictObject({
    source: z.string(),
    indicator: z.string(),
    district: z.string(),
    unit: z.string().nullable(),
    kind: IndicatorKindSchema.optional().describe('count, rate or proportion: which statistics apply'),
    latest: IndicatorFigureSchema,
    previous: IndicatorFigureSchema.nullable(),
    previousBasis: PreviousBasisSchema.nullable().describe('how `previous` was chosen; null when there is none'),
    change: ValueChangeSchema,
    proportionChange: ProportionChangeSchema.nullable().describe('null unless both figures have a proportion'),
    rateChange: RateChangeSchema.nullable()
      .optional()
      .describe('null unless both figures have a rate (or, for a count, a value over periods of equal length)'),
    county: CountyPositionSchema,
    restricted: z.boolean().describe('loaded from an import marked restricted (present only with includeRestricted)'),
    notes: z.array(z.string()),
  }),
  'a partner return’s indicator for the district (offender management, youth offending, probation, treatment …): docs/partner-indicators.md',
);
export type PartnerIndicator = z.infer<typeof PartnerIndicatorSchema>;
