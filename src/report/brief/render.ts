import { AlignmentType, Document, Footer, Header, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import { escapeXml } from '../../render/charts/index.ts';
import { dateLong } from '../format.ts';
import type { Block, TableCell } from '../model.ts';
import { dataTable, keyFiguresTable } from '../docx/tables.ts';
import { EXTERNAL_STYLES, PAGE, STYLE, reportStyles } from '../docx/styles.ts';
import { clean } from '../docx/text.ts';
import type { Brief } from './build.ts';

/**
 * The brief in HTML (printed to one A4 page by Chromium: src/report/pdf.ts) and in Word (docx, the
 * report's styles and table renderer). Both render the same blocks, so they say the same thing.
 */

type TableBlock = Extract<Block, { type: 'table' }>;

const text = (value: string, tone?: TableCell['tone']): TableCell => ({ value, ...(tone ? { tone } : {}) });

export function briefTables(b: Brief): { signals: TableBlock; priorities: TableBlock; returns: TableBlock } {
  return {
    signals: {
      type: 'table',
      id: 'brief-signals',
      caption: `Signals in ${b.monthLabel}`,
      head: ['Signal', 'Month (expected)', 'Adjusted p', 'In plain words'],
      align: ['left', 'right', 'right', 'left'],
      rows: b.signals.map((s) => [
        text(
          `${s.direction === 'increase' ? '▲' : '▼'} ${s.measure}: ${s.where}`,
          s.direction === 'increase' ? 'up' : 'down',
        ),
        text(`${s.count} (${s.expected})`),
        text(s.pAdjustedText),
        text(s.explanation),
      ]),
    },
    priorities: {
      type: 'table',
      id: 'brief-priorities',
      caption: `Priorities: ${b.monthLabel} against expected, and the 12 months against the year before`,
      head: ['#', 'Priority', 'Risk', b.monthLabel, 'Expected (95% range)', 'Against the range', '12-month change'],
      align: ['right', 'left', 'left', 'right', 'right', 'left', 'right'],
      rows: b.priorities.map((p) => [
        text(String(p.rank)),
        text(p.title),
        text(p.level, p.level.toLowerCase() as TableCell['tone']),
        text(p.latest),
        text(p.expected),
        text(p.against),
        text(`${p.change} (${p.verdict.replace(/^[▲▼]\s*/, '')})`),
      ]),
    },
    returns: {
      type: 'table',
      id: 'brief-returns',
      caption: `Partner returns for ${b.monthLabel}`,
      head: ['Source', 'What', 'Latest held', 'Status'],
      rows: b.returns.map((r) => [
        text(r.source),
        text(r.what),
        text(r.latest),
        text(r.status === 'received' ? 'received' : 'MISSING'),
      ]),
    },
  };
}

function moreSignals(b: Brief): string {
  if (b.signals.length === 0) return 'No series is signalling this month.';
  return b.moreSignals > 0
    ? `The ${b.signals.length} strongest of ${b.signals.length + b.moreSignals} signals; the rest are on the dashboard's monthly page.`
    : '';
}

const esc = escapeXml;

function htmlTable(t: TableBlock): string {
  const head = t.head.map((h, i) => `<th class="${t.align?.[i] ?? 'left'}">${esc(h)}</th>`).join('');
  const rows = t.rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td class="${t.align?.[i] ?? 'left'}${c.tone ? ` tone-${c.tone}` : ''}">${esc(String(c.display ?? c.value ?? ''))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table id="${esc(t.id)}"><caption>${esc(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

const CSS = `@page { size: A4; }
* { box-sizing: border-box; }
body { font-family: system-ui, Arial, sans-serif; font-size: 8pt; line-height: 1.25; color: #111; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2pt; color: #1d2b4f; }
.sub { color: #444; margin: 0 0 6pt; }
.figures { display: flex; gap: 6pt; margin: 0 0 6pt; }
.figure { flex: 1; background: #eef2f7; padding: 4pt 6pt; }
.figure .label, .figure .note { font-size: 7.5pt; color: #333; }
.figure .value { font-size: 13pt; font-weight: 700; }
table { width: 100%; border-collapse: collapse; margin: 2pt 0 6pt; }
caption { text-align: left; font-weight: 700; font-size: 10pt; color: #1d2b4f; padding: 2pt 0; }
th, td { border-bottom: 0.5pt solid #bbb; padding: 2pt 3pt; vertical-align: top; }
th { background: #e5e9f0; text-align: left; font-size: 7.5pt; }
.right { text-align: right; }
.tone-up, .tone-high { color: #a4161a; font-weight: 700; }
.tone-down { color: #00558f; font-weight: 700; }
.tone-low { color: #1b5e20; }
.tone-medium { color: #8a4b00; font-weight: 700; }
p { margin: 0 0 4pt; }
.note { font-size: 7.5pt; color: #444; }
#brief-signals td:first-child { width: 28%; }
#brief-signals td:last-child { width: 52%; }`;

export function renderBriefHtml(b: Brief): string {
  const t = briefTables(b);
  const figures = b.figures
    .map(
      (f) =>
        `<div class="figure"><div class="label">${esc(f.label)}</div><div class="value">${esc(f.value)}</div><div class="note">${esc(f.note)}</div></div>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>${esc(b.title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(b.title)}</h1>
<p class="sub">${esc(b.marking)} · ${esc(b.area.name)} (${esc(b.area.code)}) · the 12 months ${esc(b.periodLabel)} · generated ${esc(dateLong(b.generatedAt))} by ${esc(b.generator)}</p>
<div class="figures">${figures}</div>
${b.signals.length ? htmlTable(t.signals) : ''}
<p class="note">${esc(moreSignals(b))} ${esc(b.summary)}</p>
${b.priorities.length ? htmlTable(t.priorities) : '<p>No priorities are recommended in this assessment.</p>'}
${b.returns.length ? htmlTable(t.returns) : '<p>No partner returns are loaded.</p>'}
<p class="note">Signals: Poisson CUSUM charts of every series of the district and its wards; adjusted p allows for every series monitored (Benjamini–Hochberg). Expected: the level of the year before the 12 months monitored, with its 95% range. Change: the 12 months against the year before on the measure's comparison basis, with an exact test.</p>
</body>
</html>
`;
}

/** Chromium's header and footer for the brief's one page (its marking on both). */
export function briefPageTemplates(b: Brief): { header: string; footer: string } {
  const style =
    'font-family: system-ui, Arial, sans-serif; font-size: 7px; color: #333; width: 100%; margin: 0 12mm; display: flex; justify-content: space-between;';
  const marking = `<span style="font-weight: 700;">${esc(b.marking)}</span>`;
  return {
    header: `<div style="${style}"><span>${esc(b.title)}</span>${marking}</div>`,
    footer: `<div style="${style}"><span>${esc(b.area.name)}: monthly JAG brief</span>${marking}</div>`,
  };
}

function small(textValue: string, options: { bold?: boolean; size?: number; color?: string } = {}): Paragraph {
  return new Paragraph({
    spacing: { after: 80 },
    children: [
      new TextRun({ text: clean(textValue), size: options.size ?? 16, bold: options.bold, color: options.color }),
    ],
  });
}

/** The report's styles with smaller table text and key figures, so that the brief keeps to one page. */
function briefStyles(): ReturnType<typeof reportStyles> {
  const styles = reportStyles();
  const size: Record<string, number> = {
    [STYLE.tableText]: 15,
    [STYLE.keyFigureLabel]: 14,
    [STYLE.keyFigureValue]: 26,
  };
  return {
    ...styles,
    paragraphStyles: styles.paragraphStyles?.map((style) =>
      size[style.id] ? { ...style, run: { ...style.run, size: size[style.id] } } : style,
    ),
  };
}

/** The brief as a Word document: one A4 page with narrow margins, the report's table styles. */
export async function renderBriefDocx(b: Brief): Promise<Buffer> {
  const t = briefTables(b);
  const caption = (s: string) => small(s, { bold: true, size: 19, color: '1D2B4F' });
  const children = [
    new Paragraph({
      spacing: { after: 60 },
      children: [new TextRun({ text: clean(b.title), bold: true, size: 30, color: '1D2B4F' })],
    }),
    small(
      `${b.marking} · ${b.area.name} (${b.area.code}) · the 12 months ${b.periodLabel} · generated ${dateLong(b.generatedAt)} by ${b.generator}`,
    ),
    keyFiguresTable({
      type: 'keyFigures',
      items: b.figures.map((f) => ({ label: f.label, value: f.value, note: f.note })),
    }),
    ...(b.signals.length ? [caption(t.signals.caption), dataTable(t.signals)] : []),
    small(`${moreSignals(b)} ${b.summary}`, { size: 15 }),
    ...(b.priorities.length
      ? [caption(t.priorities.caption), dataTable(t.priorities)]
      : [small('No priorities are recommended in this assessment.')]),
    ...(b.returns.length
      ? [caption(t.returns.caption), dataTable(t.returns)]
      : [small('No partner returns are loaded.')]),
  ];
  const margin = 680; // 1.2 cm
  const doc = new Document({
    title: clean(b.title),
    creator: 'Safer',
    description: clean(`${b.marking}. Generated by ${b.generator} on ${b.generatedAt}.`),
    customProperties: [
      { name: 'Marking', value: clean(b.marking) },
      { name: 'Area code', value: clean(b.area.code) },
      { name: 'Month', value: b.month },
    ],
    externalStyles: EXTERNAL_STYLES,
    styles: briefStyles(),
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: margin, bottom: margin, left: margin, right: margin, header: 340, footer: 340 },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({ style: STYLE.header, children: [new TextRun({ text: clean(b.marking), bold: true })] }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                style: STYLE.footer,
                alignment: AlignmentType.LEFT,
                children: [
                  new TextRun(clean(`${b.area.name}: monthly JAG brief, ${b.monthLabel} · page `)),
                  new TextRun({ children: [PageNumber.CURRENT] }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
