/**
 * Ranks with 1 = lowest value; tied values share the lowest rank of their group and the next
 * value skips (1, 2, 2, 4): scipy.stats.rankdata(values, method='min'). For league positions
 * such as "2nd of 15, 1 = lowest rate".
 */
export function rankAscending(values: readonly number[]): number[] {
  if (values.some((v) => Number.isNaN(v))) throw new RangeError('cannot rank NaN');
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length);
  order.forEach((index, position) => {
    const previous = order[position - 1];
    ranks[index] = previous !== undefined && values[previous] === values[index] ? ranks[previous]! : position + 1;
  });
  return ranks;
}
