/**
 * The monitoring's proof on the synthetic county (seed 7, the demo's county, through the real
 * import path): every injected event is found in the month it happens, and the signals on series
 * the generator left alone stay within the design's expected number of false signals.
 *
 * Figures (seed 7, recorded 2026-12-03): 10 districts assessed to September 2025 and the focus
 * district to December 2024 and May 2025 monitor about 3,900 series; the design expects about 23
 * false signals over those 12 district-months and the series without an injected event give about
 * as many (this test prints both). The old CUSUM (k 0.5, h 5 on every series) gave 404 signals for
 * the ten districts in September 2025 alone.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generate, groundTruthEvent } from '../synth/small-county.ts';
import { DEFAULT_OPTIONS } from '../../src/synth/index.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { Store } from '../../src/store/db.ts';
import { assessArea } from '../../src/assess/engine.ts';
import { loadConfig } from '../../src/assess/config.ts';
import { addMonths } from '../../src/core/periods/index.ts';
import { poissonQuantile } from '../../src/core/stats/index.ts';
import type { Assessment, EmergingSignal } from '../../src/assess/schema.ts';

const result = generate({ ...DEFAULT_OPTIONS, seed: 7 });
const focus = result.manifest.focus_district.code;
const config = loadConfig();
let store: Store | undefined;
const cache = new Map<string, Assessment[]>();
after(() => store?.close());

async function assess(end: string, all: boolean): Promise<Assessment[]> {
  const key = `${end}|${all}`;
  if (!cache.has(key)) {
    if (!store) {
      store = await Store.open(':memory:');
      for (const file of result.manifest.import_order) await importPaths(store, [join(result.root, file)]);
    }
    cache.set(
      key,
      (await assessArea(store, focus, all, { config, end, now: new Date('2026-01-01T00:00:00Z') })).assessments,
    );
  }
  return cache.get(key)!;
}

interface Event {
  id: string;
  months: string[];
  codes: string[];
  district: string;
  wards: string[] | null;
}

function events(): Event[] {
  return ['burglary-series', 'drugs-operation', 'emerging-rise'].map((id) => {
    const e = groundTruthEvent(result, id) as unknown as {
      months: string[];
      offence_codes: string[];
      district: string;
      area: { level: string; code?: string; wards?: { code: string }[] };
    };
    const wards = e.area.level === 'ward' ? (e.area.wards ? e.area.wards.map((w) => w.code) : [e.area.code!]) : null;
    return { id, months: e.months, codes: e.offence_codes, district: e.district, wards };
  });
}

/** The series an event touches: a measure counting any of its offences, in its district or one of its wards, monitored over months that include the event's. */
function touched(
  s: { measure: string; area: { code: string; level: string } },
  district: string,
  end: string,
): boolean {
  const measure = config.catalogue.get(s.measure)!;
  const window = [addMonths(end, -11), end];
  return events().some((e) => {
    if (e.district !== district || !e.months.some((m) => m >= window[0]! && m <= window[1]!)) return false;
    const codes = measure.filters.offenceCodes;
    const counts = codes === undefined || codes.some((c) => e.codes.includes(c));
    const where = s.area.level === 'district' || (e.wards?.includes(s.area.code) ?? false) || e.wards === null;
    return counts && where;
  });
}

const ENDS: [string, boolean][] = [
  ['2025-09', true],
  ['2024-12', false],
  ['2025-05', false],
];

test('every injected event is found: the burglary series, the drugs operation (both wards) and the emerging rise', async () => {
  const [burglary, drugs, rise] = events();
  const alarmed = (a: Assessment, measures: string[], area: string, months: string[]) =>
    a.monitoring!.checks.some(
      (c) =>
        measures.includes(c.measure) &&
        c.area.code === area &&
        c.cusum.alarms.some((x) => x.direction === 'increase' && months.includes(x.month)),
    );
  const dec = (await assess(burglary!.months.at(-1)!, false))[0]!;
  assert.ok(alarmed(dec, ['dwelling-burglary', 'burglary'], burglary!.wards![0]!, burglary!.months), 'burglary series');
  const may = (await assess(drugs!.months.at(-1)!, false))[0]!;
  for (const ward of drugs!.wards!)
    assert.ok(
      alarmed(may, ['drugs', 'drug-possession', 'drug-trafficking'], ward, drugs!.months),
      `drugs operation in ${ward}`,
    );
  const sep = (await assess(rise!.months.at(-1)!, true)).find((a) => a.area.code === focus)!;
  const signal = sep.monitoring!.signals.find(
    (s: EmergingSignal) =>
      s.area.level === 'district' &&
      s.direction === 'increase' &&
      config.catalogue.get(s.measure)!.filters.offenceCodes?.includes(rise!.codes[0]!),
  );
  assert.ok(signal, JSON.stringify(sep.monitoring!.signals.map((s) => s.explanation)));
  assert.ok(signal.since >= addMonths(rise!.months[0]!, -2), signal.since);
  assert.ok(
    sep.emergingIssues.some((e) => e.measure === signal.measure && e.area.level === 'district'),
    'on the JAG list',
  );
});

test('signals on series without an injected event stay within the design false-alarm rate', async () => {
  let expected = 0;
  let observed = 0;
  let monitored = 0;
  for (const [end, all] of ENDS) {
    for (const a of await assess(end, all)) {
      const m = a.monitoring!;
      monitored += m.series.monitored;
      expected += m.expectedFalseAlarms;
      observed += m.signals.filter((s) => !touched(s, a.area.code, end)).length;
      for (const s of m.signals)
        assert.ok(
          s.direction === 'increase' ? s.latest.count > s.latest.expected : s.latest.count < s.latest.expected,
          `direction honest: ${s.explanation}`,
        );
    }
  }
  // the design's expected number of false signals; observed within its one-sided 99% Poisson bound
  const bound = poissonQuantile(0.99, expected);
  console.log(
    `monitoring proof (seed 7): ${monitored} series monitored over ${ENDS.length} ends, ${observed} signals on series without an injected event, ${expected.toFixed(1)} expected by design (99% bound ${bound})`,
  );
  assert.ok(expected > 5 && expected < 40, `design ${expected}`);
  assert.ok(observed <= bound, `${observed} false signals against ${expected.toFixed(1)} expected`);
});
