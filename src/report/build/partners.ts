import type { IndicatorFigure, PartnerIndicator } from '../../assess/contract/indicators.ts';
import type { Block, Section, TableCell } from '../model.ts';
import { capitalise, formatDecimal, formatInt, formatPct } from '../format.ts';
import { cell, heading, para, table } from './blocks.ts';
import { fewerThan, hidden, type BuildContext } from './context.ts';

const ACRONYMS = new Set(['drr', 'iom', 'ppo', 'yot', 'asb', 'nfa', 'opcrim', 'dip', 'atr', 'ksi']);

/** 'drr_starts' → "DRR starts"; 'treatment-returns' → "Treatment returns". */
export function humanise(id: string): string {
  const words = id
    .split(/[_\-\s]+/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  return capitalise(words.join(' '));
}

/** Whether a value is a count of people or events (suppressed when small), not a rate or percentage. */
export function isCountUnit(unit: string | null, value: number | null): boolean {
  if (value === null || !Number.isInteger(value)) return false;
  return !unit || !/%|per|rate|ratio|average|mean|score/i.test(unit);
}

export function formatIndicatorValue(f: IndicatorFigure | null, ctx: BuildContext): string {
  if (!f || f.value === null) return 'n/a';
  if (isCountUnit(f.unit, f.value) && hidden(f.value, ctx)) return fewerThan(ctx);
  if (f.unit === '%') return `${formatDecimal(f.value, 1)}%`;
  const number = Number.isInteger(f.value) ? formatInt(f.value) : formatDecimal(f.value, 2);
  return f.unit ? `${number} ${f.unit}` : number;
}

function perText(per: number): string {
  return per === 1 ? 'per person' : `per ${formatInt(per)}`;
}

/** The figure as its kind reads it, with its 95% interval: a proportion (Wilson), a rate or a count (Garwood). */
function estimateText(f: IndicatorFigure | null, ctx: BuildContext): string {
  if (!f) return 'n/a';
  const p = f.proportion;
  if (p) {
    if (hidden(f.numerator, ctx)) return 'not shown';
    return `${formatPct(100 * p.value)} (${formatPct(100 * p.lower)} to ${formatPct(100 * p.upper)})`;
  }
  const r = f.rate;
  if (r) {
    if (hidden(f.numerator, ctx)) return 'not shown';
    return `${formatDecimal(r.value, 2)} ${perText(r.per)} (${formatDecimal(r.lower, 2)} to ${formatDecimal(r.upper, 2)})`;
  }
  const c = f.countInterval;
  if (c && f.value !== null) {
    if (hidden(f.value, ctx)) return 'not shown';
    return `${formatInt(f.value)} (${formatDecimal(c.lower, 1)} to ${formatDecimal(c.upper, 1)})`;
  }
  return 'n/a';
}

function changeText(ind: PartnerIndicator, ctx: BuildContext): { text: string; tone?: TableCell['tone'] } {
  const small = [ind.latest, ind.previous].some((f) => f && isCountUnit(f.unit, f.value) && hidden(f.value, ctx));
  if (small) return { text: 'not shown' };
  if (ind.proportionChange) {
    const pc = ind.proportionChange;
    const pts = `${pc.difference >= 0 ? '+' : '−'}${formatDecimal(Math.abs(100 * pc.difference), 1)} points`;
    if (pc.verdict === 'no significant change') return { text: `${pts}, within normal variation`, tone: 'neutral' };
    return { text: `${pts}, ${pc.verdict}`, tone: pc.verdict === 'significant increase' ? 'up' : 'down' };
  }
  if (ind.rateChange && ind.change.pct !== null) {
    const rc = ind.rateChange;
    const pct = formatPct(ind.change.pct, true);
    if (rc.verdict === 'no significant change') return { text: `${pct}, within normal variation`, tone: 'neutral' };
    return { text: `${pct}, ${rc.verdict}`, tone: rc.verdict === 'significant increase' ? 'up' : 'down' };
  }
  if (ind.change.pct !== null) return { text: formatPct(ind.change.pct, true) };
  if (ind.change.abs !== null)
    return {
      text: `${ind.change.abs > 0 ? '+' : ''}${formatDecimal(ind.change.abs, Number.isInteger(ind.change.abs) ? 0 : 2)}`,
    };
  return { text: 'n/a' };
}

function positionText(ind: PartnerIndicator, ctx: BuildContext): string {
  const c = ind.county;
  if (c.rank === null) return 'n/a';
  const avg =
    c.average && !(isCountUnit(ind.unit, ind.latest.value) && hidden(Math.round(c.average.value), ctx))
      ? `; county ${c.average.basis === 'pooled ratio' ? (ind.kind?.per ? `${formatDecimal(c.average.value * ind.kind.per, 2)} ${perText(ind.kind.per)}` : formatPct(100 * c.average.value)) : formatDecimal(c.average.value, Number.isInteger(c.average.value) ? 0 : 1)}`
      : '';
  return `${c.rank}/${c.of}${avg}`;
}

/** Partner indicators (offender management, youth justice, probation, treatment …), one table per return. */
export function partnersSection(ctx: BuildContext): Section | null {
  const { a } = ctx;
  const indicators = a.partnerIndicators.filter((i) => ctx.edition === 'full' || !i.restricted);
  const commentary = ctx.words.commentary?.['partners'];
  if (indicators.length === 0 && !commentary) return null;
  const blocks: Block[] = [];
  if (indicators.length > 0) {
    blocks.push(
      para(
        "Figures from partners' aggregate returns, for the latest period each return covers, against the same period a year earlier (or the period before). " +
          'Each indicator is read as its kind: proportions (a share of a group) carry 95% Wilson intervals and a change in proportion is significant when its 95% Newcombe interval excludes zero; ' +
          'rates (events per person, per 1,000 or per 100,000, which can exceed 1) and counts carry exact Poisson (Garwood) 95% intervals and their change is tested by the exact conditional rate-ratio test. ' +
          "The county position is 1 for the lowest value among the county's districts; whether higher is better is not assumed.",
      ),
    );
  }
  const bySource = new Map<string, PartnerIndicator[]>();
  for (const i of indicators) bySource.set(i.source, [...(bySource.get(i.source) ?? []), i]);
  for (const [source, list] of bySource) {
    const id = `partners-${source.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}`;
    blocks.push(heading(3, humanise(source), id));
    blocks.push(
      table({
        id: `${id}-table`,
        caption: `${humanise(source)}: latest figures`,
        head: [
          'Indicator',
          'Latest period',
          'Value',
          'A year earlier',
          'Estimate (95% interval)',
          'Change',
          'County position',
        ],
        align: ['left', 'left', 'right', 'right', 'right', 'left', 'right'],
        rows: list.map((i) => {
          const change = changeText(i, ctx);
          return [
            cell(`${humanise(i.indicator)}${i.restricted ? ' (restricted)' : ''}`),
            cell(i.latest.period),
            cell(i.latest.value, formatIndicatorValue(i.latest, ctx)),
            cell(
              i.previous?.value ?? null,
              i.previous ? `${formatIndicatorValue(i.previous, ctx)} (${i.previous.period})` : 'n/a',
            ),
            cell(null, estimateText(i.latest, ctx)),
            cell(null, change.text, change.tone),
            cell(i.county.rank, positionText(i, ctx)),
          ];
        }),
      }),
    );
    const notes = list.flatMap((i) => i.notes.map((n) => `${humanise(i.indicator)}: ${n}`));
    if (notes.length > 0) blocks.push(para(`Notes: ${notes.join('; ')}.`));
  }
  if (a.restrictedWithheld > 0)
    blocks.push(
      para(
        `${formatInt(a.restrictedWithheld)} restricted indicator${a.restrictedWithheld === 1 ? ' is' : 's are'} withheld from this document.`,
      ),
    );
  return {
    id: 'partners',
    title: 'Partner indicators: offenders, youth justice, probation and treatment',
    level: 1,
    blocks,
  };
}
