/** XML bodies shaped as OSS sends them (element names and order from its API reference). */

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `{ A: 'x', B: ['y', 'z'], C: { D: '1' } }` → `<A>x</A><B>y</B><B>z</B><C><D>1</D></C>`. */
export type XmlValue = string | number | boolean | XmlObject | XmlValue[];
export interface XmlObject {
  readonly [name: string]: XmlValue | undefined;
}

export function toXml(fields: XmlObject): string {
  return Object.entries(fields)
    .flatMap(([name, value]) =>
      value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v) => element(name, v)),
    )
    .join('');
}

function element(name: string, value: XmlValue): string {
  const inner = typeof value === 'object' && !Array.isArray(value) ? toXml(value) : escapeXml(String(value));
  return `<${name}>${inner}</${name}>`;
}

/** A whole document with OSS's declaration. */
export function document(root: string, fields: XmlObject): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>${toXml(fields)}</${root}>`;
}

/** The parts of a CompleteMultipartUpload body, in the order given; undefined when malformed. */
export function parseCompleteBody(body: string): Array<{ number: number; etag: string }> | undefined {
  if (!/<CompleteMultipartUpload>[\s\S]*<\/CompleteMultipartUpload>/.test(body)) return undefined;
  const parts: Array<{ number: number; etag: string }> = [];
  for (const match of body.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const inner = match[1] ?? '';
    const number = /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(inner)?.[1];
    const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(inner)?.[1];
    if (number === undefined || etag === undefined) return undefined;
    parts.push({ number: Number(number), etag: unescapeXml(etag.trim()) });
  }
  return parts;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&');
}
