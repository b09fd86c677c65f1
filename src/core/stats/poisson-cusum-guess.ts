import { normalCdf } from './normal-cdf.ts';
import { referenceSteps, type CusumLattice, type CusumSide } from './poisson-cusum-lattice.ts';

/**
 * A first guess at the decision interval (lattice states) at which a one-sided Poisson CUSUM
 * signals in a month with probability `q`, its counts Poisson(μ·m) with the level multiplier m
 * drawn from `mixture`. For each multiplier the chart's chance of alarming in a month is taken as
 * θ·d·e^(−θ·b) (Siegmund 1985: b the interval in counts, d the in-control drift away from the limit,
 * θ the adjustment coefficient, E[e^(θ·move)] = 1), or 1 when the multiplier has no drift away
 * from it, and by the normal tail of the walk over the `months` (a chart started at 0 must get there);
 * their mixture is solved for b. Only a starting point for smallestLimit, which certifies
 * the answer on the exact chain; with it, the slope of ln(chance) per lattice state there.
 */
export function poissonCusumLimitGuess(
  mu: number,
  mixture: readonly { value: number; weight: number }[],
  lattice: CusumLattice,
  side: CusumSide,
  q: number,
  months: number,
): { limit: number; slope: number } {
  const k = referenceSteps(mu, lattice, side) / lattice.steps;
  const parts = mixture.map((m) => ({ weight: m.weight, lambda: mu * m.value, ...tail(mu * m.value, k, side) }));
  // a chart started at 0 is on in the last of `months` months only if its walk has got that far: capped by the walk's normal tail
  const walked = (lambda: number, b: number) =>
    1 - normalCdf((b - months * (side === 'up' ? lambda - k : k - lambda)) / Math.sqrt(months * lambda));
  const chance = (b: number) =>
    parts.reduce(
      (s, p) => s + p.weight * Math.min(walked(p.lambda, b), p.theta > 0 ? p.scale * Math.exp(-p.theta * b) : 1),
      0,
    );
  let low = 0;
  let high = 1;
  while (chance(high) > q && high < 1e4) high *= 2;
  if (chance(high) > q) return { limit: 20 * Math.max(1, lattice.steps), slope: Number.NaN };
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2;
    if (chance(mid) > q) low = mid;
    else high = mid;
  }
  // the slope of ln(chance) per lattice state there, for the search's first step
  const step = Math.max(1e-3, 0.05 * high);
  const slope = Math.log(chance(high + step) / chance(high)) / (step * lattice.steps);
  return { limit: Math.max(1, Math.round(high * lattice.steps)), slope: slope < 0 ? slope : Number.NaN };
}

/** θ and the scale θ·d of one Poisson(λ) chart with reference k (counts); θ = 0 when the chart drifts towards its limit. */
function tail(lambda: number, k: number, side: CusumSide): { theta: number; scale: number } {
  const drift = side === 'up' ? k - lambda : lambda - k;
  if (!(drift > 0)) return { theta: 0, scale: 1 };
  // E[e^(θ·move)] − 1 as a function of θ: 0 at θ = 0, negative just above it, convex
  const f =
    side === 'up' ? (t: number) => lambda * Math.expm1(t) - t * k : (t: number) => lambda * Math.expm1(-t) + t * k;
  let high = 1;
  while (f(high) < 0 && high < 1e3) high *= 2;
  let low = 0;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (f(mid) < 0) low = mid;
    else high = mid;
  }
  return { theta: high, scale: Math.min(1, high * drift) };
}
