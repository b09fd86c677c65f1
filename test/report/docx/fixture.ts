import type { Feature, FeatureCollection, Position } from 'geojson';
import { barChart, choroplethMap, monthlyComparisonChart, rollingChart } from '../../../src/render/charts/index.ts';
import type { Block, ReportDocument, Section, TableCell } from '../../../src/report/model.ts';

/** Text that must come through as text, never as markup. */
export const HOSTILE = '<w:t>&"\'</w:t> & <b>bold?</b>';

const MONTHS = Array.from(
  { length: 24 },
  (_, i) => `${2023 + Math.floor((i + 9) / 12)}-${String(((i + 9) % 12) + 1).padStart(2, '0')}`,
);

function rolling(title: string, seed: number) {
  const months = MONTHS;
  const wave = (i: number, base: number) => base + 4 * Math.sin((i + seed) / 3) + i * 0.15;
  const projectionMonths = ['2025-10', '2025-11', '2025-12'];
  const last = wave(months.length - 1, 60);
  return rollingChart({
    title,
    yLabel: 'Crimes per 1,000 residents',
    months,
    series: [
      { name: 'Dacorum', values: months.map((_, i) => wave(i, 60)) },
      { name: 'Most similar group average', values: months.map((_, i) => wave(i, 63) - 2) },
    ],
    projection: {
      months: projectionMonths,
      mean: [last, last + 0.3, last + 0.6],
      lower80: [last - 1, last - 1.4, last - 1.8],
      upper80: [last + 1, last + 2, last + 3],
      lower95: [last - 2, last - 2.8, last - 3.6],
      upper95: [last + 2, last + 3.4, last + 4.8],
    },
  });
}

function square(lon: number, lat: number, size = 0.03): Position[] {
  return [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ];
}

function wardMap(title: string) {
  const features: Feature[] = [];
  const valueByCode: Record<string, number | null> = {};
  for (let i = 0; i < 9; i += 1) {
    const code = `E0500${String(1000 + i)}`;
    features.push({
      type: 'Feature',
      properties: { WD25CD: code, WD25NM: i === 4 ? HOSTILE : `Ward ${i + 1}` },
      geometry: { type: 'Polygon', coordinates: [square(-0.5 + 0.03 * (i % 3), 51.75 + 0.03 * Math.floor(i / 3))] },
    });
    valueByCode[code] = i === 8 ? null : 20 + ((i * 37) % 50);
  }
  const collection: FeatureCollection = { type: 'FeatureCollection', features };
  return choroplethMap({
    title,
    legendTitle: 'Crimes per 1,000 residents',
    features: collection,
    valueByCode,
    codeProperty: 'WD25CD',
    nameProperty: 'WD25NM',
    highlight: ['E05001004'],
    source: 'Contains OS data © Crown copyright and database right 2025',
  });
}

function monthly(title: string) {
  const months = MONTHS.slice(12);
  return monthlyComparisonChart({
    title,
    yLabel: 'Crimes recorded per month',
    months,
    current: months.map((_, i) => 80 + ((i * 13) % 30)),
    lastYear: months.map((_, i) => 85 + ((i * 7) % 25)),
  });
}

function wardBars(title: string) {
  return barChart({
    title,
    xLabel: 'Crimes, Oct 2024 to Sep 2025',
    rows: Array.from({ length: 8 }, (_, i) => ({
      label: `Ward ${i + 1}`,
      value: 300 - i * 31,
      note: `${i % 2 ? '+' : '−'}${(i * 3.1).toFixed(1)}%`,
    })),
    highlight: ['Ward 1'],
  });
}

const cell = (value: TableCell['value'], display?: string, tone?: TableCell['tone']): TableCell => ({
  value,
  ...(display ? { display } : {}),
  ...(tone ? { tone } : {}),
});

function groupTable(id: string, rows: number): Block {
  return {
    type: 'table',
    id,
    caption: `Crime groups, both periods (${id})`,
    head: ['Crime group', 'Oct 2023 to Sep 2024', 'Oct 2024 to Sep 2025', 'Change', '% change', 'Significance'],
    rows: Array.from({ length: rows }, (_, i) => {
      const before = 1200 + i * 97;
      const after = before + ((i * 53) % 200) - 100;
      const tone = i % 3 === 2 ? 'neutral' : after > before ? 'up' : 'down';
      return [
        cell(i === 2 ? HOSTILE : `Crime group ${i + 1}`),
        cell(before),
        cell(after),
        cell(after - before),
        cell(
          (after - before) / before,
          `${after >= before ? '+' : '−'}${((Math.abs(after - before) / before) * 100).toFixed(1)}%`,
          tone,
        ),
        cell(null, tone === 'neutral' ? 'Not significant' : 'Significant'),
      ];
    }),
    note: 'Source: police recorded crime. Significance: two-sided Poisson test at 5%.',
  };
}

