import { resolve } from 'node:path';
import { compareMode } from '../compare-flag.ts';
import { existingStore } from '../store-path.ts';
import { SaferError } from '../../core/errors.ts';
import { isMonth } from '../../core/periods/index.ts';
import { FORMATS, slug, type Format } from '../../report/formats.ts';
import { allUnit } from '../unit-flag.ts';

export { slug };

export interface ReportFlags {
  area?: string;
  end?: string;
  compare?: string;
  config?: string;
  all?: boolean | string;
  format: string;
  edition: string;
  out: string;
  includeRestricted?: boolean;
}

export function parseFormats(text: string): Format[] {
  const wanted = text
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  if (wanted.length === 0)
    throw new SaferError('--format needs at least one format', { value: text, hint: `formats: ${FORMATS.join(', ')}` });
  for (const f of wanted) {
    if (!(FORMATS as readonly string[]).includes(f))
      throw new SaferError(`--format: unknown format "${f}"`, {
        value: text,
        hint: `formats: ${FORMATS.join(', ')}, comma-separated (e.g. --format html,pdf)`,
      });
  }
  return [...new Set(wanted)] as Format[];
}

/** The flags checked before anything slow is loaded. */
function checkFlags(flags: ReportFlags) {
  if (flags.end !== undefined && !isMonth(flags.end)) {
    throw new SaferError('--end must be a month as YYYY-MM', { value: flags.end, hint: 'e.g. --end 2025-09' });
  }
  if (flags.edition !== 'full' && flags.edition !== 'public')
    throw new SaferError('--edition must be full or public', { value: flags.edition });
  const edition: 'full' | 'public' = flags.edition;
  const unit = allUnit(flags.all);
  if (flags.area === undefined && unit !== 'csp')
    throw new SaferError('name an area with --area (or use --all csp for every partnership loaded)', {
      hint: 'e.g. safer report --area Dacorum --out reports/',
    });
  return { edition, unit, formats: parseFormats(flags.format) };
}

/** safer report: the command's options are in ../program.ts. */
export async function run(flags: ReportFlags, db: string | undefined): Promise<void> {
  const { edition, unit, formats } = checkFlags(flags);
  const [
    { resolveDbPath },
    { openStoreWaiting },
    { assessRun },
    { loadConfig },
    { loadAnalystWords },
    { writeReports },
    { assessmentWardBoundaries },
    pdf,
    { nationalSummaryDocument },
    { markingFor },
  ] = await Promise.all([
    import('../../store/db.ts'),
    import('../../store/open-wait.ts'),
    import('../../national/entry.ts'),
    import('../../assess/config.ts'),
    import('../../report/words.ts'),
    import('../../report/write.ts'),
    import('../../assess/boundaries.ts'),
    import('../../report/pdf.ts'),
    import('../../national/summary.ts'),
    import('../../report/build/index.ts'),
  ]);
  const config = loadConfig(flags.config);
  const words = loadAnalystWords(flags.config);
  // fail before the slow part when Chromium is missing
  if (formats.includes('pdf')) pdf.chromiumPath();
  const path = resolveDbPath(db);
  existingStore(path);
  const out = resolve(flags.out);
  const say = (text: string) => process.stderr.write(`${text}\n`);
  const store = await openStoreWaiting(path, { readOnly: true, onWait: (m) => process.stderr.write(`${m}\n`) });
  try {
    say(
      `Assessing ${flags.area ?? 'every partnership loaded'}${unit === 'csp' ? ' (every partnership)' : unit ? ' (every district)' : ''}…`,
    );
    const options = {
      config,
      ...(flags.end ? { end: flags.end } : {}),
      compare: compareMode(flags.compare),
      includeRestricted: flags.includeRestricted === true && edition === 'full',
    };
    // partnerships or districts as the unit, through the force-month gate (docs/national.md)
    const { set, summary } = await assessRun(store, flags.area, unit, options);
    const extraDocuments = summary
      ? [
          {
            doc: nationalSummaryDocument(summary, {
              edition,
              generator: `${set.assessments[0]!.generator.name} ${set.assessments[0]!.generator.version}`,
              marking: markingFor(edition, words),
            }),
            base: `${summary.scope?.code ?? 'national'}-${slug(summary.scope?.name ?? 'every-partnership')}-partnerships-summary`,
            area: summary.scope?.code ?? 'national',
          },
        ]
      : [];
    const written = await writeReports(set, {
      boundaries: (a) => assessmentWardBoundaries(store, a),
      formats,
      edition,
      words,
      out,
      summary: unit !== null && set.group !== null,
      say,
      configDir: flags.config ? resolve(flags.config) : null,
      extraDocuments,
    });
    for (const file of written) process.stdout.write(`${file.path}\n`);
    for (const n of set.notCovered) say(`not assessed: ${n.name ?? n.code} (${n.code}): ${n.reason}`);
  } finally {
    store.close();
  }
}
