import type { MeasureAssessment } from '../../assess/schema.ts';
import { DRUG_CAVEAT_SHORT, isDrugMeasure } from './themes.ts';
import type { Block, Section } from '../model.ts';
import { capitalise, formatInt, formatPct, listJoin, periodLong } from '../format.ts';
import { bullets, cell, heading, para, table } from './blocks.ts';
import type { BuildContext } from './context.ts';
import { sourceLabel } from './intro.ts';
import { fallbackGroups, fallbackReason, measureAliases, uniqueMeasures } from './measures.ts';
import { monthsList } from './narrative.ts';

function methodsSection(ctx: BuildContext): Section {
  const { a } = ctx;
  const alpha = formatPct(100 * a.config.alpha).replace('.0%', '%');
  const medium = formatInt(a.config.riskThresholds['medium'] ?? 0);
  const high = formatInt(a.config.riskThresholds['high'] ?? 0);
  const formula = (name: string, text: string): Block =>
    para({ text: /[?.!]$/.test(name) ? `${name} ` : `${name}. `, strong: true }, text);
  return {
    id: 'methods',
    title: 'Methods',
    level: 2,
    blocks: [
      para(
        "Every figure beside a count comes from one of the methods below; the full account, with the checks against independent statistical software, is the project's docs/methods.md and docs/risk.md.",
      ),
      formula(
        'Is a change real?',
        `Counts are treated as Poisson counts. For two 12-month periods with counts C (latest) and P (previous), C given C + P follows Binomial(C + P, ½) if nothing changed; ` +
          `the two-sided exact test of this (the exact conditional test) gives the p-value, and a change is called a significant increase or decrease only when p < ${a.config.alpha} (${alpha} level). ` +
          'Otherwise the report says the change is within normal variation. The Poisson z = 2(√C − √P) is a quick guide to the size of a change (|z| > 2 is roughly significant). ' +
          '% change = 100 × (C − P) / P; when P = 0 the change is "new". A period with a missing month is not compared.',
      ),
      formula(
        'Rates and peers',
        'Rate = 1,000 × count ÷ residents (households for dwelling burglary), using one denominator year for both periods. Ranks: 1 = the lowest rate; ties share the lowest rank. ' +
          'A group average is the pooled rate of the other members (Σ counts ÷ Σ denominators, the district itself excluded). ' +
          'The rate ratio district ÷ average has an exact 95% interval (Clopper–Pearson for C / (C + O), mapped to the ratio); the district differs significantly from the average when the interval excludes 1.',
      ),
      formula(
        'Trend and projection',
        'Rolling 12-month totals end at each month. With 36 months or more, three models are back-tested from earlier starting points every three months (each fitted on the months before, 12 months ahead): ' +
          'the same months of last year (seasonal naive), the average of the same month over the last three years (seasonal mean), and a Holt–Winters seasonal model with a damped trend; ' +
          "the one whose 12-month totals missed by least is used, and its 80% and 95% bands are widened by how far those back-tested totals and months missed beyond the model's own stated uncertainty. " +
          'With fewer months the projection repeats the same months of last year, uncalibrated. The whole procedure is checked by re-running it from earlier starting points, and the result is stated with the chart.',
      ),
      formula(
        'Seasonality and unusual days',
        'Each of the last 12 months is compared with the same month a year earlier and with the average of the same month in the earlier years loaded; it is a peak (dip) when at least 20% above (below) that average ' +
          "and the Poisson tail probability is below 0.05. A day is unusual when P(X ≥ x) for a Poisson count with its month's daily mean, multiplied by the number of days tested (Bonferroni), is below 0.05; " +
          'days near calendar events (Halloween, Bonfire Night, bank holidays …) are labelled.',
      ),
      formula(
        'Local context',
        "Counts by ward (and police beat where the lookup holds them) for both periods, each change with the exact test, the share of the district's count, the rate per 1,000 ward residents where ward populations are loaded, " +
          'the years each ward spent in the top five over the last five 12-month periods, and the concentration (share of the top five; Gini coefficient).',
      ),
      formula(
        'Emerging issues',
        'Tabular CUSUM on each monthly series: z = (x − μ₀)/√μ₀ with μ₀ the expected count for the calendar month from the 24 months before; C⁺ = max(0, C⁺ + z − 0.5); a signal when C⁺ > 5.',
      ),
      formula(
        'Harm',
        `Counts by offence are weighted by Crime Severity Score weights (${a.config.harmWeights.edition}) and each measure's share of the district's weighted harm is given.`,
      ),
      formula(
        'Risk matrix',
        'Each measure is scored 1–5 on declared factors (harm share and public concern; rate against peers, significance-tested trend, emerging signal and county rank; partner concern), grouped in three dimensions. ' +
          `Score = harm × likelihood × organisational position, each the weighted mean of its factors (at most 125). Levels: Low below ${medium}, Medium from ${medium}, High from ${high}. ` +
          "A factor without data takes the neutral score 3 and is marked so. The recommended priorities are the highest scores, with the partnership's own additions marked.",
      ),
      formula(
        'Partner indicators',
        'Each indicator declares (or its unit implies) its kind. Proportions (a share of a group: treatment retention …) carry 95% Wilson score intervals; the change of a proportion has a 95% Newcombe hybrid-score interval and is significant when that interval excludes 0. ' +
          'Rates (events per person, per 1,000 or per 100,000: re-offences per offender …) and counts carry exact Poisson (Garwood) 95% intervals; their change is the rate ratio with its exact interval, significant when the exact conditional (binomial) test gives p < 0.05.',
      ),
    ],
  };
}

