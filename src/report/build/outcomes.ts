/**
 * "What happened next": the outcomes paragraph and table of a crime measure's section, and police
 * activity (stop and search) beside drug offences in the drugs section (docs/report.md, Outcomes).
 */
import type { MeasureAssessment } from '../../assess/schema.ts';
import type { OutcomeBreakdown } from '../../assess/contract/outcomes.ts';
import { DRUGS_OBJECT } from '../../assess/contract/police-activity.ts';
import { FAMILY_LABEL } from '../../core/outcomes/families.ts';
import type { Block } from '../model.ts';
import { formatInt, formatPct, formatShare, monthLong, monthShort, periodLong } from '../format.ts';
import { cell, heading, para, table } from './blocks.ts';
import { anyHidden, showCount, showShare, type BuildContext } from './context.ts';
import { sumMonths } from '../../core/periods/comparable.ts';

function shareWithInterval(
  s: { count: number; share: number; lower: number; upper: number },
  total: number,
  ctx: BuildContext,
): string {
  if (anyHidden([s.count, total], ctx)) return 'not shown';
  return `${formatShare(s.share)} (${formatShare(s.lower)}–${formatShare(s.upper)})`;
}

function familySentence(b: OutcomeBreakdown, ctx: BuildContext): string {
  const parts = b.families
    .filter((f) => f.count > 0)
    .sort((x, y) => y.count - x.count)
    .map((f) => `${f.label.toLowerCase()} ${showShare(f.share, [f.count, b.total], ctx)}`);
  return parts.join('; ');
}

export function outcomeBlocks(m: MeasureAssessment, ctx: BuildContext, sectionId: string): Block[] {
  const o = m.outcomes;
  if (!o || o.district.total === 0) return [];
  const b = o.district;
  const blocks: Block[] = [heading(3, 'What happened next: outcomes', `${sectionId}-outcomes`)];
  const asOf = o.asOf ? ` as at ${monthLong(o.asOf)}` : '';
  const detections = b.detections;
  const detectionText = anyHidden([detections.count], ctx)
    ? `Sanctioned detections were ${showCount(detections.count, ctx)}.`
    : `This is the detection of ${formatInt(detections.count)} offences (${shareWithInterval(detections, b.total, ctx)}: charged or summonsed, out-of-court disposals and those awaiting court).`;
  blocks.push(
    para(
      `Of the ${showCount(b.total, ctx)} offences counted as ${m.title} in ${periodLong(o.period)}, the latest outcomes${asOf} are: ${familySentence(b, ctx)}. ${detectionText} ` +
        `Outcomes lag the crime: the most recent months' crimes have had little time to reach one, so the share still under investigation is highest for them.`,
    ),
  );
  const c = o.comparison;
  if (c.kind === 'equal-age' && c.current && c.previous) {
    const det = c.changes.find((x) => x.family === 'detections')!;
    const charged = c.changes.find((x) => x.family === 'charged')!;
    const hiddenPair = anyHidden([det.current, det.previous, charged.current, charged.previous], ctx);
    blocks.push(
      para(
        hiddenPair
          ? `Compared at equal age (${c.label}), the shares are not shown in this edition (small numbers).`
          : `Compared at equal age (${c.label}): sanctioned detections ${formatShare(c.current.detections.share)} against ${formatShare(c.previous.detections.share)} (${det.verdict}); charged or summonsed ${formatShare(c.current.families[0]!.share)} against ${formatShare(c.previous.families[0]!.share)} (${charged.verdict}).`,
      ),
    );
  } else {
    blocks.push(para(`Outcome shares are not compared with the previous year: ${c.reason ?? 'not assessed'}.`));
  }
  const rows = [...b.categories].sort(
    (x, y) =>
      Object.keys(FAMILY_LABEL).indexOf(x.family) - Object.keys(FAMILY_LABEL).indexOf(y.family) || y.count - x.count,
  );
  blocks.push(
    table({
      id: `${sectionId}-outcomes-table`,
      caption: `${m.title}: latest outcome of the offences of ${periodLong(o.period)}${asOf}`,
      head: ['Outcome', 'Family', 'Offences', 'Share (95% interval)'],
      align: ['left', 'left', 'right', 'right'],
      rows: [
        ...rows.map((r) => [
          cell(r.category),
          cell(FAMILY_LABEL[r.family]),
          cell(r.count, showCount(r.count, ctx)),
          cell(r.share, shareWithInterval(r, b.total, ctx)),
        ]),
        [cell('All offences'), cell(''), cell(b.total, showCount(b.total, ctx)), cell(1, '100%')],
      ],
      note: `Source: ${o.sourceNote}. Shares carry 95% Wilson intervals. Families as in docs/measures.md.`,
    }),
  );
  return blocks;
}

