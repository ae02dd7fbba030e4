/** One login module of a `sasl.jaas.config` value. */
export interface JaasLoginModule {
  /** The login module's class, e.g. `org.apache.kafka.common.security.plain.PlainLoginModule`. */
  readonly className: string;
  /** `required`, `requisite`, `sufficient` or `optional`. */
  readonly flag: string;
  readonly options: ReadonlyMap<string, string>;
}

/**
 * Why a `sasl.jaas.config` value could not be read. The message never contains any part of the
 * value but a login module class name, since the value holds a password.
 */
export class JaasSyntaxError extends Error {
  override name = 'JaasSyntaxError';
}

const FLAGS = new Set(['required', 'requisite', 'sufficient', 'optional']);
const CLASS_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

type Token = { kind: 'word' | 'quoted'; text: string } | { kind: '=' | ';' };

/**
 * Parses a `sasl.jaas.config` value the way Kafka's `JaasConfig` does (a Java `StreamTokenizer`):
 * `<class> <flag> key=value … ;`, values bare or in double (or single) quotes with backslash
 * escapes, one login module (Kafka clients accept exactly one).
 */
export function parseJaasConfig(text: string): JaasLoginModule {
  const tokens = tokenize(text);
  let at = 0;
  const next = () => tokens[at++];
  const className = next();
  if (className?.kind !== 'word') throw new JaasSyntaxError('expected a login module class name first');
  if (!CLASS_NAME.test(className.text)) {
    throw new JaasSyntaxError('does not start with a login module class name (such as org.apache.kafka.…LoginModule)');
  }
  const flag = next();
  if (flag?.kind !== 'word' || !FLAGS.has(flag.text.toLowerCase())) {
    throw new JaasSyntaxError(
      `expected a control flag (required, requisite, sufficient or optional) after ${className.text}`,
    );
  }
  const options = new Map<string, string>();
  for (;;) {
    const token = next();
    if (token === undefined) throw new JaasSyntaxError(`the options of ${className.text} must end with ";"`);
    if (token.kind === ';') break;
    if (token.kind !== 'word') throw new JaasSyntaxError(`expected an option name in ${className.text}'s options`);
    if (next()?.kind !== '=') throw new JaasSyntaxError(`expected "=" after the option ${safeName(token.text)}`);
    const value = next();
    if (value?.kind !== 'word' && value?.kind !== 'quoted') {
      throw new JaasSyntaxError(`expected a value for the option ${safeName(token.text)}`);
    }
    options.set(token.text, value.text);
  }
  if (at < tokens.length) {
    throw new JaasSyntaxError('holds more than one login module; a Kafka client takes exactly one');
  }
  return { className: className.text, flag: flag.text.toLowerCase(), options };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '=' || c === ';') {
      tokens.push({ kind: c });
      i++;
    } else if (c === '"' || c === "'") {
      let out = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) {
          const e = text[i + 1] as string;
          out += ESCAPES[e] ?? e;
          i += 2;
        } else {
          out += text[i];
          i++;
        }
      }
      if (i >= text.length) throw new JaasSyntaxError('has a quoted value without its closing quote');
      i++;
      tokens.push({ kind: 'quoted', text: out });
    } else {
      const start = i;
      while (i < text.length && !/[\s=;"']/.test(text[i] as string)) i++;
      tokens.push({ kind: 'word', text: text.slice(start, i) });
    }
  }
  return tokens;
}

// Option names are printed only when they look like names, never a stray piece of a value.
function safeName(name: string): string {
  return /^[A-Za-z][\w.-]{0,40}$/.test(name) ? name : '(unreadable name)';
}
