/**
 * npm run bench:report — one district's strategic assessment document from an imported store
 * (the synthetic county, generated and imported first): HTML and Word together, and PDF (Chromium
 * started for it), each including the Assessment. Baseline, measured in the same run: the
 * Assessment alone (what every format needs before writing a word).
 * Targets: HTML + Word < 3 s; PDF < 10 s. Best of 3 runs each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/store/db.ts';
import { best, resultLine } from './timing.ts';
import { importPaths } from '../src/ingest/import.ts';
import { synthesize, DEFAULT_OPTIONS } from '../src/synth/index.ts';
import { assessArea } from '../src/assess/engine.ts';
import { loadConfig } from '../src/assess/config.ts';
import { writeReports } from '../src/report/write.ts';
import { assessmentWardBoundaries } from '../src/assess/boundaries.ts';
import { noWords } from '../src/report/words.ts';
import { chromiumAvailable } from '../src/report/pdf.ts';

function line(label: string, seconds: number, base: number, target: number): void {
  process.stdout.write(resultLine(label, seconds, base, target));
}

const tmp = mkdtempSync(join(tmpdir(), 'safer-bench-report-'));
try {
  process.stdout.write('Generating and importing the synthetic county (about 40 s) …\n');
  const { manifest } = synthesize({ ...DEFAULT_OPTIONS, out: join(tmp, 'county') });
  const store = await Store.open(join(tmp, 'synth.duckdb'));
  for (const file of manifest.import_order) await importPaths(store, [join(tmp, 'county', file)]);
  const config = loadConfig();
  const focus = manifest.focus_district.code;
  const assess = () => assessArea(store, focus, false, { config });
  await assess();
  const base = await best(3, assess);
  const out = join(tmp, 'out');
  const htmlWord = await best(3, async () =>
    writeReports(await assess(), {
      boundaries: (a) => assessmentWardBoundaries(store, a),
      formats: ['html', 'docx'],
      edition: 'full',
      words: noWords(),
      out,
    }),
  );
  line(`HTML + Word (${manifest.focus_district.name})`, htmlWord, base, 3);
  if (chromiumAvailable()) {
    const pdf = await best(3, async () =>
      writeReports(await assess(), {
        boundaries: (a) => assessmentWardBoundaries(store, a),
        formats: ['pdf'],
        edition: 'full',
        words: noWords(),
        out,
      }),
    );
    line('PDF (Chromium started each run)', pdf, base, 10);
  } else {
    process.stdout.write('(PDF skipped: no Chromium; apt-get install chromium)\n');
  }
  store.close();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
