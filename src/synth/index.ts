import { resolve } from 'node:path';
import { SaferError } from '../core/errors.ts';
import { Rng } from './rng.ts';
import { monthKey, parseMonth, yearOf } from './calendar.ts';
import { buildCounty } from './geography.ts';
import { buildPopulation } from './population.ts';
import { TimeModel } from './profiles.ts';
import { Intensity } from './intensity.ts';
import { planEvents } from './events.ts';
import type { SourceNames, SynthContext } from './context.ts';
import { generateCrimes } from './crimes.ts';
import { generateIncidents } from './incidents.ts';
import { generateFires } from './fires.ts';
import { generateCollisions } from './collisions.ts';
import { generateReturns, TREATMENT_COLUMNS } from './returns.ts';
import { buildComparatorFiles, buildCsps, COMPARATOR_HEADER } from './comparators.ts';
import { DEFAULT_OPTIONS, type SynthOptions } from './options.ts';
import { csvLine } from '../core/csv.ts';
import { beatLookupCsv, boundariesGeoJson, geographyLookupCsv, populationCsv } from './reference.ts';
import { collisionMapping, crimeMapping, fireMapping, incidentMapping } from './mappings.ts';
import { buildGroundTruth } from './ground-truth.ts';
import { forceSlug, generateStopSearch, STOP_SEARCH_HEADER } from './stop-search.ts';
import { OutputWriter, csvRows, type OutputFile } from './write.ts';
import { writeXlsx } from './xlsx.ts';
import type { ImportKind } from '../ingest/types.ts';

export { DEFAULT_OPTIONS, type SynthOptions };

/** Reference data first (records and comparators are checked against the areas it defines). */
const IMPORT_RANK: readonly ImportKind[] = [
  'ons-lookup',
  'boundaries',
  'population',
  'peer-groups',
  'records',
  'police-uk-stop-search',
  'indicators',
  'comparator',
];

/** A fixed timestamp for workbook properties, so files do not depend on when they were made. */
const WORKBOOK_TIMESTAMP = '2025-01-01T00:00:00Z';

export interface Manifest {
  generator: string;
  format: number;
  seed: number;
  options: Omit<SynthOptions, 'out'>;
  county: {
    code: string;
    name: string;
    districts: { code: string; name: string; csp_code: string; beat_letter: string }[];
  };
  focus_district: { code: string; name: string; csp_code: string };
  window: { first: string; last: string };
  /** Data files (relative paths) in the order to import them: reference data first. */
  import_order: string[];
  files: OutputFile[];
  totals: Record<string, number>;
}

export function checkOptions(options: SynthOptions): void {
  const fail = (name: string, value: unknown, hint: string): never => {
    throw new SaferError(`Invalid --${name}`, { column: name, value: String(value), hint });
  };
  if (!Number.isSafeInteger(options.seed) || options.seed < 0)
    fail('seed', options.seed, 'Give a whole number from 0, e.g. --seed 42.');
  if (!Number.isInteger(options.years) || options.years < 1 || options.years > 10)
    fail('years', options.years, 'Give 1 to 10 years.');
  if (
    !/^\d{4}-(0[1-9]|1[0-2])$/.test(options.end) ||
    parseMonth(options.end) < parseMonth('2012-01') ||
    parseMonth(options.end) > parseMonth('2099-12')
  ) {
    fail('end', options.end, 'Give the last month as YYYY-MM, e.g. 2025-09.');
  }
  if (!Number.isInteger(options.districts) || options.districts < 2 || options.districts > 12)
    fail('districts', options.districts, 'Give 2 to 12 districts (8–12 make a realistic county).');
  if (!(options.scale >= 0.05 && options.scale <= 2))
    fail('scale', options.scale, 'Give a population scale from 0.05 to 2.');
  if (
    !Number.isInteger(options.comparators) ||
    options.comparators < options.districts + 15 ||
    options.comparators > 1000
  ) {
    fail(
      'comparators',
      options.comparators,
      `Give ${options.districts + 15} to 1,000 partnerships (a most similar group needs 15).`,
    );
  }
}

export interface SynthResult {
  /** Seconds spent in each step (not written anywhere: they differ from run to run). */
  timings: Record<string, number>;
  manifest: Manifest;
  groundTruth: Record<string, unknown>;
  root: string;
}

