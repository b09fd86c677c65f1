/**
 * The smallest whole limit h ≥ 1 whose probability `prob(h)` (decreasing in h) is at most `q`: the
 * answer bisection would give, in a few evaluations instead of a dozen. From a first guess it steps
 * along log prob(h), which a CUSUM's tail makes close to a straight line in h (Siegmund 1985), by
 * the secant through its last two evaluations (the first step by `options.slope`, the guess's own); every evaluation narrows the bracket
 * (prob(lo) > q ≥ prob(hi)), each step is kept inside it (and at most doubles or halves h), and
 * after a few steps that do not close it, plain bisection finishes. The answer is certified by
 * its two neighbours: prob(h) ≤ q and (h = 1 or prob(h − 1) > q).
 */
export function smallestLimit(
  prob: (h: number) => number,
  q: number,
  guess: number,
  options: { maxLimit?: number; slope?: number } = {},
): number {
  const maxLimit = options.maxLimit ?? 20000;
  const logQ = Math.log(q);
  let lo = 0;
  let hi = Infinity;
  let h = Math.max(1, Math.min(maxLimit, Math.round(guess)));
  let previous: { h: number; log: number } | null = null;
  let slope = options.slope !== undefined && options.slope < 0 ? options.slope : Number.NaN;
  for (let step = 0; ; step++) {
    const p = prob(h);
    if (p <= q) hi = h;
    else lo = h;
    if (hi - lo <= 1) return hi;
    if (lo >= maxLimit) throw new RangeError(`no limit up to ${maxLimit} brings the probability to ${q}`);
    const log = Math.log(Math.max(p, 1e-300));
    if (previous && previous.h !== h) {
      const s = (log - previous.log) / (h - previous.h);
      if (s < 0 && Number.isFinite(s)) slope = s;
    }
    previous = { h, log };
    h = nextLimit(h, log, slope, logQ, lo, hi, step, maxLimit);
  }
}

function nextLimit(
  h: number,
  log: number,
  slope: number,
  logQ: number,
  lo: number,
  hi: number,
  step: number,
  maxLimit: number,
): number {
  const top = Number.isFinite(hi) ? hi - 1 : maxLimit;
  let next: number;
  if (step >= 6) {
    // bisection (doubling while nothing is known above)
    next = Number.isFinite(hi) ? Math.floor((lo + hi) / 2) : 2 * h;
  } else if (Number.isNaN(slope)) {
    // a second point, a little way towards q, to take the first secant through
    const stride = Math.max(1, Math.round(h * 0.15));
    next = log > logQ ? h + stride : h - stride;
  } else {
    // the predicted answer is the first whole h at or above the crossing: test it from the side not yet known
    const answer = Math.ceil(h + (logQ - log) / slope - 1e-9);
    next = log > logQ ? answer : answer - 1;
    next = Math.min(Math.max(next, Math.ceil(h / 2)), 2 * h);
  }
  return Math.min(Math.max(next, lo + 1), top);
}
