import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SaferError } from '../../core/errors.ts';
import { FORMATS, slug, type Format } from '../../report/write.ts';

export { slug };

interface Flags {
  area: string;
  end?: string;
  config?: string;
  all?: boolean;
  format: string;
  edition: string;
  out: string;
  includeRestricted?: boolean;
}

export function parseFormats(text: string): Format[] {
  const wanted = text.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  if (wanted.length === 0) throw new SaferError('--format needs at least one format', { value: text, hint: `formats: ${FORMATS.join(', ')}` });
  for (const f of wanted) {
    if (!(FORMATS as readonly string[]).includes(f)) throw new SaferError(`--format: unknown format "${f}"`, { value: text, hint: `formats: ${FORMATS.join(', ')}, comma-separated (e.g. --format html,pdf)` });
  }
  return [...new Set(wanted)] as Format[];
}

export function register(program: Command): void {
  program
    .command('report')
    .description('The strategic assessment document of a district (HTML, Word, PDF), or of every district of a county with --all')
    .requiredOption('--area <code or name>', 'district, county, force or partnership (code or name)')
    .option('--end <YYYY-MM>', 'last month of the 12-month period (default: the latest month loaded)')
    .option('--config <dir>', "the partnership's config folder: assessment settings and the analysts' words (report.yaml, commentary/*.md; see docs/report.md)")
    .option('--all', 'one document per district of the area (or of the district\'s county) and a county summary')
    .option('--format <list>', `formats, comma-separated: ${FORMATS.join(', ')}`, 'html')
    .option('--edition <edition>', 'full (partners) or public (small numbers suppressed, sensitive parts left out)', 'full')
    .requiredOption('--out <dir>', 'folder to write the documents into')
    .option('--include-restricted', 'include partner indicators from imports marked restricted (full edition only)')
    .action(async (flags: Flags, command: Command) => {
      if (flags.end !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(flags.end)) {
        throw new SaferError('--end must be a month as YYYY-MM', { value: flags.end, hint: 'e.g. --end 2025-09' });
      }
      if (flags.edition !== 'full' && flags.edition !== 'public') throw new SaferError('--edition must be full or public', { value: flags.edition });
      const edition = flags.edition;
      const formats = parseFormats(flags.format);
      const [{ Store, resolveDbPath }, { assessArea }, { loadConfig }, { loadAnalystWords }, { writeReports }, pdf] = await Promise.all([
        import('../../store/db.ts'),
        import('../../assess/engine.ts'),
        import('../../assess/config.ts'),
        import('../../report/words.ts'),
        import('../../report/write.ts'),
        import('../../report/pdf.ts'),
      ]);
      const config = loadConfig(flags.config);
      const words = loadAnalystWords(flags.config);
      // fail before the slow part when Chromium is missing
      if (formats.includes('pdf')) pdf.chromiumPath();
      const path = resolveDbPath(command.optsWithGlobals<{ db?: string }>().db);
      if (!existsSync(path)) throw new SaferError('No store here yet', { file: path, hint: 'Import something first (safer import PATH) or run safer demo, or point --db / SAFER_DB at your store.' });
      const out = resolve(flags.out);
      const say = (text: string) => process.stderr.write(`${text}\n`);
      const store = await Store.open(path, { readOnly: true });
      try {
        say(`Assessing ${flags.area}${flags.all ? ' (every district)' : ''}…`);
        const set = await assessArea(store, flags.area, flags.all === true, {
          config,
          ...(flags.end ? { end: flags.end } : {}),
          includeRestricted: flags.includeRestricted === true && edition === 'full',
        });
        const written = await writeReports(store, set, { formats, edition, words, out, summary: flags.all === true, say, configDir: flags.config ? resolve(flags.config) : null });
        for (const file of written) process.stdout.write(`${file.path}\n`);
        for (const n of set.notCovered) say(`not assessed: ${n.name ?? n.code} (${n.code}): ${n.reason}`);
      } finally {
        store.close();
      }
    });
}
