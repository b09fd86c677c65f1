/**
 * The Assessment: the one document every output (terminal, report, dashboard, API) renders from.
 * Field meanings, periods and units are documented in docs/assessment.md. Bump the version on any
 * change a consumer could notice: minor for added fields, major for renamed or removed ones.
 */
import type { PartnerIndicator } from './read/indicators.ts';
import type { DataQuality } from './read/quality.ts';
import type { MeasureOutcomes } from './read/outcomes.ts';
import type { PoliceActivity } from './read/stop-search.ts';

export const ASSESSMENT_SCHEMA_VERSION = '1.3.0';

export type Level = 'Low' | 'Medium' | 'High';

export interface AreaRef {
  code: string;
  name: string | null;
  level: string;
}

export interface PeriodRef {
  start: string;
  end: string;
  label: string;
  months: number;
}

export interface Interval {
  lower: number;
  upper: number;
}

export interface Figure {
  count: number | null;
  /** per 1,000 residents, or households (see measure.denominator.kind) */
  rate: number | null;
  complete: boolean;
  missingMonths: string[];
}

export interface ChangeFigure {
  abs: number | null;
  /** % change; null when the previous count is 0 (then `isNew`) or a count is missing */
  pct: number | null;
  isNew: boolean;
  /** two-sided exact conditional (binomial) test */
  pValue: number | null;
  /** Poisson z = 2(√C − √P) */
  z: number | null;
  /** the wording downstream must follow; "not assessed: …" when the comparability rule refuses the comparison (then abs, pct, pValue, z, current and previous are null) */
  verdict: string;
  alpha: number;
  /** the counts compared: over the whole windows (basis "full") or over the months loaded in both (basis "like-for-like") */
  current: number | null;
  previous: number | null;
  /** how the two periods were compared; null for a measure that cannot be counted */
  basis: 'full' | 'like-for-like' | 'not-assessed' | null;
  /** why the comparison is not assessed */
  reason: string | null;
}

/** The comparability decision of a measure: every comparison of it (district, wards, beats, sub-types, harm, other periods) follows its own decision of this kind. */
export interface ComparisonRef {
  kind: 'full' | 'like-for-like' | 'not-assessed';
  /** e.g. "Jan – Nov 2022 against Jan – Nov 2021 (like for like: the 11 months loaded in both periods)" */
  label: string;
  /** months compared in each period (0 when not assessed) */
  months: number;
  currentMonths: string[];
  previousMonths: string[];
  /** months of either window left out */
  excluded: string[];
  reason: string | null;
}

export interface GroupRank {
  /** 1 = lowest rate; null when the district has no rate */
  position: number | null;
  of: number;
  previousPosition: number | null;
  previousOf: number;
  /** pooled rate per 1,000 of the group's other areas */
  average: number | null;
  includesDistrict: false;
  /** district rate ÷ group average with its exact 95% interval (upper null = unbounded); null when not computable */
  rateRatio: { ratio: number; lower: number; upper: number | null } | null;
  group: AreaRef | null;
  members: string[];
}

/** Position by rate over the months complete for every area ranked (1 = lowest rate); docs/national.md. */
export interface NationalRank {
  position: number | null;
  of: number;
  group: AreaRef | null;
  /** the months the rates are taken over: complete (gated) for every area ranked */
  months: string[];
  /** rate per 1,000 over those months (annualised: × 12 ÷ months) */
  rate: number | null;
  note: string | null;
}

export interface PeerRank extends GroupRank {
  /** members of the peer group (N in "K of N peers have data"; `members` are the K ranked) */
  groupSize: number;
  /** where the peer group came from */
  basis: 'imported' | 'config' | 'computed';
  basisNote: string;
  /** where the peers' counts came from */
  countsFrom: 'comparator counts' | 'records' | 'mixed';
}

export interface OtherPeriod {
  id: 'financial-year' | 'year-to-date' | 'latest-quarter';
  label: string;
  current: PeriodRef & Figure;
  comparison: PeriodRef & Figure;
  change: ChangeFigure;
  /** which months this period pair compares (its own decision under the one rule) */
  compared: ComparisonRef;
}

