/**
 * Golden file: the full edition of the synthetic county's focus district, from the committed
 * Assessment fixture and the analysts' words in fixtures/config, must render to exactly the HTML
 * committed beside it. Regenerate it only on purpose, after checking the change by eye:
 *
 *   UPDATE_GOLDEN=1 TZ=UTC node --import tsx --test test/report/golden.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport } from '../../src/report/build/index.ts';
import { renderHtml } from '../../src/report/html/index.ts';
import { noWords } from '../../src/report/words.ts';
import { FIXTURES, fixtureAssessment, fixtureWards, fixtureWords } from './helpers.ts';

const GOLDEN = `${FIXTURES}south-thornden.golden.html`;

function fullHtml(): string {
  return renderHtml(
    buildReport(fixtureAssessment(), { edition: 'full', words: fixtureWords(), boundaries: fixtureWards() }),
  );
}

test("the HTML of the synthetic county's focus district matches the golden file", () => {
  const html = fullHtml();
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) {
    writeFileSync(GOLDEN, html);
    if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`no golden file yet: wrote ${GOLDEN}; check it and commit it`);
    return;
  }
  const golden = readFileSync(GOLDEN, 'utf8');
  if (html !== golden) {
    const actual = join(tmpdir(), 'south-thornden.actual.html');
    writeFileSync(actual, html);
    const a = html.split('\n');
    const g = golden.split('\n');
    const line = a.findIndex((l, i) => l !== g[i]);
    assert.fail(
      `HTML differs from ${GOLDEN} at line ${line + 1}:\n  golden: ${(g[line] ?? '').slice(0, 300)}\n  actual: ${(a[line] ?? '').slice(0, 300)}\nfull output in ${actual}; if the change is wanted, rerun with UPDATE_GOLDEN=1`,
    );
  }
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