/** Generates the county and writes every file; the same options always give the same bytes. */
export function synthesize(options: SynthOptions): SynthResult {
  checkOptions(options);
  const timings: Record<string, number> = {};
  let clock = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round(now - clock) / 1000;
    clock = now;
  };
  const root = resolve(options.out);
  const writer = new OutputWriter(root);
  writer.prepare();

  const rng = Rng.seeded(options.seed);
  const last = parseMonth(options.end);
  const first = last - options.years * 12 + 1;
  const county = buildCounty(rng.fork('geography'), { districts: options.districts, scale: options.scale });
  const years: number[] = [];
  for (let y = yearOf(first); y <= yearOf(last); y++) years.push(y);
  const population = buildPopulation(rng.fork('population'), county, years);
  const time = new TimeModel(first, last - first + 1);
  const intensity = new Intensity(rng.fork('intensity'), county, population, first, last);
  const slug = county.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const sources: SourceNames = {
    crimes: `${slug}-police-crimes`,
    incidents: `${slug}-police-incidents`,
    fires: `${slug}-fire-incidents`,
    collisions: `${slug}-road-collisions`,
    peerGroups: 'Home Office MSG (synthetic)',
  };
  const plan = planEvents(
    rng.fork('events'),
    county,
    first,
    last,
    sources.fires,
    TimeModel.special('asb', 'halloween'),
  );
  const ctx: SynthContext = { rng, county, population, time, intensity, plan, first, last, sources };
  lap('model');

  // Reference data.
  const ref = 'data/1-reference';
  writer.write(
    `${ref}/geography-lookup-lsoa21-wd25-lad25.csv`,
    geographyLookupCsv(county),
    'ons-lookup',
    'LSOA → ward → district → CSP → county, fire and police force area, with LSOA centroids',
    county.lsoas.length,
  );
  writer.write(
    `${ref}/beats-lookup.csv`,
    beatLookupCsv(county),
    'ons-lookup',
    "The force's beats (ward → beat → district)",
    county.wards.length,
  );
  writer.write(
    `${ref}/boundaries-lad25.geojson`,
    boundariesGeoJson(county, 'district'),
    'boundaries',
    'District boundaries',
    county.districts.length,
  );
  writer.write(
    `${ref}/boundaries-wd25.geojson`,
    boundariesGeoJson(county, 'ward'),
    'boundaries',
    'Ward boundaries',
    county.wards.length,
  );
  writer.write(
    `${ref}/boundaries-lsoa21.geojson`,
    boundariesGeoJson(county, 'lsoa'),
    'boundaries',
    'LSOA boundaries',
    county.lsoas.length,
  );
  years.forEach((y, k) => {
    const text = populationCsv(county, population, k);
    writer.write(
      `${ref}/population-mid${y}.csv`,
      text,
      'population',
      `Mid-${y} population and households (LSOA, ward, district, county)`,
      csvRows(text),
    );
  });

  const police = 'data/3-police';
  writer.write(
    `${police}/crimes/mapping.yaml`,
    crimeMapping(sources, county.force.name),
    'mapping',
    'Mapping of the crime extract',
  );
  lap('reference');
  const crimes = generateCrimes(ctx, (year, header) =>
    writer.lines(
      `${police}/crimes/crimes-${year}.csv`,
      'records',
      `Recorded crimes committed in ${year} (record level, Home Office offence codes)`,
      header,
    ),
  );
  lap('crimes');
  writer.write(
    `${police}/incidents/mapping.yaml`,
    incidentMapping(sources, county.force.name),
    'mapping',
    'Mapping of the incident workbooks',
  );
  const incidents = generateIncidents(ctx, (year, book, rows) => {
    const buffer = book.toBuffer({
      title: `${county.force.name} incidents ${year}`,
      creator: county.force.name,
      timestamp: WORKBOOK_TIMESTAMP,
    });
    writer.write(
      `${police}/incidents/incidents-${year}.xlsx`,
      buffer,
      'records',
      `Police incidents in ${year} (ASB with its class, public safety, transport)`,
      rows,
    );
  });
  lap('incidents');
  const forceFile = forceSlug(county.force.name);
  const stopSearch = generateStopSearch(ctx, (month) => {
    const file = writer.lines(
      `${police}/stop-and-search/${month}-${forceFile}-stop-and-search.csv`,
      'police-uk-stop-search',
      `Stop and search in ${month} (data.police.uk format)`,
      csvLine(STOP_SEARCH_HEADER),
    );
    return { push: (line: string) => file.push(line), end: () => void file.end() };
  });
  lap('stop and search');
  const fires = generateFires(ctx);
  const collisions = generateCollisions(ctx, '99');
  const returns = generateReturns(ctx);
  lap('fires, collisions, returns');
  const csps = buildCsps(ctx, options.comparators);
  const national = 'data/2-national';
  const counts = writer.lines(
    `${national}/comparator-counts.csv`,
    'comparator',
    'Monthly recorded crime by type and offence code, and ASB, for every partnership (zero counts left out)',
    csvLine(COMPARATOR_HEADER),
  );
  const comparators = buildComparatorFiles(ctx, csps, crimes.tally, incidents.byWard, sources.peerGroups, counts);
  counts.end();
  lap('comparators');

  writer.write(
    `${national}/csp-lookup-csp25-pfa25.csv`,
    comparators.lookupCsv,
    'ons-lookup',
    'The other partnerships of the national comparator set and their police forces',
    csps.length - county.districts.length,
  );
  writer.write(
    `${national}/csp-population.csv`,
    comparators.populationCsv,
    'population',
    'Mid-year population and households of every partnership in the comparator set',
    csvRows(comparators.populationCsv),
  );
  writer.write(
    `${national}/most-similar-groups.csv`,
    comparators.peersCsv,
    'peer-groups',
    'Most similar group of 15 for each district (the district first)',
    csvRows(comparators.peersCsv),
  );

  const partners = 'data/4-partners';
  const fireFile = `${partners}/fire/fire-incidents.csv`;
  writer.write(
    `${partners}/fire/fire-incidents.mapping.yaml`,
    fireMapping(sources, county.fire.name),
    'mapping',
    'Mapping of the fire extract',
  );
  writer.write(
    fireFile,
    fires.csv,
    'records',
    `Fires attended (one month missing: ${monthKey(plan.recordingGap.month)})`,
    fires.rows,
  );
  writer.write(
    `${partners}/collisions/road-collisions.mapping.yaml`,
    collisionMapping(sources),
    'mapping',
    'Mapping of the collision file',
  );
  writer.write(
    `${partners}/collisions/road-collisions.csv`,
    collisions.csv,
    'records',
    'Personal-injury road traffic collisions (STATS19 layout)',
    collisions.rows,
  );
  writer.write(
    `${partners}/returns/partner-indicators.csv`,
    returns.csv,
    'indicators',
    'Offender management, youth offending and probation returns by district and quarter',
    csvRows(returns.csv),
  );
  const treatment = writeXlsx([{ name: 'Treatment', columns: TREATMENT_COLUMNS, rows: returns.treatmentRows }], {
    title: 'Drug treatment returns',
    creator: 'Public Health',
    timestamp: WORKBOOK_TIMESTAMP,
  });
  writer.write(
    `${partners}/returns/drug-treatment-returns.xlsx`,
    treatment,
    'indicators',
    'Drug treatment numbers, retention and exits by district and quarter',
    returns.treatmentRows.length,
  );

  const groundTruth = {
    ...buildGroundTruth(ctx, crimes, incidents, fires, fireFile),
    stop_and_search: {
      by_district_month_object: stopSearch.byDistrict,
      without_location_by_month: stopSearch.unlocated,
    },
    seed: options.seed,
  };
  const focus = county.districts[plan.focus]!;
  const rest: Omit<SynthOptions, 'out'> = {
    seed: options.seed,
    years: options.years,
    end: options.end,
    districts: options.districts,
    scale: options.scale,
    comparators: options.comparators,
  };
  const dataFiles = writer.files
    .filter((f) => f.kind !== null && f.kind !== 'mapping')
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) => IMPORT_RANK.indexOf(a.f.kind as ImportKind) - IMPORT_RANK.indexOf(b.f.kind as ImportKind) || a.i - b.i,
    )
    .map(({ f }) => f);
  const manifest: Manifest = {
    generator: 'safer synth',
    format: 1,
    seed: options.seed,
    options: rest,
    county: {
      code: county.code,
      name: county.name,
      districts: county.districts.map((d) => ({
        code: d.code,
        name: d.name,
        csp_code: d.cspCode,
        beat_letter: d.letter,
      })),
    },
    focus_district: { code: focus.code, name: focus.name, csp_code: focus.cspCode },
    window: { first: monthKey(first), last: monthKey(last) },
    import_order: dataFiles.map((f) => f.path),
    files: [],
    totals: {
      lsoas: county.lsoas.length,
      wards: county.wards.length,
      districts: county.districts.length,
      population: population.population[population.years.length - 1]!.reduce((a, b) => a + b, 0),
      crimes: crimes.rows,
      incidents: incidents.count,
      fires: fires.rows,
      collisions: collisions.rows,
      stop_searches: stopSearch.rows,
      indicator_values: returns.rows,
      comparator_rows: comparators.countRows,
      comparator_partnerships: csps.length,
    },
  };
  writer.write(
    'ground-truth.json',
    `${JSON.stringify(groundTruth, null, 2)}\n`,
    null,
    'Injected events and the counts generated',
  );
  manifest.files = [...writer.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  writer.write('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, null, 'This manifest');
  lap('partner files, manifest');
  return { timings, manifest, groundTruth, root };
}
