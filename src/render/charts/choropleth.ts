import { geoArea, geoMercator, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { SaferError } from '../../core/errors.ts';
import { classOf, quantileBreaks } from './classes.ts';
import { escapeXml } from '../../core/escape.ts';
import { decimalsFor, formatNumber } from './format.ts';
import { INK, MAX_CLASSES, MIN_CLASSES, sequentialColours } from './palette.ts';
import { FONT, PAD, el, hatchPattern, idPrefix, svgDocument, text, textWidth, titleBlock, wrapText } from './svg.ts';
import type { ChartOutput } from './types.ts';
import { checkSize } from './validate.ts';

export interface ChoroplethInput {
  title: string;
  /** What the shading shows, with units, e.g. "Crimes per 1,000 residents". */
  legendTitle: string;
  /** Polygon/MultiPolygon features in WGS84 longitude/latitude. */
  features: FeatureCollection;
  /** Values by area code; missing or null = no data. */
  valueByCode: Record<string, number | null>;
  /** Feature property holding the area code, e.g. "WD25CD". */
  codeProperty: string;
  /** Feature property holding the area name, e.g. "WD25NM" (default: the code). */
  nameProperty?: string;
  /** Number of quantile classes, 2 to 9 (default 5); fewer when values tie. */
  classes?: number;
  /** Codes of areas to outline. */
  highlight?: string[];
  /** Footnote such as the boundary licence ("Contains OS data © Crown copyright…"). */
  source?: string;
  width?: number;
  height?: number;
  id?: string;
}

export interface ChoroplethOutput extends ChartOutput {
  /** Class boundaries [min, …, max]; class i is breaks[i] ≤ v < breaks[i+1] (top class includes max). */
  breaks: number[];
  /** Class (0 = lowest) of each feature's code, null for no data. */
  classByCode: Record<string, number | null>;
}

interface Area {
  code: string;
  name: string;
  value: number | null;
  feature: Feature<Polygon | MultiPolygon>;
}

const AREA_EDGE = '#6e6e6e';

/** A ward (or other area) map shaded by quantile classes, with a legend and a hatch for no data. */
export function choroplethMap(input: ChoroplethInput): ChoroplethOutput {
  const width = checkSize(input.width, 640, 'width', 240);
  const height = checkSize(input.height, 520, 'height', 200);
  const requested = input.classes ?? 5;
  if (!Number.isInteger(requested) || requested < MIN_CLASSES || requested > MAX_CLASSES) {
    throw new SaferError(`Map classes must be a whole number from ${MIN_CLASSES} to ${MAX_CLASSES}`, {
      column: 'classes',
      value: String(requested),
    });
  }
  const areas = readAreas(input);
  const id = idPrefix('map', input.title, input.id);
  const values = areas.map((a) => a.value).filter((v): v is number => v !== null);
  const breaks = quantileBreaks(values, requested);
  const classCount = breaks.length - 1;
  const colours =
    classCount === 1 ? [sequentialColours(3)[1] as string] : classCount > 1 ? sequentialColours(classCount) : [];
  const classByCode: Record<string, number | null> = {};
  for (const a of areas) classByCode[a.code] = a.value === null ? null : classOf(a.value, breaks);
  const highlight = new Set(input.highlight ?? []);
  const highlighted = areas.filter((a) => highlight.has(a.code));
  const noData = areas.some((a) => a.value === null);
  const decimals = decimalsFor(values);
  const n = (v: number) => formatNumber(v, decimals);

  // Legend column on the right.
  const labels = classLabels(breaks, values, decimals);
  const swatch = { w: 22, h: 16, gap: 8, row: 22 };
  const labelWidth = Math.max(textWidth('Highlighted', FONT.legend), ...labels.map((l) => textWidth(l, FONT.legend)));
  const legendWidth = Math.min(width * 0.38, Math.max(120, swatch.w + swatch.gap + labelWidth + 4));
  const head = titleBlock(input.title, width);
  const legendX = width - PAD - legendWidth;
  const legendTitleLines = wrapText(input.legendTitle, legendWidth, FONT.legend, 3, true);
  const footHeight = input.source ? FONT.tick + 8 : 0;
  const mapBox: [[number, number], [number, number]] = [
    [PAD, head.bottom + 10],
    [legendX - 16, height - PAD - footHeight],
  ];
  if (mapBox[1][0] - mapBox[0][0] < 80 || mapBox[1][1] - mapBox[0][1] < 80) {
    throw new SaferError('Map width/height is too small for the map and its legend', {
      column: 'width',
      value: String(width),
    });
  }

  const collection: FeatureCollection<Polygon | MultiPolygon> = {
    type: 'FeatureCollection',
    features: areas.map((a) => a.feature),
  };
  const projection = geoMercator().fitExtent(mapBox, collection);
  const path = geoPath(projection).digits(1);
  const drawOrder = [...areas.filter((a) => !highlight.has(a.code)), ...highlighted];
  const paths = drawOrder
    .map((a) => {
      const cls = classByCode[a.code];
      const isHighlight = highlight.has(a.code);
      const shown = a.value === null ? 'no data' : n(a.value);
      return el(
        'path',
        {
          class: isHighlight ? 'area area-highlight' : 'area',
          d: path(a.feature) ?? '',
          fill: cls === null || cls === undefined ? `url(#${id}-nodata)` : colours[cls],
          stroke: isHighlight ? INK.text : AREA_EDGE,
          'stroke-width': isHighlight ? 2.5 : 0.6,
          'stroke-linejoin': 'round',
          'data-code': a.code,
          'data-name': a.name,
          'data-value': a.value === null ? '' : a.value,
        },
        el('title', {}, escapeXml(`${a.name} (${a.code}): ${shown}`)),
      );
    })
    .join('');

  let ly = head.bottom + 10;
  let legend = legendTitleLines
    .map((line, i) =>
      text(legendX, ly + i * (FONT.legend + 4), line, {
        dy: '0.71em',
        'font-size': FONT.legend,
        'font-weight': 'bold',
      }),
    )
    .join('');
  ly += legendTitleLines.length * (FONT.legend + 4) + 6;
  const entry = (fill: string, label: string, stroke: string, strokeWidth: number) => {
    const markup =
      el('rect', { x: legendX, y: ly, width: swatch.w, height: swatch.h, fill, stroke, 'stroke-width': strokeWidth }) +
      text(legendX + swatch.w + swatch.gap, ly + swatch.h / 2, label, { dy: '0.35em', 'font-size': FONT.legend });
    ly += swatch.row;
    return markup;
  };
  // Highest class first, as readers scan the legend from the top.
  for (let i = labels.length - 1; i >= 0; i--)
    legend += entry(colours[i] as string, labels[i] as string, AREA_EDGE, 0.6);
  if (noData) legend += entry(`url(#${id}-nodata)`, 'No data', AREA_EDGE, 0.6);
  if (highlighted.length) legend += entry('#ffffff', 'Highlighted', INK.text, 2.5);
  ly += 4;
  legend += text(legendX, ly, 'Quantile classes', { dy: '0.71em', 'font-size': FONT.tick, fill: INK.muted });

  const foot = input.source ? text(PAD, height - PAD, input.source, { 'font-size': FONT.tick, fill: INK.muted }) : '';
  const alt = mapAlt(input, areas, labels, highlighted, n);
  const svg = svgDocument({
    width,
    height,
    id,
    title: input.title,
    alt,
    defs: hatchPattern(`${id}-nodata`, INK.noData, INK.hatch, 5, 1),
    body: head.markup + el('g', { class: 'areas' }, paths) + el('g', { class: 'legend' }, legend) + foot,
  });
  const data = { columns: ['Code', 'Name', input.legendTitle], rows: areas.map((a) => [a.code, a.name, a.value]) };
  return { svg, alt, title: input.title, breaks, classByCode, data };
}

function readAreas(input: ChoroplethInput): Area[] {
  const fc = input.features;
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features) || fc.features.length === 0) {
    throw new SaferError('Map features must be a GeoJSON FeatureCollection with at least one feature', {
      column: 'features',
    });
  }
  return fc.features.map((f, i) => {
    const geometry = f.geometry;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
      throw new SaferError('Map features must be Polygons or MultiPolygons', {
        column: `features[${i}]`,
        value: String(geometry?.type),
      });
    }
    const props = f.properties ?? {};
    const rawCode: unknown = props[input.codeProperty];
    if (typeof rawCode !== 'string' && typeof rawCode !== 'number') {
      throw new SaferError(`Map feature has no "${input.codeProperty}" property`, {
        column: `features[${i}]`,
        hint: `Properties present: ${Object.keys(props).join(', ') || 'none'}.`,
      });
    }
    const code = String(rawCode);
    const rawName: unknown = input.nameProperty ? props[input.nameProperty] : undefined;
    const name = typeof rawName === 'string' || typeof rawName === 'number' ? String(rawName) : code;
    const value = Object.hasOwn(input.valueByCode, code) ? (input.valueByCode[code] ?? null) : null;
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw new SaferError('Map values must be numbers or null', {
        column: `valueByCode.${code}`,
        value: String(value),
      });
    }
    return { code, name, value, feature: { type: 'Feature', properties: props, geometry: rewind(geometry) } };
  });
}

