export {
  measureCounts,
  measureCells,
  measureCellsSql,
  countsFromCells,
  latestLoadedMonth,
  type MeasureCount,
  type CountSource,
} from './counts.ts';
export { denominator, denominators, denominatorsSql, type Denominator, type DenominatorKind } from './denominator.ts';
export {
  compareMeasure,
  changeOver,
  testedChange,
  notAssessed,
  type Comparison,
  type Change,
  type PeriodFigure,
  type CompareOptions,
} from './compare.ts';
export {
  countyRanks,
  countyDistricts,
  countyDistrictsSql,
  rankComparisons,
  type GroupRanking,
  type RankedComparison,
  type Position,
} from './ranks.ts';
