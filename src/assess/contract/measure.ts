/** One measure's assessment: figures, change, ranks, series, local context, risk (docs/assessment.md, measures[]). */
import { z } from 'zod';
import {
  AreaRefSchema,
  ChangeFigureSchema,
  ComparisonRefSchema,
  FigureSchema,
  LevelSchema,
  PeriodFigureSchema,
  named,
  num,
} from './common.ts';
import { MeasureOutcomesSchema } from './outcomes.ts';

const rateRatio = z
  .strictObject({ ratio: z.number(), lower: z.number(), upper: z.number().nullable() })
  .nullable()
  .describe(
    'district rate ÷ group average with its exact 95% interval (upper null = unbounded); null when not computable',
  );

export const CountyDistrictRowSchema = named(
  'CountyDistrictRow',
  z.strictObject({
    code: z.string(),
    name: z.string().describe('the district’s name (its code when the lookup names none)'),
    current: num(),
    previous: num(),
    rate: num().describe('per 1,000 residents, or households (see measure.denominator.kind)'),
    previousRate: num(),
    position: num().describe('1 = lowest rate among the districts with a complete current period'),
    previousPosition: num(),
    verdict: z.string().describe('the district’s own change verdict (wording must follow it)'),
    pct: num(),
    rateRatio,
  }),
  'one district of the county for one measure: the district’s figures, rank and rate ratio to the pooled rate of the others',
);
export type CountyDistrictRow = z.infer<typeof CountyDistrictRowSchema>;

const groupRankFields = {
  position: num().describe('1 = lowest rate; null when the district has no rate'),
  of: z.number(),
  previousPosition: num(),
  previousOf: z.number(),
  average: num().describe('pooled rate per 1,000 of the group’s other areas'),
  includesDistrict: z.literal(false),
  rateRatio,
  group: AreaRefSchema.nullable(),
  members: z.array(z.string()),
  districts: z
    .array(CountyDistrictRowSchema)
    .optional()
    .describe(
      'county rank only (added without a version bump): every district of the group, by rank then name, with its counts, rates, change and rate ratio (the dashboard’s county table); absent for groups of more than 40 districts',
    ),
};
export const GroupRankSchema = named(
  'GroupRank',
  z.strictObject(groupRankFields),
  'position among the county’s covered districts by rate (1 = lowest)',
);
export type GroupRank = z.infer<typeof GroupRankSchema>;

export const NationalRankSchema = named(
  'NationalRank',
  z.strictObject({
    position: num(),
    of: z.number(),
    group: AreaRefSchema.nullable(),
    months: z.array(z.string()).describe('the months the rates are taken over: complete (gated) for every area ranked'),
    rate: num().describe('rate per 1,000 over those months (annualised: × 12 ÷ months)'),
    note: z.string().nullable().describe('why a CSP is not ranked, or that fewer than 12 months were used'),
  }),
  'position by rate over the months complete for every area ranked (1 = lowest rate); docs/national.md',
);
export type NationalRank = z.infer<typeof NationalRankSchema>;

export const PeerRankSchema = named(
  'PeerRank',
  z.strictObject({
    ...groupRankFields,
    groupSize: z
      .number()
      .describe('members of the peer group (N in "K of N peers have data"; `members` are the K ranked)'),
    basis: z
      .enum(['imported', 'config', 'computed'])
      .describe(
        'where the peer group came from: `imported` most similar group, `config`, or `computed` (15 nearest on standardised population variables)',
      ),
    basisNote: z.string(),
    countsFrom: z.enum(['comparator counts', 'records', 'mixed']).describe('where the peers’ counts came from'),
    memberNames: z
      .record(z.string(), z.string())
      .optional()
      .describe('the names of the members ranked, by code, where the lookups name them (added without a version bump)'),
  }),
  'the rank within the peer group',
);
export type PeerRank = z.infer<typeof PeerRankSchema>;

export const OtherPeriodSchema = named(
  'OtherPeriod',
  z.strictObject({
    id: z.enum(['financial-year', 'year-to-date', 'latest-quarter']),
    label: z.string(),
    current: PeriodFigureSchema,
    comparison: PeriodFigureSchema,
    change: ChangeFigureSchema,
    compared: ComparisonRefSchema.describe(
      'which months this period pair compares (its own decision under the one rule)',
    ),
  }),
  '`financial-year` (the latest complete April–March year against the one before), `year-to-date` (April to the end month against the same months a year earlier) or `latest-quarter` (the latest complete financial quarter against the same quarter a year earlier)',
);
export type OtherPeriod = z.infer<typeof OtherPeriodSchema>;

