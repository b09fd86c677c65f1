import { normaliseHeader } from '../csv-header.ts';
import { isUnknownCodeHeader, LEVEL_RANK, parseAreaHeader, UNDATED_VINTAGE, type AreaLevel } from './geography.ts';

/** One recognised code column of a lookup file. */
export interface CodeColumn {
  index: number;
  header: string;
  level: AreaLevel;
  vintage: string;
  /** The matching name column (`LSOA11NM` for `LSOA11CD`), if any. */
  nameIndex: number | null;
}

/** What a lookup file's header says, before its rows are read. */
export interface LookupHeader {
  codes: CodeColumn[];
  latitude: number | null;
  longitude: number | null;
  /** ONS boundary-change indicator (`CHGIND`: U, S, M, X). */
  change: number | null;
  /** Code columns of levels Safer does not use (`CAUTHCD`, `EWCD`…), for the notes. */
  ignored: string[];
}

export function readLookupHeader(headers: readonly string[]): LookupHeader {
  const names = new Map<string, number>();
  headers.forEach((h, i) => {
    const parsed = parseAreaHeader(h);
    if (parsed?.kind === 'name') names.set(stem(h), i);
  });
  const codes: CodeColumn[] = [];
  headers.forEach((h, i) => {
    const parsed = parseAreaHeader(h);
    if (parsed?.kind !== 'code') return;
    codes.push({
      index: i,
      header: h.trim(),
      level: parsed.level,
      vintage: parsed.vintage,
      nameIndex: names.get(stem(h)) ?? null,
    });
  });
  const find = (...candidates: string[]) => {
    const i = headers.findIndex((h) => candidates.includes(normaliseHeader(h)));
    return i >= 0 ? i : null;
  };
  return {
    codes,
    latitude: find('latitude', 'lat'),
    longitude: find('longitude', 'long', 'lon'),
    change: find('chgind'),
    ignored: headers.filter(isUnknownCodeHeader).map((h) => h.trim()),
  };
}

/** `LSOA11CD` and `LSOA11NM` share the stem `LSOA11`. */
function stem(header: string): string {
  return header.trim().slice(0, -2).toUpperCase();
}

/** How a lookup's columns become areas, parents and crosswalks (once duplicate columns are dropped). */
export interface LookupPlan {
  columns: CodeColumn[];
  /** The column whose codes are the children of every coarser level. */
  child: CodeColumn;
  parents: CodeColumn[];
  /** Pairs of columns of one level at two vintages, older first. */
  crosswalks: { from: CodeColumn; to: CodeColumn }[];
  batch: string;
}

/**
 * The finest level is the child; when a level appears at several vintages (a boundary-change
 * lookup such as LSOA01CD → LSOA11CD), its columns form crosswalks, oldest to newest, and the
 * newest one is the child. Every column of a coarser level is a parent of the child.
 */
export function planLookup(columns: readonly CodeColumn[], hasCentroids: boolean): LookupPlan {
  const byLevel = new Map<AreaLevel, CodeColumn[]>();
  for (const c of columns) byLevel.set(c.level, [...(byLevel.get(c.level) ?? []), c]);
  const crosswalks: { from: CodeColumn; to: CodeColumn }[] = [];
  for (const group of byLevel.values()) {
    const ordered = orderVintages(group);
    for (let i = 1; i < ordered.length; i++) crosswalks.push({ from: ordered[i - 1]!, to: ordered[i]! });
    byLevel.set(group[0]!.level, ordered);
  }
  const finest = [...byLevel.keys()].sort((a, b) => LEVEL_RANK[a] - LEVEL_RANK[b])[0]!;
  const child = byLevel.get(finest)!.at(-1)!;
  const parents = columns.filter((c) => LEVEL_RANK[c.level] > LEVEL_RANK[child.level]);
  const batch = `ons-lookup/${columns.map((c) => `${c.level}@${c.vintage}`).join('+')}${hasCentroids ? '+centroids' : ''}`;
  return { columns: [...columns], child, parents, crosswalks, batch };
}

/** Dated columns by year; a column without a year keeps its place in the file (ONS lists old codes first). */
function orderVintages(group: readonly CodeColumn[]): CodeColumn[] {
  const dated = group.every((c) => c.vintage !== UNDATED_VINTAGE);
  return dated ? [...group].sort((a, b) => Number(a.vintage) - Number(b.vintage) || a.index - b.index) : [...group];
}
