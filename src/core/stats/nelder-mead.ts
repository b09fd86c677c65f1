export interface NelderMeadOptions {
  /** initial simplex edge along each axis (default 0.5) */
  step?: number;
  maxIterations?: number;
  /** stop when the simplex's function values differ by less than this, relatively (default 1e-10) */
  tolerance?: number;
}

export interface Minimum {
  x: number[];
  value: number;
  iterations: number;
}

/**
 * Unconstrained minimisation by the Nelder–Mead simplex method (Nelder & Mead 1965, with the
 * standard coefficients: reflection 1, expansion 2, contraction ½, shrink ½; Lagarias et al. 1998).
 * Deterministic: the same start gives the same result.
 */
export function nelderMead(
  f: (x: number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): Minimum {
  const { step = 0.5, maxIterations = 200 * start.length, tolerance = 1e-10 } = options;
  const dim = start.length;
  const simplex = [start.slice()];
  for (let i = 0; i < dim; i++) {
    const vertex = start.slice();
    vertex[i]! += step;
    simplex.push(vertex);
  }
  let values = simplex.map(f);
  const combine = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i]! - ai));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
    const sorted = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    simplex.splice(0, simplex.length, ...sorted);
    const best = values[0]!;
    const worst = values[dim]!;
    if (Math.abs(worst - best) <= tolerance * (Math.abs(best) + 1e-300)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) centroid[j]! += simplex[i]![j]! / dim;
    const reflected = combine(centroid, simplex[dim]!, -1);
    const fr = f(reflected);
    if (fr < best) {
      const expanded = combine(centroid, simplex[dim]!, -2);
      const fe = f(expanded);
      [simplex[dim], values[dim]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[dim - 1]!) {
      [simplex[dim], values[dim]] = [reflected, fr];
    } else {
      const outside = fr < worst;
      const contracted = combine(centroid, outside ? reflected : simplex[dim]!, 0.5);
      const fc = f(contracted);
      if (fc < (outside ? fr : worst)) {
        [simplex[dim], values[dim]] = [contracted, fc];
      } else {
        for (let i = 1; i <= dim; i++) {
          simplex[i] = combine(simplex[0]!, simplex[i]!, 0.5);
          values[i] = f(simplex[i]!);
        }
      }
    }
  }
  const bestIndex = values.indexOf(Math.min(...values));
  return { x: simplex[bestIndex]!, value: values[bestIndex]!, iterations };
}
