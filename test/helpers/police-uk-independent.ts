import { readdirSync } from 'node:fs';
import { readPlainCsv as readCsv } from './plain-csv.ts';

/** Crimes per district per file month: one row per Crime ID in each file, a located copy preferred. */
export function independentCounts(
  dir: string,
  lsoaDistrict: Map<string, string>,
  months: Set<string>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('-street.csv.gz'))
    .sort()) {
    if (!months.has(name.slice(0, 7))) continue;
    const [header, ...rows] = readCsv(`${dir}/${name}`);
    const kept = keptCopies(header!, rows);
    const lsoa = header!.indexOf('LSOA code');
    const lsoaById = new Map([...kept].map(([k, r]) => [k, r[lsoa]!]));
    for (const code of lsoaById.values()) {
      const district = lsoaDistrict.get(code);
      if (district) out.set(district, (out.get(district) ?? 0) + 1);
    }
  }
  return out;
}

/**
 * The copy of each crime a street file keeps (docs/import-rules.md): one row per Crime ID, located
 * first, then with coordinates, then by content (crime type, LSOA, longitude, latitude, location,
 * outcome, context). Rows without a Crime ID (anti-social behaviour) are not crimes.
 */
export function keptCopies(header: string[], rows: string[][]): Map<string, string[]> {
  const col = (name: string) => header.indexOf(name);
  const [id, lsoa, lon] = [col('Crime ID'), col('LSOA code'), col('Longitude')];
  const key = (r: string[]) => [
    r[lsoa] === '' ? 1 : 0,
    r[lon] === '' ? 1 : 0,
    r[col('Crime type')]!,
    r[lsoa]!,
    Number(r[lon] || Infinity),
    Number(r[col('Latitude')] || Infinity),
    r[col('Location')]!,
    r[col('Last outcome category')]!,
    r[col('Context')] ?? '',
  ];
  const before = (a: string[], b: string[]) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
    return false;
  };
  const kept = new Map<string, string[]>();
  for (const row of rows) {
    const crimeId = row[id]!;
    if (crimeId === '') continue;
    const held = kept.get(crimeId);
    if (!held || before(row, held)) kept.set(crimeId, row);
  }
  return kept;
}