export const ProjectionPointSchema = named(
  'ProjectionPoint',
  z.strictObject({
    month: z.string(),
    mean: z.number(),
    lower80: z.number(),
    upper80: z.number(),
    lower95: z.number(),
    upper95: z.number(),
  }),
  'a projected month (or running total) with its 80% and 95% intervals',
);
export type ProjectionPoint = z.infer<typeof ProjectionPointSchema>;

const ProjectionSchema = named(
  'Projection',
  z.strictObject({
    method: z
      .string()
      .describe(
        "'seasonal-naive' | 'seasonal-mean' | 'holt-winters-damped' (older documents: 'holt-winters', 'mean'): `seasonal-naive` under 36 months, else the candidate whose back-tested 12-month totals missed by least",
      ),
    reason: z
      .string()
      .optional()
      .describe('why this model, in words: "projected with … because …" (absent in older documents)'),
    candidates: z
      .array(z.strictObject({ method: z.string(), origins: z.number(), totalMae: z.number(), monthMae: z.number() }))
      .optional()
      .describe(
        'each candidate’s back-test (mean absolute error of the 12-month total and of a month), when the model was chosen by back-test',
      ),
    calibration: z
      .strictObject({ origins: z.number(), totals: z.array(z.number()), months: z.array(z.number()) })
      .nullable()
      .optional()
      .describe(
        'the factors (≥ 1) the bands were widened by, from the chosen model’s back-test (null: the model’s own bands)',
      ),
    points: z.array(ProjectionPointSchema).describe('monthly counts for the next 12 months'),
    cumulative: z
      .array(ProjectionPointSchema)
      .describe(
        'running totals: cumulative[k] is the total of the first k + 1 projected months (the last being `month`), with the 80% and 95% intervals of that total',
      ),
    backtest: z
      .strictObject({
        origins: z.number(),
        mae: z.number(),
        mape: num(),
        coverage80: z.number(),
        coverage95: z.number(),
        totalsIn80: num().describe(
          'origins whose actual 12-month total fell inside the 80% interval of the projected total',
        ),
        totalsIn95: num().describe(
          'origins whose actual 12-month total fell inside the 95% interval of the projected total',
        ),
      })
      .nullable()
      .describe(
        'rolling-origin back-test of the whole procedure (choice and calibration re-run on the months before each origin), 12 months ahead, from origins every six months from month 36, when there are 48+ months',
      ),
    note: z.string().nullable(),
  }),
  'the next 12 months projected, chosen by evidence (docs/methods.md, "Projection: model choice and calibration")',
);

const nullableNumbers = z.array(z.number().nullable());
export const SeriesSchema = named(
  'Series',
  z.strictObject({
    months: z.array(z.string()),
    counts: z.array(z.number()),
    rolling12: nullableNumbers.describe('rolling 12-month totals (null for the first 11 months)'),
    rolling12Rate: nullableNumbers,
    peerRolling12Rate: nullableNumbers.nullable(),
    countyRolling12Rate: nullableNumbers.nullable(),
    projection: ProjectionSchema.nullable(),
  }),
  'the run of consecutive loaded months ending at the period’s end (a hole cuts the series; the note says so)',
);
export type Series = z.infer<typeof SeriesSchema>;

export const SeasonMonthSchema = named(
  'SeasonMonth',
  z.strictObject({
    month: z.string(),
    count: z.number(),
    lastYear: num(),
    average: num().describe('mean of the same calendar month over the earlier years loaded'),
    years: z.number(),
    vsLastYearPct: num(),
    vsAveragePct: num(),
    flag: z
      .enum(['peak', 'dip'])
      .nullable()
      .describe(
        '`peak` when ≥ 20% above that average (or last year) and P(X ≥ count) < 0.05 under Poisson, `dip` likewise below',
      ),
  }),
  'one month of the 12 against the same calendar month in earlier years',
);
export type SeasonMonth = z.infer<typeof SeasonMonthSchema>;

export const SpikeDayRefSchema = named(
  'SpikeDayRef',
  z.strictObject({
    date: z.string(),
    count: z.number(),
    monthMean: z.number(),
    p: z.number(),
    pAdjusted: z.number(),
    events: z.array(z.string()),
  }),
  'a day far above its month’s daily mean (Poisson upper tail, Bonferroni over every day tested, α 0.05), labelled with calendar events on the day or a day either side',
);
export type SpikeDayRef = z.infer<typeof SpikeDayRefSchema>;

export const LocalLatestSchema = named(
  'LocalLatest',
  z.strictObject({
    month: z.string(),
    count: z.number(),
    baselineMean: z.number().describe('mean monthly count over the 12 months before `month`'),
  }),
  'the period’s last month against the unit’s mean over the 12 months before it',
);
export type LocalLatest = z.infer<typeof LocalLatestSchema>;

