import { standardise } from './standardise.ts';

export interface Unit {
  id: string;
  /** one value per variable, in the same order for every unit */
  values: readonly number[];
}

export interface Neighbour {
  id: string;
  distance: number;
}

/**
 * The k candidates most similar to the target: every variable is standardised (z-scores over the
 * target and all candidates together) so that variables on different scales weigh alike (or as
 * `weights` say), then candidates are ranked by Euclidean distance √Σ wᵥ (zᵥ − zᵥ,target)²; ties
 * are broken by id. A candidate with the target's id is skipped. For peer groups computed in the
 * spirit of the Home Office most similar groups (which use weighted socio-demographic variables).
 */
export function nearestNeighbours(
  target: Unit,
  candidates: readonly Unit[],
  k: number,
  weights?: readonly number[],
): Neighbour[] {
  const others = candidates.filter((c) => c.id !== target.id);
  const units = [target, ...others];
  const dims = target.values.length;
  if (units.some((u) => u.values.length !== dims || u.values.some((v) => !Number.isFinite(v)))) {
    throw new RangeError(`every unit needs ${dims} finite values`);
  }
  if (weights && weights.length !== dims) throw new RangeError(`weights need ${dims} values`);
  const columns = Array.from({ length: dims }, (_, v) => standardise(units.map((u) => u.values[v]!)));
  const neighbours = others.map((unit, i) => {
    let ss = 0;
    for (let v = 0; v < dims; v++) ss += (weights?.[v] ?? 1) * (columns[v]![i + 1]! - columns[v]![0]!) ** 2;
    return { id: unit.id, distance: Math.sqrt(ss) };
  });
  neighbours.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return neighbours.slice(0, k);
}
