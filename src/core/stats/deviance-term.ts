/**
 * bd0(x, m) = x ln(x/m) + m − x, the deviance term of the saddle-point expansion, computed
 * without cancellation when x is close to m (Loader 2000, "Fast and accurate computation of
 * binomial probabilities").
 */
export function devianceTerm(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let sum = (x - m) * v;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}