/**
 * d3-geo is spherical: an exterior ring must run clockwise, the opposite of RFC 7946 GeoJSON.
 * A ring read the wrong way round means "the whole globe except this ward", so fix each ring by
 * its spherical area (an exterior ring encloses less than a hemisphere, a hole more).
 */
function rewind(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon {
  const fixPolygon = (rings: Position[][]) =>
    rings.map((ring, i) => {
      const small = geoArea({ type: 'Polygon', coordinates: [ring] }) <= 2 * Math.PI;
      return small === (i === 0) ? ring : [...ring].reverse();
    });
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: fixPolygon(geometry.coordinates) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(fixPolygon) };
}

/**
 * Legend text per class. Whole-number data get exact integer ranges ("3 to 7"), since class i
 * holds breaks[i] ≤ v < breaks[i+1]; other data show the break values.
 */
function classLabels(breaks: number[], values: number[], decimals: number): string[] {
  const classes = breaks.length - 1;
  if (classes < 1) return [];
  const integers = values.every((v) => Number.isInteger(v));
  const labels: string[] = [];
  for (let i = 0; i < classes; i++) {
    const lo = breaks[i] as number;
    const hi = breaks[i + 1] as number;
    const top = i === classes - 1;
    if (integers) {
      const from = Math.ceil(lo);
      const to = top ? hi : Math.ceil(hi) - 1;
      if (from <= to) {
        labels.push(from === to ? formatNumber(from) : `${formatNumber(from)} to ${formatNumber(to)}`);
        continue;
      }
      labels.push(`${formatNumber(lo, 1)} to ${formatNumber(hi, 1)} (none)`);
      continue;
    }
    labels.push(`${formatNumber(lo, decimals)} to ${top ? '' : 'under '}${formatNumber(hi, decimals)}`);
  }
  return labels;
}

function mapAlt(
  input: ChoroplethInput,
  areas: Area[],
  labels: string[],
  highlighted: Area[],
  n: (v: number) => string,
): string {
  const known = areas.filter((a): a is Area & { value: number } => a.value !== null).sort((a, b) => b.value - a.value);
  const parts = [`Map: ${input.title}. ${areas.length} areas shaded by ${input.legendTitle}`];
  if (known.length === 0) {
    parts[0] += '; no area has data.';
  } else {
    parts[0] += ` in ${labels.length} quantile ${labels.length === 1 ? 'class' : 'classes'} (${labels.join('; ')}).`;
    const top = known.slice(0, 3).map((a) => `${a.name} ${n(a.value)}`);
    parts.push(`Highest: ${top.join(', ')}.`);
    const lowest = known.at(-1) as Area & { value: number };
    if (known.length > 3) parts.push(`Lowest: ${lowest.name} ${n(lowest.value)}.`);
  }
  const missing = areas.length - known.length;
  if (missing > 0 && known.length > 0) parts.push(`${missing} ${missing === 1 ? 'area has' : 'areas have'} no data.`);
  if (highlighted.length) parts.push(`Outlined: ${highlighted.map((a) => a.name).join(', ')}.`);
  return parts.join(' ');
}
