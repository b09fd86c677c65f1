/** The Assessment document and the AssessmentSet of `--all` (docs/assessment.md). */
import { z } from 'zod';
import { AreaRefSchema, ComparisonRefSchema, LevelSchema, PeriodRefSchema, named, num } from './common.ts';
import { PartnerIndicatorSchema } from './indicators.ts';
import { dataQualityFields } from './quality.ts';
import { MeasureAssessmentSchema, EmergingSignalSchema } from './measure.ts';
import { MonitoringSectionSchema } from './monitoring.ts';
import { PoliceActivitySchema } from './police-activity.ts';
import { CountyTableSchema } from './county-tables.ts';

export const PrioritySchema = named(
  'Priority',
  z.strictObject({
    rank: z.number(),
    measure: z.string(),
    title: z.string(),
    level: LevelSchema,
    score: z.number(),
    status: z
      .enum(['carried forward', 'new'])
      .describe('`carried forward` when it was one of last year’s priorities (config), else `new`'),
    reasons: z.array(z.string()).describe('the explanations of the factors that weigh most'),
    override: z.string().nullable().describe('set when an analyst’s override in config placed or kept this priority'),
    covers: z
      .array(z.strictObject({ measure: z.string(), title: z.string() }))
      .optional()
      .describe(
        'candidates left out because they count some of the same offences (docs/risk.md); absent before schema 1.2.0',
      ),
  }),
  'a recommended priority: the top N measures by risk score among priority candidates, then any the partnership adds (docs/risk.md)',
);
export type Priority = z.infer<typeof PrioritySchema>;

const share = z.strictObject({
  band: z.string(),
  year: z.number(),
  value: z.number(),
  share: z.number(),
  countyShare: num(),
});

const BackgroundSchema = named(
  'Background',
  z.strictObject({
    population: z
      .strictObject({
        year: z.number(),
        value: z.number(),
        previousYear: num(),
        previousValue: num(),
        pctChange: num(),
      })
      .nullable()
      .describe('the latest figure up to the period’s end year, the earliest loaded and the % change between them'),
    households: z.strictObject({ year: z.number(), value: z.number() }).nullable(),
    county: z
      .strictObject({ population: num(), households: num(), share: num() })
      .nullable()
      .describe(
        'the county’s (its own figure, else the sum of its districts’); `share` = district ÷ county population',
      ),
    ageBands: z
      .array(share)
      .describe(
        'one age profile (bands chaining from 0 to an open-ended band, one year): shares of the bands’ total; empty when none is loaded or the bands do not chain',
      ),
    ethnicity: z
      .array(share.omit({ band: true }).extend({ group: z.string() }))
      .describe(
        'the census’s five broad ethnic groups (`ethnicity:white` …) loaded for one year: shares of their total; empty when none are loaded',
      ),
  }),
  'population and households',
);

const DataQualityReportSchema = named(
  'DataQuality',
  z.strictObject({
    ...dataQualityFields,
    fallbacks: z
      .array(z.strictObject({ requested: z.string(), shown: z.string(), note: z.string() }))
      .describe('measures shown through their declared fallback, with the note shown beside them'),
    incompleteMeasures: z
      .array(z.string())
      .describe('measures whose current or previous period has months with no data (no verdict given)'),
    unavailableMeasures: z.array(z.strictObject({ measure: z.string(), reason: z.string() })),
  }),
  'rows, rows without location, duplicates removed, rejects and missing months per source over the 24 months, and the provenance list of imports',
);