/** Drug offences beside searches for controlled drugs, month by month (the drugs section). */
export function policeActivityBlocks(m: MeasureAssessment, ctx: BuildContext, sectionId: string): Block[] {
  const activity = ctx.a.policeActivity;
  if (m.countedAs !== 'drugs' || !activity || !m.series) return [];
  const blocks: Block[] = [heading(3, 'Police activity: stop and search for drugs', `${sectionId}-stop-search`)];
  const drugSearches = new Map(activity.months.map((x) => [x.month, x.byObject[DRUGS_OBJECT] ?? 0]));
  const offences = new Map(m.series.months.map((mm, i) => [mm, m.series!.counts[i]!]));
  const comparison = m.comparison;
  let changeText = '';
  if (comparison && comparison.kind !== 'not-assessed' && activity.comparison.kind !== 'not-assessed') {
    const months = { cur: comparison.currentMonths, prev: comparison.previousMonths };
    const loaded = new Set(activity.monthsLoaded);
    if ([...months.cur, ...months.prev].every((x) => loaded.has(x))) {
      const [sc, sp] = [sumMonths(drugSearches, months.cur), sumMonths(drugSearches, months.prev)];
      const [oc, op] = [sumMonths(offences, months.cur), sumMonths(offences, months.prev)];
      const pct = (a: number, b: number) => (b === 0 ? 'new' : formatPct((100 * (a - b)) / b, true));
      if (!anyHidden([sc, sp, oc, op], ctx)) {
        changeText = ` On the same months, drug offences went from ${formatInt(op)} to ${formatInt(oc)} (${pct(oc, op)}) and searches for drugs from ${formatInt(sp)} to ${formatInt(sc)} (${pct(sc, sp)}): drug offences are mostly found by police activity, so a rise in both reads first as more searching, not necessarily more drug use or supply.`;
      }
    }
  }
  blocks.push(
    para(
      `In ${periodLong(ctx.a.period)}, ${showCount(activity.current, ctx)} stop and searches were placed in the district, ${showCount(activity.drugs.count, ctx)} of them for controlled drugs ` +
        `(${showCount(activity.drugs.arrests, ctx)} ending in arrest, ${showCount(activity.drugs.linkedFinds, ctx)} with an outcome linked to the object of the search).${changeText}`,
    ),
  );
  const months = m.series.months.slice(-12).filter((x) => drugSearches.has(x) || activity.monthsLoaded.includes(x));
  if (months.length > 0) {
    blocks.push(
      table({
        id: `${sectionId}-stop-search-table`,
        caption: 'Drug offences and searches for controlled drugs by month',
        head: ['Month', 'Drug offences', 'Searches for drugs', 'All searches'],
        align: ['left', 'right', 'right', 'right'],
        rows: months.map((x) => {
          const all = activity.months.find((y) => y.month === x)?.total ?? 0;
          return [
            cell(monthShort(x)),
            cell(offences.get(x) ?? 0, showCount(offences.get(x) ?? 0, ctx)),
            cell(drugSearches.get(x) ?? 0, showCount(drugSearches.get(x) ?? 0, ctx)),
            cell(all, showCount(all, ctx)),
          ];
        }),
        note: `Source: ${activity.source}; searches placed by their map point (docs/methods.md, Police activity).${activity.notes.length ? ` ${activity.notes.join('; ')}.` : ''}`,
      }),
    );
  }
  return blocks;
}
