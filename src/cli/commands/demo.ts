import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import pc from 'picocolors';
import { importPaths } from '../../ingest/import.ts';
import { Store } from '../../store/db.ts';
import { readStatus } from '../../store/status.ts';
import { DEFAULT_OPTIONS, synthesize } from '../../synth/index.ts';
import { terminalProgress } from '../progress.ts';
import { formatStatus } from './status.ts';
import { formatAssessment } from './assess.ts';
import { assessArea } from '../../assess/engine.ts';
import { loadConfig } from '../../assess/config.ts';
import { writeReports } from '../../report/write.ts';
import { assessmentWardBoundaries } from '../../assess/boundaries.ts';
import type { Assessment } from '../../assess/schema.ts';
import { noWords } from '../../report/words.ts';
import { chromiumAvailable } from '../../report/pdf.ts';
import { printJson, wantsJson } from '../output.ts';

export interface DemoFlags {
  out: string;
  seed: string;
  json?: boolean;
}

/** safer demo: the command's options are in ../program.ts. */
/** The demo's documents: the full edition, no analysts' words, the wards' maps from the store. */
function demoReportOptions(store: Store, out: string) {
  return {
    boundaries: (a: Assessment) => assessmentWardBoundaries(store, a),
    edition: 'full' as const,
    words: noWords(),
    out,
  };
}

export async function run(flags: DemoFlags): Promise<void> {
  const out = resolve(flags.out);
  const started = Date.now();
  const progress = terminalProgress();
  const say = (text: string) => process.stderr.write(`${text}\n`);

  say(pc.bold('1/5 Generating the synthetic county'));
  const { manifest } = synthesize({ ...DEFAULT_OPTIONS, seed: Number(flags.seed), out: join(out, 'county') });
  say(
    `    ${manifest.county.name}: ${manifest.county.districts.length} districts, ${manifest.window.first}..${manifest.window.last}, ${manifest.import_order.length} files`,
  );

  say(pc.bold('2/5 Importing every file through `safer import`'));
  const dbPath = join(out, 'safer.duckdb');
  for (const stale of [dbPath, `${dbPath}.wal`]) if (existsSync(stale)) rmSync(stale);
  const store = await Store.open(dbPath);
  try {
    progress.start('Importing', manifest.import_order.length);
    let rows = 0;
    for (const [i, file] of manifest.import_order.entries()) {
      progress.update(i, `Importing ${file.split('/').pop()}`);
      const results = await importPaths(store, [join(out, 'county', file)]);
      rows += results.reduce((s, r) => s + r.rowsLoaded, 0);
    }
    progress.update(manifest.import_order.length, 'Imported');
    progress.stop();
    say(`    ${rows.toLocaleString('en-GB')} rows from ${manifest.import_order.length} files`);

    say(pc.bold('3/5 What is loaded'));
    const status = await readStatus(store);
    say(pc.bold(`4/5 The strategic assessment of ${manifest.focus_district.name}`));
    const set = await assessArea(store, manifest.focus_district.code, false, { config: loadConfig() });
    const assessment = set.assessments[0]!;
    const assessmentFile = join(out, `assessment-${assessment.area.code}.json`);
    writeFileSync(assessmentFile, `${JSON.stringify(assessment, null, 2)}\n`);
    say(pc.bold('5/5 The strategic assessment document: HTML, Word and PDF'));
    const pdfReady = chromiumAvailable();
    if (!pdfReady)
      say(
        pc.yellow(
          '    no Chromium here, so no PDF: install it with `apt-get install chromium` (HTML and Word are written)',
        ),
      );
    const reports = await writeReports(set, {
      ...demoReportOptions(store, join(out, 'reports')),
      formats: pdfReady ? ['html', 'docx', 'pdf'] : ['html', 'docx'],
    });
    const seconds = (Date.now() - started) / 1000;
    if (wantsJson(flags.json)) {
      printJson({
        seconds,
        store: dbPath,
        data: join(out, 'county'),
        focusDistrict: manifest.focus_district,
        status,
        assessment: assessmentFile,
        reports: reports.map((r) => r.path),
      });
      return;
    }
    process.stdout.write(formatStatus(status));
    process.stdout.write(`\n${formatAssessment(assessment)}`);
    const rel = (p: string) => relative(process.cwd(), p) || '.';
    process.stdout.write(
      [
        '',
        pc.bold(`Demo ready in ${seconds.toFixed(1)} s`),
        `  synthetic county files   ${rel(join(out, 'county'))}/ (manifest.json, ground-truth.json)`,
        `  store                    ${rel(dbPath)}`,
        `  focus district           ${manifest.focus_district.name} (${manifest.focus_district.code})`,
        `  assessment (JSON)        ${rel(assessmentFile)}`,
        ...reports.map((r) =>
          r.format === 'checklist'
            ? `  checklist (analysts)     ${rel(r.path)}`
            : `  report (${r.format.padEnd(4)})            ${rel(r.path)}`,
        ),
        `  next                     npx safer --db ${rel(dbPath)} assess --area "${manifest.focus_district.name}"`,
        '',
      ].join('\n'),
    );
  } finally {
    progress.stop();
    store.close();
  }
}
