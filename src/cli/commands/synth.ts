import pc from 'picocolors';
import { SaferError } from '../../core/errors.ts';
import { DEFAULT_OPTIONS, synthesize, type SynthOptions } from '../../synth/index.ts';
import { printJson, renderTable, wantsJson } from '../output.ts';

export interface SynthFlags {
  seed: string;
  out: string;
  years: string;
  end: string;
  districts: string;
  scale: string;
  json?: boolean;
}

/** safer synth: the command's options are in ../program.ts. */
export function run(flags: SynthFlags): void {
  const options: SynthOptions = {
    ...DEFAULT_OPTIONS,
    seed: whole(flags.seed, 'seed'),
    out: flags.out,
    years: whole(flags.years, 'years'),
    end: flags.end,
    districts: whole(flags.districts, 'districts'),
    scale: number(flags.scale, 'scale'),
  };
  const json = wantsJson(flags.json);
  if (!json && process.stderr.isTTY) process.stderr.write(pc.dim('Generating the county…\n'));
  const started = performance.now();
  const result = synthesize(options);
  const seconds = Math.round(performance.now() - started) / 1000;
  if (json) {
    printJson(result.manifest);
    return;
  }
  const m = result.manifest;
  process.stdout.write(
    `${pc.bold(m.county.name)}: ${m.county.districts.length} districts, ${m.totals.wards} wards, ${m.totals.lsoas} LSOAs, ` +
      `${m.totals.population!.toLocaleString('en-GB')} residents; ${m.window.first} to ${m.window.last}\n` +
      `Focus district (the injected events): ${m.focus_district.name} (${m.focus_district.code})\n\n`,
  );
  process.stdout.write(
    `${renderTable(
      ['file', 'kind', 'rows', 'MB'],
      m.files.map((f) => [f.path, f.kind ?? '', f.rows ?? '', Math.round(f.bytes / 10_000) / 100]),
    )}\n`,
  );
  process.stdout.write(
    `\nWrote ${m.files.length + 1} files to ${result.root} in ${seconds} s.\nImport: safer import ${join(flags.out, 'data')}\n`,
  );
}

function join(dir: string, name: string): string {
  return `${dir.replace(/[/\\]+$/, '')}/${name}`;
}

function whole(text: string, name: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) {
    throw new SaferError(`--${name} must be a whole number`, {
      value: text,
      hint: `e.g. --${name} ${String(DEFAULT_OPTIONS[name as keyof typeof DEFAULT_OPTIONS])}`,
    });
  }
  return n;
}

function number(text: string, name: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n))
    throw new SaferError(`--${name} must be a number`, { value: text, hint: `e.g. --${name} 0.5` });
  return n;
}
