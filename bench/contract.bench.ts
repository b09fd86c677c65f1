/**
 * npm run bench:contract — what checking an Assessment against the contract costs: parsing the
 * document with the zod schema (`parseAssessment`), against `JSON.parse` of the same text in the
 * same run. CPU milliseconds (process.cpuUsage), median of 15 runs after 3 warm-up runs.
 *
 *   npm run bench:contract                        # the report fixture (South Thornden, ~0.9 MB)
 *   npm run bench:contract -- /tmp/assessment.json  # any Assessment or AssessmentSet (`safer assess --json`)
 */
import { readFileSync } from 'node:fs';
import { parseAssessment, parseAssessmentSet } from '../src/assess/contract/parse.ts';

const path =
  process.argv[2] ?? new URL('../test/report/fixtures/south-thornden.assessment.json', import.meta.url).pathname;
const text = readFileSync(path, 'utf8');
const value = JSON.parse(text) as Record<string, unknown>;
const check = 'assessments' in value ? () => parseAssessmentSet(value, path) : () => parseAssessment(value, path);

function cpuMs(work: () => unknown): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function median(work: () => unknown, runs = 15, warm = 3): number {
  for (let i = 0; i < warm; i++) work();
  const times = Array.from({ length: runs }, () => cpuMs(work)).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

const parsed = median(check);
const baseline = median(() => JSON.parse(text));
process.stdout.write(
  `${path} (${(text.length / 1e6).toFixed(1)} MB)\n` +
    `contract check  ${parsed.toFixed(1).padStart(7)} CPU-ms (median of 15)\n` +
    `JSON.parse      ${baseline.toFixed(1).padStart(7)} CPU-ms (same run)   ratio ${(parsed / baseline).toFixed(2)}×\n`,
);