type Filters = {
  offenceCodes?: string[];
  policeUkTypes?: string[];
  categories?: string[];
  subCategories?: string[];
  time?: { evenings?: number[]; from?: string; to?: string };
};

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A measure's definition in words, from its filters. */
export function definitionText(m: Pick<MeasureAssessment, 'definition'>): string {
  const f = (m.definition.filters ?? {}) as Filters;
  const parts: string[] = [];
  if (f.offenceCodes?.length)
    parts.push(
      f.offenceCodes.length > 24
        ? `${formatInt(f.offenceCodes.length)} Home Office offence codes`
        : `Home Office offence codes ${f.offenceCodes.join(', ')}`,
    );
  if (f.policeUkTypes?.length) parts.push(`data.police.uk: ${listJoin(f.policeUkTypes)}`);
  if (f.categories?.length) parts.push(`category ${listJoin(f.categories, 'or')}`);
  if (f.subCategories?.length) parts.push(`sub-category ${listJoin(f.subCategories, 'or')}`);
  if (f.time) {
    const days = f.time.evenings?.map((d) => DAYS[d] ?? String(d));
    parts.push(
      `${f.time.from ?? ''}–${f.time.to ?? ''}${days?.length ? ` starting on ${listJoin(days, 'or')} evenings` : ''}`,
    );
  }
  if (m.definition.note) parts.push(m.definition.note);
  return parts.length > 0 ? `${parts.join('; ')}.` : 'As defined in the measure catalogue.';
}

function definitionsSection(ctx: BuildContext): Section {
  const measures = uniqueMeasures(ctx.a);
  return {
    id: 'definitions',
    title: 'Definitions of the measures',
    level: 2,
    blocks: [
      table({
        id: 'definitions-table',
        caption: 'What each measure counts',
        head: ['Measure', 'Counts', 'Rate per 1,000', 'Data used'],
        align: ['left', 'left', 'left', 'left'],
        rows: measures.map((m) => [
          cell(m.title),
          cell(isDrugMeasure(m.countedAs) ? `${definitionText(m)} ${DRUG_CAVEAT_SHORT}` : definitionText(m)),
          cell(m.denominator?.kind === 'households' ? 'households' : 'residents'),
          cell(
            m.source === 'police-uk'
              ? 'data.police.uk'
              : m.source === 'records'
                ? "partners' records"
                : 'not available',
          ),
        ]),
        note: "Offence codes are the Home Office counting-rules codes; the full lists are in the project's docs/measures.md.",
      }),
    ],
  };
}

