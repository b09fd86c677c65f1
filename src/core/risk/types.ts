import type { Dimension, RiskFactorId, RiskLevel } from './config.ts';

/** What the analysis knows about one measure in one district, for the risk matrix. */
export interface RiskInput {
  measureId: string;
  title: string;
  /** current 12 months */
  count: number | null;
  /** per 1,000 (residents, or households for dwelling burglary) */
  rate: number | null;
  /** average of the peer group, excluding the district */
  peerAverageRate: number | null;
  /** district vs peer average, 95% interval; ratio and upper may be Infinity when the peers' count is 0 */
  rateRatio: { ratio: number; lower: number; upper: number } | null;
  /** any other string means the change was not assessed (it is shown in the explanation) */
  verdict: 'significant increase' | 'significant decrease' | 'no significant change' | string;
  /** % change on the previous 12 months (100 × (C − P) / P); null when P = 0 or unknown */
  pctChange: number | null;
  /** 1 = lowest rate; position null when the district has no rate */
  countyRank: { position: number | null; of: number } | null;
  /** share (0–1) of the district's total crime-severity-weighted harm this measure carries */
  harmShare: number | null;
  harmPerThousand?: number | null;
  /** CUSUM signal over recent months; null = no signal */
  emerging: 'increase' | 'decrease' | null;
  /** why CUSUM monitoring did not run (then `emerging` is unknown, not "no signal") */
  emergingNotRun?: string | null;
  /** the counts the change compares when not the whole 12 months (like for like: the months loaded in both years) */
  compared?: { current: number; previous: number; months: number } | null;
}

export interface RiskFactor {
  id: RiskFactorId;
  label: string;
  dimension: Dimension;
  /** 1–5 */
  score: number;
  max: 5;
  /** relative weight inside its dimension (0 = shown but not counted) */
  weight: number;
  /** false when the data or score was missing and the factor took the neutral score 3 */
  available: boolean;
  /** one plain-text sentence with the numbers (escape before putting it in HTML) */
  explanation: string;
}

export interface RiskAssessment {
  measureId: string;
  title: string;
  level: RiskLevel;
  /** harm × likelihood × organisational, 1–125 (to 6 decimal places) */
  score: number;
  maxScore: 125;
  /** each the weighted mean of its factors' scores, 1–5 */
  dimensions: Record<Dimension, number>;
  factors: RiskFactor[];
  previousLevel: RiskLevel | null;
  /** null when the config holds no previous levels at all; 'new' when it holds some but not this measure's */
  levelChange: 'up' | 'down' | 'same' | 'new' | null;
}
