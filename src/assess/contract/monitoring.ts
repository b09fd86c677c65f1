/** The monthly monitoring of a district (docs/methods.md, Monitoring). */
import { z } from 'zod';
import { AreaRefSchema, named } from './common.ts';
import { EmergingSignalSchema } from './measure.ts';

export const RangeStatusSchema = z.enum(['above-95', 'above-80', 'within', 'below-80', 'below-95']);
export type RangeStatus = z.infer<typeof RangeStatusSchema>;

const direction = z.enum(['increase', 'decrease']);
const byKind = z.strictObject({ district: z.number(), wards: z.number() });

const CusumSchema = z.strictObject({
  shift: z.number().describe('shift the chart is designed to detect (a rise to shift× expected, a fall to 1/shift)'),
  levelCv: z
    .number()
    .describe(
      'in-control uncertainty of the monitored months’ shared level (coefficient of variation: year-to-year variation and the estimate’s error)',
    ),
  thresholdUp: z.number().describe('decision interval of the rising chart, in counts'),
  thresholdDown: z.number().describe('decision interval of the falling chart, in counts'),
  arlUp: z.number().describe('average run length in months at exactly the expected level (rising chart)'),
  arlDown: z.number().describe('average run length in months at exactly the expected level (falling chart)'),
  up: z.number().describe('the rising sum in the latest month (before any reset)'),
  down: z.number().describe('the falling sum in the latest month (before any reset)'),
  alarms: z.array(z.strictObject({ month: z.string(), direction })).describe('alarms in the monitored months'),
  pValue: z.number().describe('p-value of the chart’s current evidence (the signal’s, when on)'),
  pAdjusted: z.number().describe('pValue, Benjamini–Hochberg adjusted'),
  falseAlarmProbability: z
    .number()
    .describe(
      'in-control probability that this series signals in the latest month (its share of the expected false alarms)',
    ),
});

export const MonitoringCheckSchema = named(
  'MonitoringCheck',
  z.strictObject({
    measure: z.string(),
    title: z.string(),
    area: AreaRefSchema,
    month: z.string(),
    count: z.number(),
    expected: z
      .number()
      .describe(
        'the month’s expected count (seasonal: the same calendar month’s mean in the baseline; flat: the baseline’s mean)',
      ),
    expectedBy: z.enum(['seasonal', 'flat']),
    lower80: z
      .number()
      .describe('predictive ranges of the month’s count (the level estimated from the baseline’s events)'),
    upper80: z.number(),
    lower95: z.number(),
    upper95: z.number(),
    status: RangeStatusSchema,
    pValue: z.number().describe('two-sided p of the month’s count against its predictive distribution'),
    pAdjusted: z.number().describe('pValue, Benjamini–Hochberg adjusted over the district’s checks'),
    beyondChance: z
      .boolean()
      .describe('adjusted p below alpha: outside its range beyond what the number of checks explains'),
    cusum: CusumSchema,
    signal: direction.nullable(),
  }),
  'one monitored series (the district or a ward, one measure): the latest month against its expected range, and its chart',
);
export type MonitoringCheck = z.infer<typeof MonitoringCheckSchema>;

export const MonitoringSectionSchema = named(
  'MonitoringSection',
  z.strictObject({
    month: z.string(),
    method: z.strictObject({
      name: z.literal('poisson-cusum'),
      monitoredMonths: z.number(),
      baselineMonths: z.number(),
      minExpected: z.number(),
      seasonalFrom: z.number(),
      falseAlarmBudget: byKind.describe(
        'expected false signals per month the design allows: across the district’s own series, and across its ward series',
      ),
      chartProbability: byKind.describe(
        'each one-sided chart’s in-control probability of signalling in a month: the budget ÷ (2 × series of the kind monitored), at most 1/60',
      ),
      alpha: z.number(),
    }),
    series: z.strictObject({
      monitored: z.number(),
      tooFewExpected: z.number().describe('series with an expected count below `minExpected` a month: not monitored'),
      tooShort: z.number().describe('series without the months the baseline and the monitored months need'),
    }),
    expectedFalseAlarms: z
      .number()
      .describe(
        'in-control expected number of signals in the latest month: the sum of each series’ falseAlarmProbability',
      ),
    expectedFalseAlarmsBy: byKind.describe('the same over the district’s own series and over its wards'),
    expectedOutside95Wards: z
      .number()
      .describe(
        'how many of the ward checks would fall outside their 95% range by chance alone (the sum of each one’s probability of doing so)',
      ),
    signals: z
      .array(EmergingSignalSchema)
      .describe('the series signalling in the latest month, ranked by adjusted p then size (the JAG list)'),
    checks: z.array(MonitoringCheckSchema).describe('one per monitored series'),
  }),
  'the monthly monitoring of a district: every series checked, and the signals for the Joint Action Group (docs/methods.md, Monitoring)',
);
export type MonitoringSection = z.infer<typeof MonitoringSectionSchema>;
