// Risk matrix and priorities of the strategic assessment (pure, no I/O). See docs/risk.md.
export {
  riskConfigSchema,
  parseRiskConfig,
  defaultRiskConfig,
  checkMeasureIds,
  RISK_LEVELS,
  DIMENSIONS,
  type RiskConfig,
  type RiskConfigInput,
  type RiskLevel,
  type Dimension,
  type RiskFactorId,
  type ConcernScores,
} from './config.ts';
export type { RiskInput, RiskFactor, RiskAssessment } from './types.ts';
export { scoreRisk, levelFor, dimensionScore } from './score.ts';
export { NEUTRAL_SCORE, scoreByCutPoints } from './factors.ts';
export {
  rankPriorities,
  orderAssessments,
  priorityReasons,
  resolveOverlaps,
  type CoveredMeasure,
  type Priority,
  type DroppedPriority,
  type PriorityRecommendation,
} from './priorities.ts';
