// Writes sample charts to /tmp/chart-preview/ (SVGs and index.html) for a visual check:
//   node --import tsx scripts/preview-charts.ts
//   chromium --headless --no-sandbox --disable-gpu --screenshot=/tmp/chart-preview/page.png \
//     --window-size=1000,2400 file:///tmp/chart-preview/index.html
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { barChart, choroplethMap, escapeXml, monthlyComparisonChart, rollingChart, sparkline } from '../src/render/charts/index.ts';
import type { ChartOutput } from '../src/render/charts/index.ts';

const OUT = '/tmp/chart-preview';
const BOUNDARIES = fileURLToPath(new URL('../safer-demo/county/data/1-reference/boundaries-wd25.geojson', import.meta.url));
const DISTRICT = 'E07990001';

/** Small deterministic generator so that the preview is the same every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const rand = random(42);

function monthsFrom(year: number, month: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const m = year * 12 + month - 1 + i;
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}

const months = monthsFrom(2021, 10, 36);
const district = months.map((_, i) => Math.round((68 - i * 0.25 + Math.sin(i / 3) * 1.5 + rand()) * 10) / 10);
const peers = months.map((_, i) => Math.round((63 - i * 0.1 + Math.cos(i / 4)) * 10) / 10);
const county = months.map((_, i) => (i >= 14 && i <= 16 ? null : Math.round((58 + i * 0.05 + rand()) * 10) / 10));
const projMonths = monthsFrom(2024, 10, 12);
const last = district.at(-1) as number;
const mean = projMonths.map((_, i) => Math.round((last - 0.2 * (i + 1)) * 10) / 10);
const w80 = projMonths.map((_, i) => 1.3 * Math.sqrt(i + 1));
const w95 = projMonths.map((_, i) => 2.0 * Math.sqrt(i + 1));

const charts: { name: string; chart: ChartOutput }[] = [];
charts.push({
  name: 'rolling',
  chart: rollingChart({
    title: 'All crime: rolling 12-month rate, Thornstead compared with its most similar group',
    yLabel: 'Crimes per 1,000 residents (12 months)',
    months,
    series: [
      { name: 'Thornstead', values: district, role: 'primary' },
      { name: 'Most similar group average', values: peers, role: 'comparison' },
      { name: 'County average', values: county, role: 'secondary' },
    ],
    projection: {
      months: projMonths,
      mean,
      lower80: mean.map((m, i) => m - (w80[i] as number)),
      upper80: mean.map((m, i) => m + (w80[i] as number)),
      lower95: mean.map((m, i) => m - (w95[i] as number)),
      upper95: mean.map((m, i) => m + (w95[i] as number)),
    },
  }),
});

const last12 = monthsFrom(2023, 10, 12);
const seasonal = [1.05, 1.0, 0.95, 0.85, 0.88, 0.95, 1.0, 1.05, 1.1, 1.12, 1.08, 1.0];
charts.push({
  name: 'monthly',
  chart: monthlyComparisonChart({
    title: 'Anti-social behaviour incidents by month',
    yLabel: 'Incidents per month',
    months: last12,
    current: seasonal.map((s) => Math.round(1180 * s + rand() * 80)),
    lastYear: seasonal.map((s, i) => (i === 4 ? null : Math.round(1250 * s + rand() * 80))),
    average: seasonal.map((s) => Math.round(1220 * s)),
    averageLabel: 'Average 2019/20 to 2022/23',
  }),
});

charts.push({
  name: 'bar',
  chart: barChart({
    title: 'Top 10 wards by all crime, Oct 2023 to Sep 2024',
    xLabel: 'Crimes recorded (12 months)',
    rows: [
      ['Thornstead Town', 1843, '+6.2%'],
      ['Mill Lane & Riverside', 1210, '−3.1%'],
      ['Abbey <script>&"', 980, '+12.0%'],
      ['Northgate', 874, '+0.4%'],
      ['St Barnabas with Little Eastcombe and Lower Brookfield', 760, 'new'],
      ['Kingsmead', 705, '−8.9%'],
      ['Harrow Hill', 640, '+2.2%'],
      ['Oldfield', 515, '−1.0%'],
      ['Westbrook', 498, '+4.5%'],
      ['Fairfield', 12, '−50.0%'],
    ].map(([label, value, note]) => ({ label: label as string, value: value as number, note: note as string })),
    highlight: ['Thornstead Town', 'Abbey <script>&"'],
  }),
});

function mapFeatures(): FeatureCollection {
  if (existsSync(BOUNDARIES)) {
    const all = JSON.parse(readFileSync(BOUNDARIES, 'utf8')) as FeatureCollection;
    return { type: 'FeatureCollection', features: all.features.filter((f) => f.properties?.['LAD25CD'] === DISTRICT) };
  }
  const features: Feature<Polygon>[] = [];
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 5; c++) {
      const x = -1.5 + c * 0.04;
      const y = 52.3 + r * 0.025;
      features.push({
        type: 'Feature',
        properties: { WD25CD: `E0599${r}${c}`, WD25NM: `Grid ward ${r}-${c}` },
        geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.04, y], [x + 0.04, y + 0.025], [x, y + 0.025], [x, y]]] },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}
const features = mapFeatures();
const codes = features.features.map((f) => String(f.properties?.['WD25CD']));
const valueByCode: Record<string, number | null> = {};
codes.forEach((code, i) => (valueByCode[code] = i === 3 ? null : Math.round((20 + rand() * 90) * 10) / 10));
const map = choroplethMap({
  title: 'All crime per 1,000 residents by ward, Oct 2023 to Sep 2024',
  legendTitle: 'Crimes per 1,000 residents',
  features,
  valueByCode,
  codeProperty: 'WD25CD',
  nameProperty: 'WD25NM',
  highlight: [codes[0] as string],
  source: 'Synthetic boundaries. Rates use mid-2021 population.',
});
charts.push({ name: 'map', chart: map });

const spark = sparkline([12, 15, 11, null, 14, 18, 16, 19, 22, 20, 17, 21], { label: 'Burglary, monthly' });

mkdirSync(OUT, { recursive: true });
for (const { name, chart } of charts) writeFileSync(`${OUT}/${name}.svg`, chart.svg);
writeFileSync(`${OUT}/sparkline.svg`, spark.svg);
const figures = charts
  .map(({ name, chart }) => `<figure>${chart.svg}<figcaption>${escapeXml(name)}: ${escapeXml(chart.alt)}</figcaption></figure>`)
  .join('\n');
const html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Chart preview</title>
<style>body{font-family:system-ui,sans-serif;margin:16px;width:960px}figure{margin:0 0 20px;border:1px solid #ccc;padding:8px;width:max-content}
figcaption{font-size:11px;color:#444;max-width:640px}.grey svg{filter:grayscale(1)}</style></head><body>
<p>Sparkline in a table cell: <span>${spark.svg}</span> (${escapeXml(spark.alt)})</p>
${figures}
<h2>Greyscale</h2><div class="grey">${charts.map((c) => c.chart.svg).join('\n')}</div>
</body></html>`;
writeFileSync(`${OUT}/index.html`, html);
const grey = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Greyscale preview</title>
<style>body{margin:8px;filter:grayscale(1)}svg{display:block;margin-bottom:8px}</style></head><body>
${charts.map((c) => c.chart.svg).join('\n')}</body></html>`;
writeFileSync(`${OUT}/greyscale.html`, grey);
console.log(`Wrote ${charts.length + 1} SVGs and ${OUT}/index.html; map breaks: ${map.breaks.join(', ')}`);
