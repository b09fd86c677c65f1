/**
 * Golden snapshots: the full edition of the synthetic county's focus district, from the committed
 * Assessment fixture and the analysts' words in fixtures/config, kept as reviewable files under
 * fixtures/golden/: each chapter's HTML (charts replaced by a reference), each chart's SVG, and
 * the rest of the document (head, CSS, cover, contents), one element per line; plus the SHA-256 of
 * the whole document. On a mismatch the new output is written beside each snapshot as
 * `<name>-changed.html` / `.svg`. Accept a change, after checking it by eye, with:
 *
 *   UPDATE_GOLDEN=1 TZ=UTC node --import tsx --test test/report/golden.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildReport } from '../../src/report/build/index.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { noWords } from '../../src/report/words.ts';
import { checkSnapshots, prettyMarkup, sha256, UPDATING } from '../helpers/snapshots.ts';
import { FIXTURES, fixtureAssessment, fixtureWards, fixtureWords } from './helpers.ts';

const GOLDEN = `${FIXTURES}golden/`;
const DOCUMENT_HASH = `${GOLDEN}document.sha256`;

function fullHtml(): string {
  return renderHtml(
    buildReport(fixtureAssessment(), { edition: 'full', words: fixtureWords(), boundaries: fixtureWards() }),
  );
}

const CHART =
  /(<figure class="chart" id="fig-([a-z0-9_-]+)"[^>]*><div class="chart-svg">)([\s\S]*?)(<\/div><figcaption)/g;
const CHAPTER =
  /<section class="chapter" id="([a-z0-9_-]+)"[\s\S]*?\n<\/section>(?=\n<section class="chapter"|\n\n?<\/main>)/g;

/** The document as snapshot files: chapters/<id>.html, charts/<id>.svg, chapters/document.html (the rest). */
function snapshotFiles(html: string): { chapters: Map<string, string>; charts: Map<string, string> } {
  const charts = new Map<string, string>();
  const withoutCharts = html.replace(CHART, (_all, open: string, id: string, svg: string, close: string) => {
    charts.set(`${id}.svg`, prettyMarkup(svg));
    return `${open}<!-- chart: charts/${id}.svg -->${close}`;
  });
  const chapters = new Map<string, string>();
  const rest = withoutCharts.replace(CHAPTER, (section: string, id: string) => {
    chapters.set(`${id}.html`, prettyMarkup(section));
    return `<!-- chapter: chapters/${id}.html -->`;
  });
  chapters.set('document.html', prettyMarkup(rest));
  return { chapters, charts };
}

test("the HTML of the synthetic county's focus district matches its golden snapshots", () => {
  const html = fullHtml();
  const { chapters, charts } = snapshotFiles(html);
  assert.ok(chapters.size >= 8 && charts.size >= 10, `${chapters.size} chapters, ${charts.size} charts`);
  const changed = [
    ...checkSnapshots(`${GOLDEN}chapters`, chapters).map((n) => `chapters/${n}`),
    ...checkSnapshots(`${GOLDEN}charts`, charts).map((n) => `charts/${n}`),
  ];
  // the whole document, byte for byte (what the snapshots leave out: the line breaks between tags)
  if (UPDATING || !existsSync(DOCUMENT_HASH)) writeFileSync(DOCUMENT_HASH, `${sha256(html)}\n`);
  else if (readFileSync(DOCUMENT_HASH, 'utf8').trim() !== sha256(html)) changed.push('document.sha256');
  if (UPDATING) return;
  assert.deepEqual(
    changed,
    [],
    `differs from the golden snapshots in ${GOLDEN}: the new output is beside each as <name>-changed.html/.svg; if the change is wanted, rerun with UPDATE_GOLDEN=1`,
  );
});

test('the HTML is one self-contained, accessible file', () => {
  const html = fullHtml();
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en-GB">/);
  // nothing to fetch: no scripts, stylesheets, images or frames from anywhere
  assert.doesNotMatch(html, /<script|<link |<img |<iframe|@import|url\((?!#)/i);
  assert.doesNotMatch(html, /\ssrc=/i);
  // headings descend one level at a time
  const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
  assert.equal(levels[0], 1);
  levels.forEach((level, i) => {
    if (i > 0) assert.ok(level <= levels[i - 1]! + 1, `heading h${level} after h${levels[i - 1]} (heading ${i + 1})`);
  });
  // every chart is a figure with a caption, and its SVG names itself with a title and a description
  const figures = [...html.matchAll(/<figure class="chart"[\s\S]*?<\/figure>/g)].map((m) => m[0]);
  assert.ok(figures.length >= 10, `${figures.length} charts`);
  for (const f of figures) {
    assert.match(f, /<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+"/);
    assert.match(f, /<desc[^>]*>[^<]{20,}<\/desc>/);
    assert.match(f, /<figcaption id="[^"]+"><span class="num">Figure \d+\.<\/span>/);
  }
  // tables: captions, column headers, row headers, a scrolling region
  const tables = [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]);
  assert.ok(tables.length >= 20);
  for (const t of tables) {
    assert.match(t, /<caption id="[^"]+"/);
    assert.match(t, /<th scope="col"/);
  }
  assert.equal((html.match(/class="table-wrap" role="region"/g) ?? []).length, tables.length);
  // ids are unique
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, 'unique ids');
  // every internal link has a target
  for (const m of html.matchAll(/href="#([^"]+)"/g)) assert.ok(ids.includes(m[1]), `link target #${m[1]}`);
  // print rules: A4, margin boxes with the marking, charts and short tables not split
  assert.match(html, /@page \{ size: A4;/);
  assert.match(html, /@top-center \{ content: "OFFICIAL-SENSITIVE"/);
  assert.match(html, /counter\(page\) " of " counter\(pages\)/);
  assert.match(html, /figure\.chart, \.key-figures, \.callout, \.table-short, \.kf \{ break-inside: avoid;/);
  assert.match(html, /position: sticky; left: 0;/);
});

test('everything from the input is escaped', () => {
  const a = fixtureAssessment();
  const evil = '<script>alert("x")</script> & <b>';
  a.area.name = evil;
  const m = a.measures.find((x) => x.local.ward)!;
  m.local.ward!.rows[0]!.name = `Ward ${evil}`;
  m.title = `Title ${evil}`;
  const html = renderHtml(
    buildReport(a, {
      edition: 'full',
      words: {
        ...noWords(),
        title: `T ${evil}`,
        marking: 'OFFICIAL" } body { color: red } /*',
        recommendations: { [m.countedAs]: [`Do ${evil}`] },
        commentary: { summary: `**bold ${evil}** [x](javascript:alert(1))` },
      },
      boundaries: fixtureWards(),
    }),
  );
  assert.doesNotMatch(html, /<script>|<b>|javascript:/);
  assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &lt;b&gt;/);
  // the marking inside the CSS is a CSS string, its quote escaped
  assert.match(html, /@top-center \{ content: "OFFICIAL\\22 {2}\} body/);
  assert.doesNotMatch(html, /content: "OFFICIAL" \}/);
});
