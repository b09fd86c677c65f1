import type { RiskInput } from '../../../src/core/risk/types.ts';

/** A measure with every factor at its neutral score: in line with peers, no significant change, mid-table. */
export function averageInput(overrides: Partial<RiskInput> = {}): RiskInput {
  return {
    measureId: 'vehicle-crime',
    title: 'Vehicle crime',
    count: 800,
    rate: 5.3,
    peerAverageRate: 5.3,
    rateRatio: { ratio: 1, lower: 0.93, upper: 1.08 },
    verdict: 'no significant change',
    pctChange: 1.2,
    countyRank: { position: 5, of: 10 },
    harmShare: 0.07,
    emerging: null,
    ...overrides,
  };
}