function dataQualitySection(ctx: BuildContext): Section {
  const { a } = ctx;
  const q = a.dataQuality;
  const t = q.totals;
  const location =
    t.rowsWithoutLocation === 0
      ? 'Every record of its forces had a usable location'
      : `${formatInt(t.rowsWithoutLocation)} records of its forces had no usable location (no LSOA, or one missing from the geography lookup)` +
        (t.rowsUnattributed > 0
          ? `, ${formatInt(t.rowsUnattributed)} of which named no district either and are in no district's figures`
          : '');
  const duplicates =
    t.duplicatesDropped === 0
      ? 'no duplicate rows were removed'
      : `${formatInt(t.duplicatesDropped)} duplicate rows were removed`;
  const rejected =
    t.rowsRejected === 0
      ? 'no rows were rejected on import'
      : `${formatInt(t.rowsRejected)} rows were rejected on import`;
  const blocks: Block[] = [
    para(
      `Over ${periodLong(q.window)}, ${formatInt(t.rows)} records were attributed to the district. ${location}; ${duplicates} and ${rejected}.`,
    ),
  ];
  if (q.sources.length > 0) {
    blocks.push(
      table({
        id: 'data-quality-table',
        caption: 'Data quality by source',
        head: ['Source', 'Kind', 'Rows', 'Without location', 'Duplicates removed', 'Rejected', 'Missing months'],
        align: ['left', 'left', 'right', 'right', 'right', 'right', 'left'],
        rows: q.sources.map((s) => [
          cell(sourceLabel(s.source)),
          cell(s.kind),
          cell(s.rows, formatInt(s.rows)),
          cell(s.rowsWithoutLocation, formatInt(s.rowsWithoutLocation)),
          cell(s.duplicatesDropped, formatInt(s.duplicatesDropped)),
          cell(s.rowsRejected, formatInt(s.rowsRejected)),
          cell(s.missingMonths.length, s.missingMonths.length === 0 ? 'none' : monthsList(s.missingMonths)),
        ]),
      }),
    );
  }
  const aliases = measureAliases(a);
  const counted = (id: string) => aliases.get(id) ?? id;
  const title = (id: string) =>
    a.measures.find((m) => m.countedAs === counted(id))?.title ?? a.measures.find((m) => m.id === id)?.title ?? id;
  blocks.push(heading(3, 'Fallbacks', 'data-quality-fallbacks'));
  const groups = fallbackGroups(a);
  if (groups.length > 0) {
    blocks.push(
      para(
        'These measures could not be counted from the data loaded. Each is counted once, through the nearest measure that can be, and appears only under that measure:',
      ),
      bullets(
        groups.map(
          (g) =>
            `${g.shown.title} stands in for ${listJoin(g.for.map((f) => `${f.title} (${fallbackReason(f.note)})`))}.`,
        ),
      ),
    );
  } else blocks.push(para('Every measure was counted as defined: no fallbacks.'));
  blocks.push(heading(3, 'Incomplete periods and measures not available', 'data-quality-incomplete'));
  const items: string[] = [];
  // one line per measure counted, whatever number of requested measures it stands in for
  const incomplete = [...new Set(q.incompleteMeasures.map(counted))];
  for (const id of incomplete) {
    const m = a.measures.find((x) => x.countedAs === id);
    if (!m) continue;
    const missing = [...new Set([...m.current.missingMonths, ...m.previous.missingMonths])].sort();
    const how =
      m.change.basis === 'like-for-like'
        ? `compared like for like (${m.comparison?.label ?? 'the months loaded in both years'})`
        : m.change.verdict === 'not assessed: previous period not loaded'
          ? 'not assessed: the previous 12 months are not loaded'
          : 'not assessed, incomplete period';
    const gap = m.previous.missingMonths.length === ctx.a.previousPeriod.months ? m.current.missingMonths : missing;
    items.push(`${title(id)}: ${how}${gap.length > 0 ? ` (no data for ${monthsList(gap)})` : ''}.`);
  }
  const unavailable = new Map<string, string>();
  for (const u of q.unavailableMeasures)
    if (!unavailable.has(counted(u.measure))) unavailable.set(counted(u.measure), u.reason);
  for (const [id, reason] of unavailable) items.push(`${title(id)}: not available${reason ? ` (${reason})` : ''}.`);
  blocks.push(items.length > 0 ? bullets(items) : para('Every measure has complete data for both periods.'));
  if (a.notes.length > 0)
    blocks.push(
      heading(3, 'Notes', 'data-quality-notes'),
      bullets(a.notes.map((n) => capitalise(n.endsWith('.') ? n : `${n}.`))),
    );
  return { id: 'data-quality', title: 'Data quality', level: 2, blocks };
}

function glossarySection(): Section {
  const terms: [string, string][] = [
    ['ASB', 'anti-social behaviour'],
    ['BCS comparator crimes', 'offences comparable with the Crime Survey for England and Wales'],
    ['CSP', 'Community Safety Partnership'],
    ['CUSUM', 'cumulative sum control chart, used to flag emerging issues'],
    ['IOM', 'integrated offender management'],
    ['JAG', 'Joint Action Group'],
    ['KSI', 'killed or seriously injured'],
    ['LSOA', 'lower-layer super output area (about 1,500 residents)'],
    ['MSG', 'most similar group: the partnerships most like this one'],
    ['PPO', 'prolific and priority offender'],
    ['RTC', 'road traffic collision'],
    ['SAC', 'serious acquisitive crime: dwelling burglary, robbery, theft of and from vehicles'],
    [
      'Within normal variation',
      'a change that a count of this size could show by chance (not statistically significant)',
    ],
  ];
  return {
    id: 'glossary',
    title: 'Glossary',
    level: 2,
    blocks: [bullets(terms.map(([t, d]) => [{ text: t, strong: true }, `: ${d}`]))],
  };
}

export function appendixSection(ctx: BuildContext): Section {
  return {
    id: 'appendix',
    title: 'Appendix',
    level: 1,
    blocks: [],
    children: [methodsSection(ctx), definitionsSection(ctx), dataQualitySection(ctx), glossarySection()],
  };
}
