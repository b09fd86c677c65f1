import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { existingStore } from '../store-path.ts';
import { SaferError } from '../../core/errors.ts';

export interface BriefFlags {
  area: string;
  month?: string;
  config?: string;
  format: string;
  edition: string;
  out: string;
  includeRestricted?: boolean;
}

const FORMATS = ['pdf', 'docx', 'html'] as const;
type Format = (typeof FORMATS)[number];

function parseFormats(text: string): Format[] {
  const wanted = [
    ...new Set(
      text
        .split(',')
        .map((f) => f.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (wanted.length === 0) throw new SaferError('--format needs at least one format', { value: text });
  for (const f of wanted)
    if (!(FORMATS as readonly string[]).includes(f))
      throw new SaferError(`--format: unknown format "${f}"`, {
        value: text,
        hint: `formats: ${FORMATS.join(', ')}, comma-separated (e.g. --format pdf,docx)`,
      });
  return wanted as Format[];
}

/** safer brief: the one-page monthly JAG brief (options in ../program.ts; docs/report.md, The monthly JAG brief). */
export async function run(flags: BriefFlags, db: string | undefined): Promise<void> {
  if (flags.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(flags.month))
    throw new SaferError('--month must be a month as YYYY-MM', { value: flags.month, hint: 'e.g. --month 2025-09' });
  if (flags.edition !== 'full' && flags.edition !== 'public')
    throw new SaferError('--edition must be full or public', { value: flags.edition });
  const edition = flags.edition;
  const formats = parseFormats(flags.format);
  const [
    { resolveDbPath },
    { openStoreWaiting },
    { assessRun },
    { loadConfig },
    { loadAnalystWords },
    pdf,
    { buildBrief },
    { briefFileName, renderBrief },
  ] = await Promise.all([
    import('../../store/db.ts'),
    import('../../store/open-wait.ts'),
    import('../../national/entry.ts'),
    import('../../assess/config.ts'),
    import('../../report/words.ts'),
    import('../../report/pdf.ts'),
    import('../../report/brief/build.ts'),
    import('../../report/brief/write.ts'),
  ]);
  const config = loadConfig(flags.config);
  const words = loadAnalystWords(flags.config);
  if (formats.includes('pdf')) pdf.chromiumPath();
  const path = resolveDbPath(db);
  existingStore(path);
  const store = await openStoreWaiting(path, { readOnly: true, onWait: (m) => process.stderr.write(`${m}\n`) });
  let brief;
  try {
    process.stderr.write(`Assessing ${flags.area}${flags.month ? ` for ${flags.month}` : ''}…\n`);
    const { set } = await assessRun(store, flags.area, null, {
      config,
      ...(flags.month ? { end: flags.month } : {}),
      includeRestricted: flags.includeRestricted === true && edition === 'full',
    });
    const a = set.assessments[0];
    if (!a)
      throw new SaferError(`${flags.area} cannot be assessed`, {
        value: flags.area,
        hint: set.notCovered.map((n) => `${n.name ?? n.code}: ${n.reason}`).join('; ') || 'name a district',
      });
    brief = buildBrief(a, { edition, words });
  } finally {
    store.close();
  }
  const out = resolve(flags.out);
  mkdirSync(out, { recursive: true });
  for (const format of formats) {
    const file = join(out, briefFileName(brief, format));
    writeFileSync(file, await renderBrief(brief, format));
    process.stdout.write(`${file}\n`);
  }
}
