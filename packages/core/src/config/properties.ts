import { ConfigError } from '../errors/config-error.js';

// Hand-written rather than a dependency: the grammar is small and fully specified by
// java.util.Properties#load(Reader), and @sinkkit/core keeps zod as its only runtime dependency.
// The npm parsers we looked at either interpolate `${...}` (java-properties, properties-reader),
// which Java does not, or would be a second dependency for ~80 lines (dot-properties).

const WHITESPACE = new Set([' ', '\t', '\f']);
const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/**
 * Parses the text of a `.properties` file with `java.util.Properties.load` semantics, so worker
 * and connector files written for Kafka Connect read the same here:
 *
 * - lines end at `\n`, `\r\n` or `\r`; blank lines are skipped;
 * - a line whose first non-blank character is `#` or `!` is a comment (and is never continued);
 * - `key=value`, `key: value` and `key value` all work; whitespace around the separator is
 *   dropped, trailing whitespace of the value is kept;
 * - a line ending in an odd number of backslashes continues on the next line, whose leading
 *   whitespace is dropped;
 * - escapes: `\t \n \r \f`, `\uXXXX`, and a backslash before any other character yields that
 *   character (`\=`, `\:`, `\ `, `\#`, `\\`);
 * - a later duplicate key wins.
 *
 * The text must already be decoded (read the file as UTF-8; Java's ISO-8859-1 default is not
 * applied). Throws a {@link ConfigError} for a malformed `\uXXXX` escape.
 *
 * @returns keys to values, in a prototype-less object so a key like `__proto__` is just a key.
 */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    let line = trimStart(lines[i] ?? '');
    if (line === '' || line[0] === '#' || line[0] === '!') continue;
    while (continues(line)) {
      line = line.slice(0, -1);
      if (i + 1 >= lines.length) break; // Java drops a backslash at the very end of the input.
      line += trimStart(lines[++i] ?? '');
    }
    const keyEnd = findKeyEnd(line);
    let valueStart = keyEnd;
    while (WHITESPACE.has(line[valueStart] ?? '')) valueStart++;
    if (line[valueStart] === '=' || line[valueStart] === ':') valueStart++;
    while (WHITESPACE.has(line[valueStart] ?? '')) valueStart++;
    const rawKey = line.slice(0, keyEnd);
    const key = decodeEscapes(rawKey, rawKey, lineNumber);
    out[key] = decodeEscapes(line.slice(valueStart), key, lineNumber);
  }
  return out;
}

function trimStart(line: string): string {
  let start = 0;
  while (WHITESPACE.has(line[start] ?? '')) start++;
  return line.slice(start);
}

/** An odd number of trailing backslashes: the last one escapes the line break. */
function continues(line: string): boolean {
  let count = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

/** Index of the first unescaped `=`, `:` or whitespace, or the line's length. */
function findKeyEnd(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '\\') i++;
    else if (c === '=' || c === ':' || WHITESPACE.has(c)) return i;
  }
  return line.length;
}

function decodeEscapes(text: string, key: string, lineNumber: number): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const next = text[++i] as string;
    if (next === 'u') {
      const hex = text.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new ConfigError({ key, reason: `malformed \\uXXXX escape on line ${lineNumber}` });
      }
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 4;
    } else {
      out += ESCAPES[next] ?? next;
    }
  }
  return out;
}
