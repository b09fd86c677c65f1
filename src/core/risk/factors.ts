import type { ConcernScores, RiskConfig, RiskFactorId } from './config.ts';
import { formatCount, formatPercent, formatRate, formatRatio, formatShare, ordinal } from './format.ts';
import type { RiskFactor, RiskInput } from './types.ts';

/** The score a factor takes when its data or entered score is missing: the middle of 1–5. */
export const NEUTRAL_SCORE = 3;
const NEUTRAL = `so it is scored neutral (${NEUTRAL_SCORE} out of 5)`;

/** 1 + the number of cut-points the value reaches: below the first → 1, at or above the last → 5. */
export function scoreByCutPoints(value: number, cutPoints: readonly number[]): number {
  return 1 + cutPoints.filter((c) => value >= c).length;
}

type Scored = Pick<RiskFactor, 'score' | 'available' | 'explanation'>;

function scored(score: number, explanation: string): Scored {
  return { score, available: true, explanation };
}

function missing(explanation: string): Scored {
  return { score: NEUTRAL_SCORE, available: false, explanation };
}

export function volumeFactor(input: RiskInput, settings: RiskConfig['factors']['volume']): Scored {
  const { rate, peerAverageRate: peer, rateRatio } = input;
  if (rate === null) return missing(`No rate is available for the district to compare with its peers, ${NEUTRAL}.`);
  if (peer === null)
    return missing(`The rate is ${formatRate(rate)} per 1,000 but no peer rate is available, ${NEUTRAL}.`);
  if (rateRatio === null) {
    return missing(
      `The rate is ${formatRate(rate)} per 1,000 against a peer average of ${formatRate(peer)} but no rate ratio is available, ${NEUTRAL}.`,
    );
  }
  const { ratio, lower, upper } = rateRatio;
  const interval = `95% interval ${formatRatio(lower)}–${formatRatio(upper)}`;
  const head = `The rate (${formatRate(rate)} per 1,000) is ${formatRatio(ratio)} times the peer average (${formatRate(peer)})`;
  const significant = lower > 1 || upper < 1;
  if (significant)
    return {
      score: scoreByCutPoints(ratio, settings.cutPoints),
      available: true,
      explanation: `${head}, a difference unlikely to be chance (${interval}).`,
    };
  if (settings.requireSignificance) {
    return {
      score: NEUTRAL_SCORE,
      available: true,
      explanation: `${head}, a difference that could be chance (${interval}), so it counts as in line with peers.`,
    };
  }
  return {
    score: scoreByCutPoints(ratio, settings.cutPoints),
    available: true,
    explanation: `${head}, a difference that could be chance (${interval}).`,
  };
}

export function trendFactor(input: RiskInput, settings: RiskConfig['factors']['trend']): Scored {
  const { pctChange: pct, verdict, compared } = input;
  const count = compared ? compared.current : input.count;
  const against = compared ? `the same ${compared.months} months a year earlier` : 'the previous 12 months';
  const latest = compared ? `in the ${compared.months} months compared like for like` : 'in the latest 12 months';
  const lead = (change: string) =>
    count !== null ? `There were ${formatCount(count)} ${latest}, ${change}` : `The count is ${change}`;
  const change =
    pct === null
      ? null
      : pct === 0
        ? `unchanged on ${against}`
        : `${pct > 0 ? 'up' : 'down'} ${formatPercent(pct)} on ${against}`;
  const byCutPoints = pct === null ? NEUTRAL_SCORE : scoreByCutPoints(pct, settings.cutPoints);
  switch (verdict) {
    case 'significant increase':
      if (change === null)
        return scored(5, `${lead(`against none in ${against}`)}, a statistically significant increase.`);
      return scored(Math.max(NEUTRAL_SCORE, byCutPoints), `${lead(change)}, a statistically significant increase.`);
    case 'significant decrease':
      if (change === null)
        return scored(
          2,
          `${lead(`down on ${against}`)}, a statistically significant decrease (no % change available).`,
        );
      return scored(Math.min(NEUTRAL_SCORE, byCutPoints), `${lead(change)}, a statistically significant decrease.`);
    case 'no significant change':
      if (change === null) {
        const none = `no significant change on ${against}`;
        return scored(NEUTRAL_SCORE, count !== null ? `${lead(`with ${none}`)}.` : `There was ${none}.`);
      }
      return scored(
        NEUTRAL_SCORE,
        pct === 0 ? `${lead(change)}.` : `${lead(change)}, within normal variation (not a significant change).`,
      );
    default: {
      const why = verdict.trim() && verdict.trim().toLowerCase() !== 'not assessed' ? ` (${verdict.trim()})` : '';
      const prefix = count !== null ? `There were ${formatCount(count)} in the latest 12 months but the` : 'The';
      return missing(`${prefix} change on the previous 12 months was not assessed${why}, ${NEUTRAL}.`);
    }
  }
}

