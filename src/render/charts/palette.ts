import { schemeYlGnBu } from 'd3-scale-chromatic';

/**
 * Okabe & Ito (2008) colour-blind-safe palette. Yellow is kept for completeness but not used
 * for lines or text: it disappears on white paper.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'wye' | 'star';

/** How one series is drawn: colour, dash pattern and marker, so that series differ in greyscale too. */
export interface SeriesStyle {
  colour: string;
  /** SVG stroke-dasharray; '' = solid. */
  dash: string;
  marker: MarkerShape;
}

export const SERIES_STYLES: readonly SeriesStyle[] = [
  { colour: OKABE_ITO.blue, dash: '', marker: 'circle' },
  { colour: OKABE_ITO.vermillion, dash: '10 4', marker: 'square' },
  { colour: OKABE_ITO.bluishGreen, dash: '2 3', marker: 'triangle' },
  { colour: OKABE_ITO.reddishPurple, dash: '9 3 2 3', marker: 'diamond' },
  { colour: OKABE_ITO.orange, dash: '4 2', marker: 'cross' },
  { colour: OKABE_ITO.skyBlue, dash: '14 3', marker: 'wye' },
  { colour: OKABE_ITO.black, dash: '1 2', marker: 'star' },
];

/** Style of the i-th series; cycles (with the same look) past seven series. */
export function seriesStyle(index: number): SeriesStyle {
  return SERIES_STYLES[index % SERIES_STYLES.length] as SeriesStyle;
}

/** Neutral colours for text, axes, grid lines and prediction bands. */
export const INK = {
  text: '#1a1a1a',
  muted: '#4d4d4d',
  axis: '#333333',
  grid: '#dddddd',
  band80: '#c4c4c4',
  band95: '#ebebeb',
  bandEdge: '#707070',
  hatch: '#8c8c8c',
  noData: '#ffffff',
} as const;

/** Projection mean line: dashed, distinct from every series dash. */
export const PROJECTION_DASH = '5 3';

/** Minimum and maximum number of map classes the sequential scheme provides. */
export const MIN_CLASSES = 2;
export const MAX_CLASSES = 9;

/**
 * ColorBrewer YlGnBu, light to dark: lightness falls monotonically, so classes stay ordered when
 * printed in greyscale, and it is safe for the common colour-vision deficiencies.
 */
export function sequentialColours(classes: number): string[] {
  const k = Math.min(MAX_CLASSES, Math.max(MIN_CLASSES, Math.round(classes)));
  if (k === 2) return [...(schemeYlGnBu[3] as readonly string[])].filter((_, i) => i !== 1);
  return [...(schemeYlGnBu[k] as readonly string[])];
}
