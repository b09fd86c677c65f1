import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const STREET_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

export function tempDir(prefix = 'safer-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A street row; fields not given take plausible Hertfordshire values. */
export function streetRow(
  p: Partial<Record<'id' | 'month' | 'force' | 'lon' | 'lat' | 'lsoa' | 'type' | 'outcome', string>> = {},
): string {
  const force = p.force ?? 'Hertfordshire Constabulary';
  const type = p.type ?? 'Burglary';
  const id = p.id ?? (type === 'Anti-social behaviour' ? '' : `id${Math.random().toString(16).slice(2)}`);
  const lsoa = p.lsoa ?? 'E01023680';
  const located = lsoa !== '';
  return [
    id,
    p.month ?? '2021-01',
    force,
    force,
    located ? (p.lon ?? '-0.470000') : '',
    located ? (p.lat ?? '51.750000') : '',
    located ? 'On or near High Street' : 'No location',
    lsoa,
    located ? 'Dacorum 001A' : '',
    type,
    type === 'Anti-social behaviour' ? '' : (p.outcome ?? 'Under investigation'),
    '',
  ].join(',');
}

export function writeStreetFile(
  dir: string,
  name: string,
  rows: string[],
  options: { gzip?: boolean; crlf?: boolean } = {},
): string {
  const eol = options.crlf ? '\r\n' : '\n';
  const text = [STREET_HEADER, ...rows].join(eol) + eol;
  const path = join(dir, options.gzip ? `${name}.gz` : name);
  writeFileSync(path, options.gzip ? gzipSync(text) : text);
  return path;
}