export function emergingFactor(input: RiskInput, settings: RiskConfig['factors']['emerging']): Scored {
  if (input.emergingNotRun)
    return missing(`Control-chart monitoring (CUSUM) did not run (${input.emergingNotRun}), ${NEUTRAL}.`);
  const what = {
    increase: 'signals an emerging rise',
    decrease: 'signals an emerging fall',
    none: 'shows no emerging rise or fall',
  }[input.emerging ?? 'none'];
  return {
    score: settings.scores[input.emerging ?? 'none'],
    available: true,
    explanation: `Control-chart monitoring (CUSUM) of recent months ${what}.`,
  };
}

export function harmFactor(input: RiskInput, settings: RiskConfig['factors']['harm']): Scored {
  const { harmShare: share } = input;
  const perThousand = input.harmPerThousand ?? null;
  const rateNote = perThousand !== null ? ` (${formatRate(perThousand)} per 1,000)` : '';
  if (share !== null) {
    if (!(share >= 0 && share <= 1))
      throw new RangeError(`harmShare must be in [0, 1] (got ${share}) for ${input.measureId}`);
    return {
      score: scoreByCutPoints(share, settings.cutPoints),
      available: true,
      explanation: `This measure carries ${formatShare(share)} of the district's crime-severity-weighted harm${rateNote}.`,
    };
  }
  if (perThousand !== null && settings.perThousandCutPoints !== null) {
    return {
      score: scoreByCutPoints(perThousand, settings.perThousandCutPoints),
      available: true,
      explanation: `Crime-severity-weighted harm is ${formatRate(perThousand)} per 1,000.`,
    };
  }
  if (perThousand !== null) {
    return missing(
      `Harm is ${formatRate(perThousand)} per 1,000 but neither its share of the district's harm nor cut-points for harm per 1,000 are available, ${NEUTRAL}.`,
    );
  }
  return missing(`No harm weighting (Crime Severity Score) is available for this measure, ${NEUTRAL}.`);
}

export function rankFactor(input: RiskInput, settings: RiskConfig['factors']['rank']): Scored {
  const rank = input.countyRank;
  if (rank === null) return missing(`No county rank is available, ${NEUTRAL}.`);
  if (rank.position === null) return missing(`The district is not ranked in the county (no rate), ${NEUTRAL}.`);
  const { position, of } = rank;
  if (!(Number.isInteger(position) && position >= 1 && position <= of)) {
    throw new RangeError(`county rank must be a whole number from 1 to ${of} (got ${position}) for ${input.measureId}`);
  }
  // the centre of the district's slot: symmetric (1st and last of n mirror each other) and ½ when n = 1
  const relative = (position - 0.5) / of;
  return {
    score: scoreByCutPoints(relative, settings.cutPoints),
    available: true,
    explanation: `The district ranks ${ordinal(position)} of ${formatCount(of)} in the county (1st = lowest rate).`,
  };
}

/** The entry's note goes with the partner score, or with the public score when no partner score was entered. */
function noteOf(concern: ConcernScores, side: 'partner' | 'public'): string {
  const note = concern.note?.trim().replace(/\.+$/, '');
  const carrier = concern.partner !== undefined ? 'partner' : 'public';
  return note && side === carrier ? ` (note: ${note})` : '';
}

export function partnerConcernFactor(concern: ConcernScores | undefined): Scored {
  if (concern?.partner === undefined) return missing(`No partner concern score entered, ${NEUTRAL}.`);
  return {
    score: concern.partner,
    available: true,
    explanation: `Partners scored their concern at ${concern.partner} out of 5${noteOf(concern, 'partner')}.`,
  };
}

export function publicConcernFactor(concern: ConcernScores | undefined): Scored {
  if (concern?.public === undefined) return missing(`No public concern score entered, ${NEUTRAL}.`);
  return {
    score: concern.public,
    available: true,
    explanation: `Public concern was scored at ${concern.public} out of 5${noteOf(concern, 'public')}.`,
  };
}

/** Every factor, in display order (harm, likelihood, organisational), with its configured label, dimension and weight. */
export function scoreFactors(input: RiskInput, config: RiskConfig): RiskFactor[] {
  const f = config.factors;
  const concern = config.concern[input.measureId];
  const scored: [RiskFactorId, Scored][] = [
    ['harm', harmFactor(input, f.harm)],
    ['publicConcern', publicConcernFactor(concern)],
    ['volume', volumeFactor(input, f.volume)],
    ['trend', trendFactor(input, f.trend)],
    ['emerging', emergingFactor(input, f.emerging)],
    ['rank', rankFactor(input, f.rank)],
    ['partnerConcern', partnerConcernFactor(concern)],
  ];
  return scored.map(([id, s]) => ({
    id,
    label: f[id].label,
    dimension: f[id].dimension,
    weight: f[id].weight,
    max: 5,
    ...s,
  }));
}