export const LocalRowSchema = named(
  'LocalRow',
  z.strictObject({
    code: z.string(),
    name: z.string().nullable(),
    current: z.number().describe('the current 12 months'),
    previous: num().describe(
      'the previous period’s count on the measure’s comparison basis (= change.previous); null when the change is not assessed',
    ),
    share: z.number().describe('share of the district’s current count'),
    change: ChangeFigureSchema,
    rate: num(),
    yearsInTopFive: z
      .number()
      .describe('years (of the loaded 12-month windows ending at the period end) in the district’s top five'),
    yearsCompared: z.number(),
    emerging: z.enum(['increase', 'decrease']).nullable(),
    latest: LocalLatestSchema.nullable().describe('null when the series is shorter than 13 months'),
  }),
  'one ward or beat',
);
export type LocalRow = z.infer<typeof LocalRowSchema>;

export const LocalContextSchema = named(
  'LocalContext',
  z.strictObject({
    level: z.enum(['ward', 'beat']),
    rows: z.array(LocalRowSchema),
    top: z.array(z.string()).describe('five highest counts'),
    increases: z.array(z.string()).describe('five greatest absolute increases'),
    decreases: z.array(z.string()).describe('five greatest absolute decreases'),
    persistent: z.array(z.string()).describe('in the top five in every 12-month window looked back over (3–5 windows)'),
    concentration: z.strictObject({ topN: z.number(), topShare: num(), gini: num(), units: z.number() }),
    unallocated: z.number().describe('rows with no ward'),
  }),
  'the measure by ward or beat (beats when the lookup links wards to beats)',
);
export type LocalContext = z.infer<typeof LocalContextSchema>;

export const BreakdownRowSchema = named(
  'BreakdownRow',
  z.strictObject({
    key: z.string(),
    label: z.string(),
    current: z.number().describe('the current 12 months'),
    previous: num().describe(
      'the previous period’s count on the measure’s comparison basis (= change.previous); null when not assessed',
    ),
    share: z.number(),
    pct: num().describe('% change on the measure’s comparison basis; null when not assessed or new'),
    change: ChangeFigureSchema,
  }),
  'one sub-type (offence code, police.uk type, ASB class, fire type, collision severity)',
);
export type BreakdownRow = z.infer<typeof BreakdownRowSchema>;

export const EmergingSignalSchema = named(
  'EmergingSignal',
  z.strictObject({
    measure: z.string(),
    title: z.string(),
    area: AreaRefSchema,
    direction: z.enum(['increase', 'decrease']),
    since: z.string().describe('first month of the run that crossed the decision interval'),
    latest: z.strictObject({ month: z.string(), count: z.number(), expected: z.number() }),
    cusum: z
      .number()
      .describe('the chart’s sum when it alarmed, in counts (the Poisson CUSUM of docs/methods.md, Monitoring)'),
    explanation: z.string(),
    alarm: z
      .string()
      .optional()
      .describe(
        'the month the chart alarmed (`latest.month`, or an earlier month when every month since stayed on the signal’s side)',
      ),
    threshold: z.number().optional().describe('the decision interval the sum crossed, in counts'),
    excess: z.number().optional().describe('count minus expected, summed from `since` to the latest month'),
    pValue: z.number().optional().describe('the signal’s p-value from the in-control run-length distribution'),
    pAdjusted: z
      .number()
      .optional()
      .describe('Benjamini–Hochberg adjusted over every series monitored in the district'),
  }),
  'a series (the district or a ward, one measure) whose Poisson CUSUM chart signals',
);
export type EmergingSignal = z.infer<typeof EmergingSignalSchema>;

export const RiskFactorRefSchema = named(
  'RiskFactorRef',
  z.strictObject({
    id: z.string(),
    label: z.string(),
    dimension: z.string(),
    score: z.number(),
    max: z.number(),
    weight: z.number(),
    available: z.boolean().describe('false when data was missing and the factor took the neutral score'),
    explanation: z.string(),
  }),
  'one factor of the risk score',
);
export type RiskFactorRef = z.infer<typeof RiskFactorRefSchema>;

export const RiskSchema = named(
  'Risk',
  z.strictObject({
    level: LevelSchema,
    score: z.number(),
    maxScore: z.number(),
    dimensions: z.strictObject({ harm: z.number(), likelihood: z.number(), organisational: z.number() }),
    factors: z.array(RiskFactorRefSchema),
    previousLevel: LevelSchema.nullable(),
    levelChange: z.enum(['up', 'down', 'same', 'new']).nullable(),
  }),
  'MoRiLE-style harm × likelihood × organisational position (docs/risk.md); a measure shown through a fallback is scored once, as its fallback',
);
export type Risk = z.infer<typeof RiskSchema>;