export interface ProjectionPoint {
  month: string;
  mean: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface Series {
  months: string[];
  counts: number[];
  /** rolling 12-month totals (null for the first 11 months) */
  rolling12: (number | null)[];
  rolling12Rate: (number | null)[];
  peerRolling12Rate: (number | null)[] | null;
  countyRolling12Rate: (number | null)[] | null;
  projection: {
    /** 'seasonal-naive' | 'seasonal-mean' | 'holt-winters-damped' (older documents: 'holt-winters', 'mean') */
    method: string;
    /** why this model, in words: "projected with … because …" (absent in older documents) */
    reason?: string;
    /** each candidate's back-test (mean absolute error of the 12-month total and of a month), when the model was chosen by back-test */
    candidates?: { method: string; origins: number; totalMae: number; monthMae: number }[];
    /** the factors the bands were widened by, from the chosen model's back-test (null: the model's own bands) */
    calibration?: { origins: number; totals: number[]; months: number[] } | null;
    points: ProjectionPoint[];
    /** running totals: cumulative[k] is the total of the first k + 1 projected months (the last being `month`), with the 80% and 95% intervals of that total */
    cumulative: ProjectionPoint[];
    /** rolling-origin back-test of the whole procedure (choice and calibration re-run on the months before each origin), 12 months ahead */
    backtest: {
      origins: number;
      mae: number;
      mape: number | null;
      coverage80: number;
      coverage95: number;
      /** origins whose actual 12-month total fell inside the 80% / 95% interval of the projected total */
      totalsIn80: number | null;
      totalsIn95: number | null;
    } | null;
    note: string | null;
  } | null;
}

export interface SeasonMonth {
  month: string;
  count: number;
  lastYear: number | null;
  /** mean of the same calendar month over the earlier years loaded */
  average: number | null;
  years: number;
  vsLastYearPct: number | null;
  vsAveragePct: number | null;
  flag: 'peak' | 'dip' | null;
}

export interface SpikeDayRef {
  date: string;
  count: number;
  monthMean: number;
  p: number;
  pAdjusted: number;
  events: string[];
}

export interface LocalRow {
  code: string;
  name: string | null;
  /** the current 12 months */
  current: number;
  /** the previous period's count on the measure's comparison basis (= change.previous); null when the change is not assessed */
  previous: number | null;
  /** share of the district's current count */
  share: number;
  change: ChangeFigure;
  rate: number | null;
  /** years (of the loaded 12-month windows ending at the period end) in the district's top five */
  yearsInTopFive: number;
  yearsCompared: number;
  emerging: 'increase' | 'decrease' | null;
  /** the period's last month against the unit's mean over the 12 months before it (null when the series is shorter than 13 months) */
  latest: LocalLatest | null;
}

export interface LocalLatest {
  month: string;
  count: number;
  /** mean monthly count over the 12 months before `month` */
  baselineMean: number;
}

export interface LocalContext {
  level: 'ward' | 'beat';
  rows: LocalRow[];
  top: string[];
  increases: string[];
  decreases: string[];
  persistent: string[];
  concentration: { topN: number; topShare: number | null; gini: number | null; units: number };
  unallocated: number;
}

export interface BreakdownRow {
  key: string;
  label: string;
  /** the current 12 months */
  current: number;
  /** the previous period's count on the measure's comparison basis (= change.previous); null when not assessed */
  previous: number | null;
  share: number;
  /** % change on the measure's comparison basis; null when not assessed or new */
  pct: number | null;
  change: ChangeFigure;
}

export interface EmergingSignal {
  measure: string;
  title: string;
  area: AreaRef;
  direction: 'increase' | 'decrease';
  /** first month of the run that crossed the decision interval */
  since: string;
  latest: { month: string; count: number; expected: number };
  /** the chart's sum when it alarmed, in counts (the Poisson CUSUM of docs/methods.md, Monitoring) */
  cusum: number;
  explanation: string;
  /** the month the chart alarmed (`latest.month`, or an earlier month when every month since stayed on the signal's side) */
  alarm?: string;
  /** the decision interval the sum crossed, in counts */
  threshold?: number;
  /** count minus expected, summed from `since` to the latest month */
  excess?: number;
  /** the signal's p-value from the in-control run-length distribution, and Benjamini–Hochberg adjusted over every series monitored in the district */
  pValue?: number;
  pAdjusted?: number;
}

export type RangeStatus = 'above-95' | 'above-80' | 'within' | 'below-80' | 'below-95';

/** One monitored series (the district or a ward, one measure): the latest month against its expected range, and its chart. */
export interface MonitoringCheck {
  measure: string;
  title: string;
  area: AreaRef;
  month: string;
  count: number;
  /** the month's expected count (seasonal: the same calendar month's mean in the baseline; flat: the baseline's mean) */
  expected: number;
  expectedBy: 'seasonal' | 'flat';
  /** predictive ranges of the month's count (the level estimated from the baseline's events) */
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  status: RangeStatus;
  /** two-sided p of the month's count against its predictive distribution, and Benjamini–Hochberg adjusted over the district's checks */
  pValue: number;
  pAdjusted: number;
  /** adjusted p below alpha: outside its range beyond what the number of checks explains */
  beyondChance: boolean;
  cusum: {
    /** shift the chart is designed to detect (a rise to shift× expected, a fall to 1/shift) */
    shift: number;
    /** in-control uncertainty of the monitored months' shared level (coefficient of variation: year-to-year variation and the estimate's error) */
    levelCv: number;
    /** decision intervals, in counts, and their average run lengths in months at exactly the expected level */
    thresholdUp: number;
    thresholdDown: number;
    arlUp: number;
    arlDown: number;
    /** the sums in the latest month (before any reset) */
    up: number;
    down: number;
    /** alarms in the monitored months */
    alarms: { month: string; direction: 'increase' | 'decrease' }[];
    /** p-value of the chart's current evidence (the signal's, when on) and BH-adjusted */
    pValue: number;
    pAdjusted: number;
    /** in-control probability that this series signals in the latest month (its share of the expected false alarms) */
    falseAlarmProbability: number;
  };
  signal: 'increase' | 'decrease' | null;
}

/** The monthly monitoring of a district: every series checked, and the signals for the Joint Action Group (docs/methods.md, Monitoring). */
export interface MonitoringSection {
  month: string;
  method: {
    name: 'poisson-cusum';
    monitoredMonths: number;
    baselineMonths: number;
    minExpected: number;
    seasonalFrom: number;
    /** expected false signals per month the design allows: across the district's own series, and across its ward series */
    falseAlarmBudget: { district: number; wards: number };
    /** each one-sided chart's in-control probability of signalling in a month: the budget ÷ (2 × series of the kind monitored), at most 1/60 */
    chartProbability: { district: number; wards: number };
    alpha: number;
  };
  series: {
    monitored: number;
    /** series with an expected count below `minExpected` a month: not monitored */
    tooFewExpected: number;
    /** series without the months the baseline and the monitored months need */
    tooShort: number;
  };
  /** in-control expected number of signals in the latest month: the sum of each series' falseAlarmProbability, over the district's own series and over its wards */
  expectedFalseAlarms: number;
  expectedFalseAlarmsBy: { district: number; wards: number };
  /** how many of the ward checks would fall outside their 95% range by chance alone (the sum of each one's probability of doing so) */
  expectedOutside95Wards: number;
  /** the series signalling in the latest month, ranked by adjusted p then size (the JAG list) */
  signals: EmergingSignal[];
  checks: MonitoringCheck[];
}

export interface RiskFactorRef {
  id: string;
  label: string;
  dimension: string;
  score: number;
  max: number;
  weight: number;
  /** false when data was missing and the factor took the neutral score */
  available: boolean;
  explanation: string;
}

export interface Risk {
  level: Level;
  score: number;
  maxScore: number;
  dimensions: { harm: number; likelihood: number; organisational: number };
  factors: RiskFactorRef[];
  previousLevel: Level | null;
  levelChange: 'up' | 'down' | 'same' | 'new' | null;
}

export interface MeasureAssessment {
  /** the measure asked for (unique in the document) */
  id: string;
  /** the title of what is counted: the measure's, or its fallback's */
  title: string;
  /** the measure counted: `id`, or the fallback standing in for it */
  countedAs: string;
  kind: string;
  /** set when the data cannot support `id` and its declared fallback is shown instead */
  fallback: { measure: string; requestedTitle: string; note: string } | null;
  source: 'records' | 'police-uk' | null;
  available: boolean;
  definition: { filters: unknown; note: string | null; polarity: 'lower' | 'higher' };
  denominator: { kind: string; year: number; value: number; note: string | null } | null;
  current: Figure;
  previous: Figure;
  change: ChangeFigure;
  /** the comparability decision every comparison of this measure follows (null when unavailable) */
  comparison: ComparisonRef | null;
  /** analyses that did not run and why (never reported as "no signal") */
  notRun: { analysis: 'cusum' | 'seasonality' | 'spikes' | 'projection' | 'local-cusum'; reason: string }[];
  rank: {
    county: GroupRank | null;
    peers: PeerRank | null;
    /** among every CSP (or district) assessed with national data loaded, and within the region (optional: national runs only; docs/national.md) */
    national?: NationalRank | null;
    region?: NationalRank | null;
  };
  otherPeriods: OtherPeriod[];
  /** current: the 12 months' weighted total; compared: the weighted totals on the measure's comparison basis (null when not assessed), pct between them */
  harm: {
    current: number;
    previous: number | null;
    compared: { current: number; previous: number } | null;
    pct: number | null;
    shareOfTotal: number | null;
    unweighted: string[];
  } | null;
  series: Series | null;
  /** count per loaded month of the 24 months compared (optional: national runs only; docs/national.md) */
  monthly?: Record<string, number>;
  seasonality: { months: SeasonMonth[]; peaks: string[]; dips: string[] } | null;
  spikes: { tested: number; days: SpikeDayRef[]; note: string | null } | null;
  local: { ward: LocalContext | null; beat: LocalContext | null };
  breakdown: { by: string; rows: BreakdownRow[] } | null;
  emerging: EmergingSignal[];
  risk: Risk | null;
  notes: string[];
  provenance: { imports: number[]; query: string };
  /** what happened to the measure's crimes of the current period (crime measures; absent before outcomes were added, null when not a crime measure or unavailable) */
  outcomes?: MeasureOutcomes | null;
}

export interface Priority {
  rank: number;
  measure: string;
  title: string;
  level: Level;
  score: number;
  status: 'carried forward' | 'new';
  reasons: string[];
  /** set when an analyst's override in config placed or kept this priority */
  override: string | null;
  /** candidates left out because they count some of the same offences (docs/risk.md); absent before schema 1.2.0 */
  covers?: { measure: string; title: string }[];
}

export interface Assessment {
  schemaVersion: string;
  generatedAt: string;
  /** pinned to what the store held at this moment (`assess --as-of`); absent: what it holds now */
  asOf?: string;
  generator: { name: 'safer'; version: string };
  area: AreaRef & { csp: string | null };
  county: AreaRef | null;
  period: PeriodRef;
  previousPeriod: PeriodRef;
  /** how periods are compared: the mode asked for, and the decision for all crime (or the first measure counted) */
  comparison: { mode: 'auto' | '12-months' | 'like-for-like' } & ComparisonRef;
  config: {
    dir: string | null;
    alpha: number;
    measures: string[];
    harmWeights: { source: string; edition: string };
    riskThresholds: Record<string, number>;
  };
  background: {
    population: {
      year: number;
      value: number;
      previousYear: number | null;
      previousValue: number | null;
      pctChange: number | null;
    } | null;
    households: { year: number; value: number } | null;
    county: { population: number | null; households: number | null; share: number | null } | null;
    /** one age profile (bands from 0 to an open-ended band, one year): shares of the bands' total */
    ageBands: { band: string; year: number; value: number; share: number; countyShare: number | null }[];
    /** the census's five broad ethnic groups (`ethnicity:white` …) loaded for one year: shares of their total */
    ethnicity: { group: string; year: number; value: number; share: number; countyShare: number | null }[];
  };
  measures: MeasureAssessment[];
  priorities: Priority[];
  /** `coveredBy`: the candidate that covers it (overlapping offences), when that is why it was dropped (1.2.0) */
  droppedPriorities: { measure: string; title: string; level: Level | null; reason: string; coveredBy?: string }[];
  emergingIssues: EmergingSignal[];
  /** the month's monitoring: every series checked and its signals (absent before monitoring moved into the Assessment) */
  monitoring?: MonitoringSection;
  partnerIndicators: PartnerIndicator[];
  restrictedWithheld: number;
  /** stop and search in the district (absent before it was added; null when no stop-and-search files are loaded) */
  policeActivity?: PoliceActivity | null;
  dataQuality: DataQuality & {
    /** measures shown through their declared fallback, with the note shown beside them */
    fallbacks: { requested: string; shown: string; note: string }[];
    /** measures whose current or previous period has months with no data (no verdict given) */
    incompleteMeasures: string[];
    unavailableMeasures: { measure: string; reason: string }[];
  };
  notes: string[];
  /** the district against the county by type (drug offences, road collision severity), from record extracts; absent before it was added and when not counted from records */
  countyTables?: CountyTable[];
  /** a community safety partnership assessed as one area: its districts (docs/national.md) */
  partnership?: {
    code: string;
    name: string | null;
    districts: AreaRef[];
    force: AreaRef | null;
    region: AreaRef | null;
  };
  /** partial or missing force-months kept out of this assessment's figures (docs/national.md) */
  forceMonthsKeptOut?: { force: string; month: string; status: 'partial' | 'missing'; evidence: string }[];
}

export interface CountyTableRow {
  key: string;
  label: string;
  district: { current: number; previous: number | null };
  county: { current: number; previous: number | null };
  /** district per 1,000 residents (ranked tables only) */
  rate: number | null;
  /** 1 = lowest rate among the county's districts with a population; previous on the same population */
  rank: { position: number; of: number; previousPosition: number | null } | null;
}

export interface CountyTable {
  id: 'drug-offences' | 'collision-severity';
  /** the measure counted whose comparability the table follows */
  measure: string;
  title: string;
  currentMonths: string[];
  /** empty when the change is not assessed (then every previous is null) */
  previousMonths: string[];
  comparedLabel: string;
  /** districts of the county counted */
  districts: number;
  rows: CountyTableRow[];
  note: string | null;
}

export interface AssessmentSet {
  schemaVersion: string;
  generatedAt: string;
  group: AreaRef | null;
  period: PeriodRef;
  assessed: string[];
  notCovered: { code: string; name: string | null; reason: string; rows: number; lsoaShare: number }[];
  assessments: Assessment[];
}