export const AssessmentSchema = named(
  'Assessment',
  z.strictObject({
    schemaVersion: z
      .string()
      .describe(
        'semantic version of this contract: a new field is a minor version, a renamed or removed one a major one',
      ),
    generatedAt: z.string().describe('when the document was made (ISO UTC)'),
    asOf: z
      .string()
      .optional()
      .describe(
        'pinned to what the store held at this moment (`assess --as-of`, `YYYY-MM-DDTHH:MM:SS`, the store’s clock); absent: what it holds now',
      ),
    generator: z
      .strictObject({ name: z.literal('safer'), version: z.string() })
      .describe('the program and its version'),
    area: AreaRefSchema.extend({
      csp: z.string().nullable().describe('its community safety partnership (the CSP holding most of its LSOAs)'),
    }).describe('the district (`level: district`, or `csp` in a CSP run)'),
    county: AreaRefSchema.nullable().describe(
      'the group it is ranked in: its county, else its police force area (null when neither is loaded)',
    ),
    period: PeriodRefSchema.describe('the 12 months ending `--end`'),
    previousPeriod: PeriodRefSchema.describe('the 12 months before'),
    comparison: ComparisonRefSchema.extend({
      mode: z.enum(['auto', '12-months', 'like-for-like']).describe('`--compare`'),
    }).describe(
      'how periods are compared: the mode asked for, and the decision for all crime (or the first measure counted)',
    ),
    config: z
      .strictObject({
        dir: z.string().nullable(),
        alpha: z.number(),
        measures: z.array(z.string()),
        harmWeights: z.strictObject({ source: z.string(), edition: z.string() }),
        riskThresholds: z.record(z.string(), z.number()),
      })
      .describe('what the figures were computed with'),
    background: BackgroundSchema.describe('population, households, age and ethnicity of the district and its county'),
    measures: z
      .array(MeasureAssessmentSchema)
      .describe('one entry per measure of the catalogue, in the config’s order'),
    priorities: z.array(PrioritySchema).describe('recommended priorities, by rank'),
    droppedPriorities: z
      .array(
        z.strictObject({
          measure: z.string(),
          title: z.string(),
          level: LevelSchema.nullable(),
          reason: z.string(),
          coveredBy: z.string().optional(),
        }),
      )
      .describe(
        'last year’s priorities (config) not recommended now; `coveredBy`: the candidate that covers it (overlapping offences), when that is why it was dropped',
      ),
    emergingIssues: z
      .array(EmergingSignalSchema)
      .describe('the rises among `monitoring.signals`, in its order (adjusted p, then size)'),
    monitoring: MonitoringSectionSchema.optional().describe(
      'the month’s monitoring: every series checked and its signals (absent before monitoring moved into the Assessment)',
    ),
    partnerIndicators: z
      .array(PartnerIndicatorSchema)
      .describe(
        'partner returns (offender management, youth offending, probation, treatment …): docs/partner-indicators.md',
      ),
    restrictedWithheld: z.number().describe('partner indicators left out because their import is restricted'),
    policeActivity: PoliceActivitySchema.nullable()
      .optional()
      .describe(
        'stop and search in the district (absent before it was added; null when no stop-and-search files are loaded)',
      ),
    dataQuality: DataQualityReportSchema.describe(
      'the data behind the figures: coverage, rejects, duplicates and provenance',
    ),
    notes: z.array(z.string()).describe('document-wide notes (how the peer group was chosen …)'),
    countyTables: z
      .array(CountyTableSchema)
      .optional()
      .describe(
        'the district against the county by type (drug offences, road collision severity), from record extracts only; absent before it was added, empty when neither table can be made',
      ),
    partnership: z
      .strictObject({
        code: z.string(),
        name: z.string().nullable(),
        districts: z.array(AreaRefSchema),
        force: AreaRefSchema.nullable(),
        region: AreaRefSchema.nullable(),
      })
      .optional()
      .describe('a community safety partnership assessed as one area: its districts (CSP runs only; docs/national.md)'),
    forceMonthsKeptOut: z
      .array(
        z.strictObject({
          force: z.string(),
          month: z.string(),
          status: z.enum(['partial', 'missing']),
          evidence: z.string(),
        }),
      )
      .optional()
      .describe(
        'partial or missing force-months kept out of this assessment’s figures (CSP runs only; docs/national.md)',
      ),
  }),
  'the strategic assessment of one district: the one document every output renders from',
);
export type Assessment = z.infer<typeof AssessmentSchema>;

export const AssessmentSetSchema = named(
  'AssessmentSet',
  z.strictObject({
    schemaVersion: z.string(),
    generatedAt: z.string(),
    group: AreaRefSchema.nullable().describe('the county, force or partnership asked for (null for `--all` alone)'),
    period: PeriodRefSchema.describe('the 12 months assessed'),
    assessed: z.array(z.string()).describe('district codes assessed'),
    notCovered: z
      .array(
        z.strictObject({
          code: z.string(),
          name: z.string().nullable(),
          reason: z.string(),
          rows: z.number().describe('rows in the 24 months'),
          lsoaShare: z.number().describe('share of its LSOAs with a record'),
        }),
      )
      .describe('districts not assessed and why'),
    assessments: z.array(AssessmentSchema).describe('one Assessment per district assessed'),
  }),
  'every covered district of a county, force or partnership (`assess --all`)',
);
export type AssessmentSet = z.infer<typeof AssessmentSetSchema>;
