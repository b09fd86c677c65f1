/**
 * The Assessment: the one document every output (terminal, report, dashboard, API) renders from.
 * The contract is the zod schemas of `contract/` (every type here is inferred from them); every
 * Assessment leaving the engine, every fixture and every upload of one is parsed by them
 * (`contract/parse.ts`). Field meanings are generated into docs/assessment.md (`npm run
 * docs:assessment`). Bump the version on any change a consumer could notice: minor for added
 * fields, major for renamed or removed ones.
 */
export const ASSESSMENT_SCHEMA_VERSION = '1.3.0';

export type { Level, AreaRef, PeriodRef, Interval, Figure, ChangeFigure, ComparisonRef } from './contract/common.ts';
export type {
  GroupRank,
  CountyDistrictRow,
  NationalRank,
  PeerRank,
  OtherPeriod,
  ProjectionPoint,
  Series,
  SeasonMonth,
  SpikeDayRef,
  LocalRow,
  LocalLatest,
  LocalContext,
  BreakdownRow,
  EmergingSignal,
  RiskFactorRef,
  Risk,
  MeasureAssessment,
} from './contract/measure.ts';
export type { RangeStatus, MonitoringCheck, MonitoringSection } from './contract/monitoring.ts';
export type { CountyTableRow, CountyTable } from './contract/county-tables.ts';
export type { Priority, Assessment, AssessmentSet } from './contract/assessment.ts';
export { AssessmentSchema, AssessmentSetSchema } from './contract/assessment.ts';
export { MeasureAssessmentSchema } from './contract/measure.ts';
