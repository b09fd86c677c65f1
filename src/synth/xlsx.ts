import { crc32, deflateRawSync } from 'node:zlib';
import { escapeXml } from '../core/escape.ts';

/**
 * A small XLSX writer for the generator. exceljs stamps every zip entry with the current time, so
 * its files differ from run to run; this writer fixes every timestamp and order, so the same rows
 * give the same bytes, and it is several times faster on sheets of tens of thousands of rows.
 * It writes what partners' extracts hold: a header row, text (shared strings), numbers, dates
 * (dd/mm/yyyy) and times of day (hh:mm) as real Excel values.
 */

export type ColumnType = 'text' | 'number' | 'date' | 'time';

export interface SheetColumn {
  header: string;
  type: ColumnType;
  width?: number;
}

/** A cell: text, a number, an Excel serial (date: whole days; time: a fraction of a day), or empty. */
export type CellValue = string | number | null;

export interface Sheet {
  name: string;
  columns: readonly SheetColumn[];
  rows: readonly (readonly CellValue[])[];
}

export interface WorkbookMeta {
  title?: string;
  creator?: string;
  /** ISO timestamp written as the document's created and modified dates (fixed for reproducible files). */
  timestamp: string;
}

const STYLE: Record<ColumnType, number> = { text: 0, number: 0, date: 1, time: 2 };

/** Writes a workbook of whole sheets. */
export function writeXlsx(sheets: readonly Sheet[], meta: WorkbookMeta): Buffer {
  const book = new WorkbookBuilder();
  for (const s of sheets) {
    const sheet = book.sheet(s.name, s.columns);
    for (const row of s.rows) sheet.row(row);
  }
  return book.toBuffer(meta);
}

/** A workbook built row by row (rows become XML as they come, so no row objects are kept). */
export class WorkbookBuilder {
  private readonly strings = new SharedStrings();
  private readonly sheets: SheetBuilder[] = [];

  sheet(name: string, columns: readonly SheetColumn[]): SheetBuilder {
    const sheet = new SheetBuilder(name, columns, this.strings);
    this.sheets.push(sheet);
    return sheet;
  }

  toBuffer(meta: WorkbookMeta): Buffer {
    const entries: [string, string][] = [
      ['[Content_Types].xml', contentTypes(this.sheets.length)],
      ['_rels/.rels', rootRels()],
      ['docProps/core.xml', coreProps(meta)],
      ['docProps/app.xml', appProps(this.sheets)],
      ['xl/workbook.xml', workbookXml(this.sheets)],
      ['xl/_rels/workbook.xml.rels', workbookRels(this.sheets.length)],
      ['xl/styles.xml', stylesXml()],
      ['xl/sharedStrings.xml', this.strings.xml()],
      ...this.sheets.map((s, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, s.xml()]),
    ];
    return zip(entries.map(([name, text]) => ({ name, data: Buffer.from(text, 'utf8') })));
  }
}

export class SheetBuilder {
  private readonly parts: string[] = [];
  private readonly letters: string[];
  private readonly styles: number[];
  private count = 0;

  constructor(
    readonly name: string,
    readonly columns: readonly SheetColumn[],
    private readonly strings: SharedStrings,
  ) {
    this.letters = columns.map((_, i) => columnLetter(i));
    this.styles = columns.map((c) => STYLE[c.type]);
    this.parts.push(
      `<row r="1">${columns.map((c, i) => `<c r="${this.letters[i]}1" t="s" s="3"><v>${strings.id(c.header)}</v></c>`).join('')}</row>`,
    );
  }

  get rows(): number {
    return this.count;
  }

  row(values: readonly CellValue[]): void {
    const n = ++this.count + 1;
    // Built as an array and joined: one flat string per row (not a rope of pieces) for the collector.
    const cells: string[] = [`<row r="${n}">`];
    for (let c = 0; c < this.styles.length; c++) {
      const value = values[c];
      if (value === null || value === undefined || value === '') continue;
      if (typeof value === 'string')
        cells.push('<c r="', this.letters[c]!, String(n), '" t="s"><v>', String(this.strings.id(value)), '</v></c>');
      else {
        const style = this.styles[c]!;
        cells.push(
          '<c r="',
          this.letters[c]!,
          String(n),
          style === 0 ? '"><v>' : `" s="${style}"><v>`,
          String(value),
          '</v></c>',
        );
      }
    }
    cells.push('</row>');
    this.parts.push(cells.join(''));
  }

  xml(): string {
    const last = `${this.letters[this.letters.length - 1]}${this.count + 1}`;
    const cols = this.columns
      .map(
        (c, i) =>
          `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? Math.max(10, c.header.length + 2)}" customWidth="1"/>`,
      )
      .join('');
    return (
      `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><dimension ref="A1:${last}"/>` +
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
      `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>${this.parts.join('')}</sheetData></worksheet>`
    );
  }
}

class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];
  private count = 0;

  id(text: string): number {
    this.count++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(text, i);
      this.list.push(text);
    }
    return i;
  }

  xml(): string {
    const items = this.list.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('');
    return `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.list.length}">${items}</sst>`;
  }
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

function contentTypes(sheets: number): string {
  const sheetsXml = Array.from(
    { length: sheets },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheetsXml}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;
}

function rootRels(): string {
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`;
}

function coreProps(meta: WorkbookMeta): string {
  const when = meta.timestamp;
  return `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${escapeXml(meta.title ?? '')}</dc:title><dc:creator>${escapeXml(meta.creator ?? '')}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`;
}

function appProps(sheets: readonly { name: string }[]): string {
  return `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Safer synthetic county</Application><TitlesOfParts><vt:vector xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes" size="${sheets.length}" baseType="lpstr">${sheets.map((s) => `<vt:lpstr>${escapeXml(s.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts></Properties>`;
}

function workbookXml(sheets: readonly { name: string }[]): string {
  const list = sheets
    .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  return `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets>${list}</sheets></workbook>`;
}

function workbookRels(sheets: number): string {
  const list = Array.from(
    { length: sheets },
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('');
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${list}<Relationship Id="rId${sheets + 1}" Type="${NS_REL}/styles" Target="styles.xml"/><Relationship Id="rId${sheets + 2}" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
}

/** Styles: 0 general, 1 date dd/mm/yyyy, 2 time hh:mm, 3 bold header. */
function stylesXml(): string {
  return `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="hh:mm"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
}

function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// A deterministic zip container (deflate, every entry dated 1980-01-01 00:00).

interface ZipEntry {
  name: string;
  data: Buffer;
}

const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

export function zip(entries: readonly ZipEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: 1 });
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, name, compressed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(DOS_TIME, 12);
    dir.writeUInt16LE(DOS_DATE, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(compressed.length, 20);
    dir.writeUInt32LE(entry.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt16LE(0, 30);
    dir.writeUInt16LE(0, 32);
    dir.writeUInt16LE(0, 34);
    dir.writeUInt16LE(0, 36);
    dir.writeUInt32LE(0, 38);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...chunks, ...central, end]);
}
