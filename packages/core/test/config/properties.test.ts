import { describe, expect, it } from 'vitest';
import { ConfigError, parseProperties } from '../../src/index.js';

describe('parseProperties', () => {
  it('reads key=value, key: value and key value, skipping comments and blank lines', () => {
    const text = [
      '# a comment',
      '! another comment',
      '   # indented comment',
      '',
      'name=s3-sink',
      'tasks.max : 4',
      'topics   orders,payments',
      '\t  flush.size  =  1000',
      'empty=',
      'lonely',
    ].join('\n');
    expect({ ...parseProperties(text) }).toEqual({
      name: 's3-sink',
      'tasks.max': '4',
      topics: 'orders,payments',
      'flush.size': '1000',
      empty: '',
      lonely: '',
    });
  });

  it('keeps trailing whitespace and a second separator in the value', () => {
    expect({ ...parseProperties('a = b = c  \nurl: http://x:1/y') }).toEqual({ a: 'b = c  ', url: 'http://x:1/y' });
  });

  it('joins continuation lines, dropping the next line’s leading whitespace', () => {
    const text = 'topics = orders, \\\n          payments, \\\n\t\t  refunds\nnext = 1';
    expect({ ...parseProperties(text) }).toEqual({ topics: 'orders, payments, refunds', next: '1' });
  });

  it('does not continue after an even number of backslashes, nor after a comment', () => {
    const text = 'path = C:\\\\dir\\\\\nnext = 1\n# comment \\\nafter = 2';
    expect({ ...parseProperties(text) }).toEqual({ path: 'C:\\dir\\', next: '1', after: '2' });
  });

  it('drops a continuation backslash at the very end of the input', () => {
    expect({ ...parseProperties('a = b\\') }).toEqual({ a: 'b' });
  });

  it('decodes escapes in keys and values', () => {
    const text = [
      'key\\ with\\ spaces = v',
      'a\\=b\\:c = d',
      'tabs = x\\ty\\nz\\rw\\fv',
      'unicode = caf\\u00e9 \\u2603',
      'other = \\q\\#\\!\\\\',
      '\\#not-a-comment = yes',
    ].join('\n');
    expect({ ...parseProperties(text) }).toEqual({
      'key with spaces': 'v',
      'a=b:c': 'd',
      tabs: 'x\ty\nz\rw\fv',
      unicode: 'café ☃',
      other: 'q#!\\',
      '#not-a-comment': 'yes',
    });
  });

  it('accepts \\r\\n and \\r line endings, and lets a later duplicate win', () => {
    expect({ ...parseProperties('a=1\r\nb=2\rc=3\na=4') }).toEqual({ a: '4', b: '2', c: '3' });
  });

  it('treats __proto__ as an ordinary key', () => {
    const parsed = parseProperties('__proto__ = x\nconstructor = y');
    expect(Object.entries(parsed)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    expect(Object.getPrototypeOf(parsed)).toBeNull();
  });

  it('reports a malformed \\u escape with key and line, without the value', () => {
    try {
      parseProperties('ok = 1\nsecret.key = abc\\u12zz');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe('Invalid configuration secret.key: malformed \\uXXXX escape on line 2');
    }
  });
});