const harm = z
  .strictObject({
    current: z.number(),
    previous: num(),
    compared: z.strictObject({ current: z.number(), previous: z.number() }).nullable(),
    pct: num(),
    shareOfTotal: num(),
    unweighted: z.array(z.string()),
  })
  .nullable()
  .describe(
    'crime measures: Crime Severity Score-weighted totals, `current` over the current 12 months, `compared` and `pct` on the measure’s comparison basis (null when not assessed; weights in `config.harmWeights`, docs/methods.md "Harm"), the share of the district’s all-crime harm, and codes or types with no weight',
  );

export const MeasureAssessmentSchema = named(
  'MeasureAssessment',
  z.strictObject({
    id: z.string().describe('the measure asked for (unique in the document; docs/measures.md lists the catalogue)'),
    title: z.string().describe('the title of what is counted: the measure’s, or its fallback’s'),
    countedAs: z.string().describe('the measure counted: `id`, or the fallback standing in for it'),
    kind: z.string().describe('`crime`, `incident`, `fire`, `collision`'),
    fallback: z
      .strictObject({ measure: z.string(), requestedTitle: z.string(), note: z.string() })
      .nullable()
      .describe('set when the data cannot support `id` and its declared fallback is shown instead'),
    source: z
      .enum(['records', 'police-uk'])
      .nullable()
      .describe('`records` (partner extracts with offence codes) or `police-uk`; null when unavailable'),
    available: z
      .boolean()
      .describe(
        'false when neither the measure nor a fallback can be counted; every figure is then null and `notes` say why',
      ),
    definition: z
      .strictObject({
        filters: z.unknown(),
        note: z.string().nullable(),
        polarity: z.enum(['lower', 'higher']),
      })
      .describe('the measure’s definition (offence codes, crime types, categories, time window)'),
    denominator: z
      .strictObject({ kind: z.string(), year: z.number(), value: z.number(), note: z.string().nullable() })
      .nullable(),
    current: FigureSchema.describe('the current 12 months'),
    previous: FigureSchema.describe('the previous 12 months'),
    change: ChangeFigureSchema,
    comparison: ComparisonRefSchema.nullable().describe(
      'the comparability decision every comparison of this measure follows (null when unavailable)',
    ),
    notRun: z
      .array(
        z.strictObject({
          analysis: z.enum(['cusum', 'seasonality', 'spikes', 'projection', 'local-cusum']),
          reason: z.string(),
        }),
      )
      .describe('analyses that did not run and why (never reported as "no signal")'),
    rank: z.strictObject({
      county: GroupRankSchema.nullable(),
      peers: PeerRankSchema.nullable(),
      national: NationalRankSchema.nullable()
        .optional()
        .describe('among every CSP (or district) assessed with national data loaded (optional: national runs only)'),
      region: NationalRankSchema.nullable().optional().describe('within the region (optional: national runs only)'),
    }),
    otherPeriods: z.array(OtherPeriodSchema),
    harm,
    series: SeriesSchema.nullable(),
    monthly: z
      .record(z.string(), z.number())
      .optional()
      .describe('count per loaded month of the 24 months compared (optional: national runs only; docs/national.md)'),
    seasonality: z
      .strictObject({ months: z.array(SeasonMonthSchema), peaks: z.array(z.string()), dips: z.array(z.string()) })
      .nullable(),
    spikes: z
      .strictObject({ tested: z.number(), days: z.array(SpikeDayRefSchema), note: z.string().nullable() })
      .nullable()
      .describe('needs dated records: none for data.police.uk, with a note'),
    local: z.strictObject({ ward: LocalContextSchema.nullable(), beat: LocalContextSchema.nullable() }),
    breakdown: z.strictObject({ by: z.string(), rows: z.array(BreakdownRowSchema) }).nullable(),
    emerging: z
      .array(EmergingSignalSchema)
      .describe('this measure’s signals from `monitoring.signals` (district and wards, both directions)'),
    risk: RiskSchema.nullable(),
    notes: z
      .array(z.string())
      .describe('what the reader must know beside the figures (fallbacks, missing months, denominators, peer counts)'),
    provenance: z
      .strictObject({ imports: z.array(z.number()), query: z.string() })
      .describe(
        'the import ids behind the measure’s kind and source for the district in the 24 months (details in `dataQuality.provenance`), and which definition was counted',
      ),
    outcomes: MeasureOutcomesSchema.nullable()
      .optional()
      .describe(
        'what happened to the measure’s crimes of the current period (crime measures; absent before outcomes were added, null when not a crime measure or unavailable)',
      ),
  }),
  'one measure of the catalogue, in the config’s order',
);
export type MeasureAssessment = z.infer<typeof MeasureAssessmentSchema>;
