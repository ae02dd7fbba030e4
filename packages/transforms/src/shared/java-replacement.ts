import { ConfigError } from '@sinkkit/core';

/*
 * Java's `Matcher` replacement syntax, so a `RegexRouter` replacement written for Kafka means
 * the same here: `$1`… and `${name}` refer to groups, a backslash takes the next character
 * literally (`\$` is a dollar). JavaScript's own syntax differs (`$$`, `$<name>`, `$&`), hence
 * this small translation rather than `String.replace`'s.
 */

type Part = { literal: string } | { group: number } | { name: string };

/** A parsed replacement; {@link apply} fills in the groups of one match. */
export class JavaReplacement {
  readonly #parts: Part[];

  /** Throws a `ConfigError` naming `key` for a trailing backslash or dollar, or a bad group reference. */
  constructor(
    readonly text: string,
    key: string,
    groupCount: number,
  ) {
    const bad = (reason: string) => new ConfigError({ key, value: text, reason });
    const parts: Part[] = [];
    let literal = '';
    const flush = () => {
      if (literal !== '') parts.push({ literal });
      literal = '';
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charAt(i);
      if (c === '\\') {
        if (i + 1 >= text.length) throw bad('character to be escaped is missing');
        literal += text.charAt(++i);
      } else if (c === '$') {
        if (i + 1 >= text.length) throw bad('Illegal group reference: group index is missing');
        flush();
        if (text.charAt(i + 1) === '{') {
          const end = text.indexOf('}', i + 2);
          const name = end === -1 ? '' : text.slice(i + 2, end);
          if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name))
            throw bad("named capturing group is missing trailing '}' or has a bad name");
          parts.push({ name });
          i = end;
        } else {
          // As Java: the first digit is the group; further digits join it while the group exists.
          let group = Number(text.charAt(i + 1));
          if (!/\d/.test(text.charAt(i + 1))) throw bad('Illegal group reference');
          if (group > groupCount) throw bad(`No group ${group}`);
          i++;
          while (/\d/.test(text.charAt(i + 1)) && group * 10 + Number(text.charAt(i + 1)) <= groupCount)
            group = group * 10 + Number(text.charAt(++i));
          parts.push({ group });
        }
      } else literal += c;
    }
    flush();
    this.#parts = parts;
  }

  /** The replacement for `match` (`RegExpExecArray` or `String.replace`'s arguments). */
  apply(match: RegExpExecArray): string {
    return this.#parts
      .map((p) => ('literal' in p ? p.literal : 'group' in p ? (match[p.group] ?? '') : (match.groups?.[p.name] ?? '')))
      .join('');
  }
}

/** The number of capturing groups of `regex`. */
export function groupCount(regex: RegExp): number {
  return (new RegExp(`${regex.source}|`).exec('') as RegExpExecArray).length - 1;
}
