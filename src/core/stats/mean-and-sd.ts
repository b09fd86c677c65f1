export interface MeanAndSd {
  mean: number;
  /** sample standard deviation (n − 1 denominator); 0 for a single value */
  sd: number;
}

/** Arithmetic mean and sample standard deviation (numpy.mean, numpy.std(ddof=1)). */
export function meanAndSd(values: readonly number[]): MeanAndSd {
  if (values.length === 0) throw new RangeError('no values');
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length === 1) return { mean, sd: 0 };
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (values.length - 1)) };
}
