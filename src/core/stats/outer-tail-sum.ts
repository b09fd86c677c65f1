/**
 * Sum of a discrete distribution's tail, starting at the term `first` and moving away from the
 * mode: term j+1 = term j × ratio(j) for j = 1 … maxSteps. Log-concave distributions (binomial,
 * Poisson) have ratios that decrease in that direction, so the remainder after a term is at most
 * term × r/(1 − r): summing stops once that bound is below half an ulp of the sum.
 */
export function outerTailSum(first: number, ratio: (step: number) => number, maxSteps: number): number {
  let term = first;
  let sum = first;
  for (let step = 1; step <= maxSteps && term > 0; step++) {
    const r = ratio(step);
    term *= r;
    sum += term;
    if (r < 1 && (term * r) / (1 - r) <= sum * 1e-17) break;
  }
  return sum;
}
