import { XMLParser, XMLValidator } from 'fast-xml-parser';
import yauzl from 'yauzl';

/** Every entry of a zip held in memory, by path. */
export async function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((ok, fail) =>
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, z) => (err || !z ? fail(err) : ok(z))),
  );
  const entries = new Map<string, Buffer>();
  await new Promise<void>((ok, fail) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
        stream.on('error', fail);
      });
    });
    zip.on('end', () => ok());
    zip.on('error', fail);
    zip.readEntry();
  });
  return entries;
}

/** A WordprocessingML element as fast-xml-parser's ordered output gives it. */
export type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
});

/** Parses XML after checking it is well-formed (throws with the validator's message otherwise). */
export function parseXml(xml: string): XmlNode[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`invalid XML: ${valid.err.msg} at line ${valid.err.line}`);
  return parser.parse(xml) as XmlNode[];
}

export function tagOf(node: XmlNode): string {
  return Object.keys(node).find((k) => k !== ':@') ?? '';
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const value = node[tagOf(node)];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

export function attr(node: XmlNode, name: string): string | undefined {
  return node[':@']?.[name];
}

/** All elements named `tag`, depth first in document order. */
export function findAll(nodes: readonly XmlNode[], tag: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (list: readonly XmlNode[]) => {
    for (const node of list) {
      if (tagOf(node) === tag) out.push(node);
      walk(childrenOf(node));
    }
  };
  walk(nodes);
  return out;
}

/** The text of the `w:t` elements under a node, joined. */
export function textOf(node: XmlNode): string {
  return findAll([node], 'w:t')
    .map((t) =>
      childrenOf(t)
        .map((c) => String(c['#text'] ?? ''))
        .join(''),
    )
    .join('');
}

/** The paragraph's style id (w:pStyle), if any. */
export function styleOf(paragraph: XmlNode): string | undefined {
  const style = findAll([paragraph], 'w:pStyle')[0];
  return style ? attr(style, 'w:val') : undefined;
}

/** The body's paragraphs and tables, in order (not those inside tables). */
export function bodyBlocks(document: XmlNode[]): XmlNode[] {
  const body = findAll(document, 'w:body')[0];
  if (!body) throw new Error('no w:body');
  return childrenOf(body);
}