/** A small report that uses every kind of block, with hostile text in every place text can go. */
export function smallReport(): ReportDocument {
  const rollingOut = rolling('All crime, rolling 12 months', 0);
  const mapOut = wardMap('All crime by ward');
  const sections: Section[] = [
    {
      id: 'executive-summary',
      title: 'Executive summary',
      level: 1,
      blocks: [
        {
          type: 'paragraph',
          runs: [
            'This assessment covers ',
            { text: 'Dacorum', strong: true },
            ' for the year to September 2025. See ',
            { text: 'looking back', href: '#looking-back' },
            ' and ',
            { text: 'the Home Office', href: 'https://www.gov.uk/' },
            '. ',
            { text: 'Not a link', href: 'javascript:alert(1)' },
            '.',
          ],
        },
        {
          type: 'keyFigures',
          items: [
            { label: 'All crime', value: '9,876', note: 'Oct 2024 to Sep 2025' },
            { label: 'Change', value: '+4.2%', note: 'not significant', tone: 'neutral' },
            { label: 'Rank in most similar group', value: '7 of 15' },
            { label: 'Burglary risk', value: 'High', tone: 'high' },
          ],
        },
        { type: 'heading', level: 2, text: 'Recommended priorities', id: 'recommended' },
        {
          type: 'list',
          ordered: true,
          items: [['Anti-social behaviour'], [{ text: 'Burglary', strong: true }, ' (high risk)'], [HOSTILE]],
        },
        { type: 'heading', level: 3, text: 'Emerging issues', id: 'emerging-summary' },
        { type: 'list', items: [['Shoplifting, up 18%'], ['Vehicle crime in two wards']] },
        { type: 'callout', tone: 'analyst', runs: ['Analysts add their commentary in the config folder.'] },
        {
          type: 'callout',
          tone: 'warning',
          title: 'Data quality',
          runs: ['312 crimes had no location and are not on the maps.'],
        },
        { type: 'callout', tone: 'info', runs: [HOSTILE] },
      ],
    },
    {
      id: 'looking-back',
      title: 'Looking back',
      level: 1,
      blocks: [
        { type: 'paragraph', runs: ['All crime rose by 4.2%, which is not a significant change.'] },
        {
          type: 'chart',
          id: 'rolling-all',
          chart: rollingOut,
          caption:
            'All crime per 1,000 residents, rolling 12 months, with the most similar group average and a projection',
        },
        groupTable('crime-groups', 12),
        { type: 'pageBreak' },
        { type: 'paragraph', runs: ['This paragraph starts a page after a page break.'] },
      ],
      children: [
        {
          id: 'wards',
          title: `Wards ${HOSTILE}`,
          level: 2,
          blocks: [
            { type: 'chart', id: 'ward-map', chart: mapOut },
            { type: 'heading', level: 4, text: 'Ward notes', id: 'ward-notes' },
            { type: 'paragraph', runs: ['Ward 5 is highlighted.'] },
          ],
        },
      ],
    },
    {
      id: 'partner-data',
      title: 'Offender management',
      level: 1,
      sensitive: true,
      blocks: [{ type: 'paragraph', runs: ['Sensitive partner figures.'] }],
    },
    {
      id: 'risk',
      title: 'Risk levels',
      level: 1,
      blocks: [
        {
          type: 'table',
          id: 'risk-table',
          caption: 'Risk by measure',
          head: ['Measure', 'Risk', 'Score'],
          rows: [
            [cell('Burglary'), cell('High', undefined, 'high'), cell(17.5)],
            [cell('Robbery'), cell('', undefined, 'medium'), cell(9)],
            [cell('Drugs'), cell(3, '3', 'low'), cell(null)],
          ],
          align: ['left', 'left', 'right'],
        },
        { type: 'pageBreak' },
      ],
    },
  ];
  return {
    title: `Strategic assessment ${HOSTILE}`,
    subtitle: 'Community Safety Partnership annual strategic assessment',
    area: { code: 'E07000096', name: 'Dacorum' },
    period: { label: 'October 2024 to September 2025', start: '2024-10', end: '2025-09' },
    edition: 'full',
    marking: 'OFFICIAL-SENSITIVE',
    generatedAt: '2025-11-03T09:30:00Z',
    generator: 'Safer 0.1.0',
    sections,
  };
}

/**
 * A report the size of a real district's: about 60 pages with 40 charts (ten measures, each with
 * a rolling chart, a monthly chart, a ward map and a ward bar chart, and two tables).
 */
export function largeReport(): ReportDocument {
  const base = smallReport();
  const measures: Section[] = Array.from({ length: 10 }, (_, m) => ({
    id: `measure-${m}`,
    title: `Measure ${m + 1}`,
    level: 1,
    blocks: [
      {
        type: 'keyFigures',
        items: [
          { label: 'Crimes', value: String(1000 + m * 37) },
          { label: 'Change', value: '+3.1%', tone: 'up' },
          { label: 'Risk', value: 'Medium', tone: 'medium' },
        ],
      },
      {
        type: 'paragraph',
        runs: [
          `Measure ${m + 1} rose by 3.1% over the year, a significant rise against the most similar group, whose average fell. `.repeat(
            4,
          ),
        ],
      },
      { type: 'chart', id: `m${m}-rolling`, chart: rolling(`Measure ${m + 1}, rolling 12 months`, m) },
      { type: 'paragraph', runs: ['The monthly figures against last year follow. '.repeat(6)] },
      { type: 'chart', id: `m${m}-monthly`, chart: monthly(`Measure ${m + 1}, months against last year`) },
      { type: 'heading', level: 2, text: 'Wards', id: `m${m}-wards` },
      { type: 'chart', id: `m${m}-map`, chart: wardMap(`Measure ${m + 1} by ward`) },
      { type: 'chart', id: `m${m}-bars`, chart: wardBars(`Measure ${m + 1}: wards with the most crimes`) },
      groupTable(`m${m}-table`, 14),
      { type: 'heading', level: 3, text: 'Sub-types', id: `m${m}-subtypes` },
      {
        type: 'paragraph',
        runs: ['The sub-types that changed most are listed below, with both periods and the change. '.repeat(5)],
      },
      groupTable(`m${m}-subtypes-table`, 10),
      { type: 'heading', level: 3, text: 'Key recommendations', id: `m${m}-recommendations` },
      {
        type: 'list',
        items: [['Recommendation one for this measure.'], ['Recommendation two, with the partner who leads it.']],
      },
    ],
  }));
  return { ...base, sections: [...base.sections, ...measures] };
}
