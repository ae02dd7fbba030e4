import { describe, expect, expectTypeOf, it } from 'vitest';
import { atLeast, ConfigDef, ConfigError, nonEmpty, oneOf, Password, range } from '../../src/index.js';

/** The ConfigError thrown by `fn`, or a failure if none is thrown. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** Parses one key of `type` from `raw` and returns its value. */
function parseOne(spec: Parameters<ConfigDef['define']>[1], raw: unknown): unknown {
  return (new ConfigDef().define('k', spec) as ConfigDef<{ k: unknown }>).parse({ k: raw }).get('k');
}

describe('ConfigDef parsing of each type', () => {
  it.each([
    ['string', '  s3-sink ', 's3-sink'],
    ['int', ' -42 ', -42],
    ['int', '2147483647', 2_147_483_647],
    ['long', '9007199254740991', Number.MAX_SAFE_INTEGER],
    ['long', 5n, 5],
    ['double', '1.5e3', 1500],
    ['double', '-.25', -0.25],
    ['boolean', 'TRUE', true],
    ['boolean', ' false ', false],
    ['list', ' a , b,c ', ['a', 'b', 'c']],
    ['list', '   ', []],
    ['list', 'a,,b', ['a', '', 'b']],
    ['duration', '10s', 10_000],
    ['duration', '-1', -1],
    ['duration', '600000', 600_000],
    ['class', ' io.confluent.connect.s3.S3SinkConnector ', 'io.confluent.connect.s3.S3SinkConnector'],
  ] as const)('%s from %s', (type, raw, expected) => {
    expect(parseOne({ type, doc: '' }, raw)).toEqual(expected);
  });

  it('accepts already-typed values from code', () => {
    expect(parseOne({ type: 'int', doc: '' }, 7)).toBe(7);
    expect(parseOne({ type: 'boolean', doc: '' }, true)).toBe(true);
    expect(parseOne({ type: 'list', doc: '' }, ['x'])).toEqual(['x']);
    expect(parseOne({ type: 'duration', doc: '' }, 1500)).toBe(1500);
    const password = new Password('p');
    expect(parseOne({ type: 'password', doc: '' }, password)).toBe(password);
  });

  it('wraps password text in a Password, trimmed', () => {
    const value = parseOne({ type: 'password', doc: '' }, ' hunter2 ');
    expect(value).toBeInstanceOf(Password);
    expect((value as Password).value()).toBe('hunter2');
  });

  it('matches enum values case-insensitively and returns them as declared', () => {
    const def = new ConfigDef().define('errors.tolerance', {
      type: 'enum',
      values: ['none', 'all'],
      default: 'none',
      doc: '',
    });
    expect(def.parse({ 'errors.tolerance': 'ALL' }).get('errors.tolerance')).toBe('all');
    expect(def.parse({}).get('errors.tolerance')).toBe('none');
    expect(configError(() => def.parse({ 'errors.tolerance': 'some' })).message).toBe(
      'Invalid value some for configuration errors.tolerance: must be one of none, all',
    );
  });

  it.each([
    ['int', 'abc', 'not a 32-bit integer'],
    ['int', '1.5', 'not a 32-bit integer'],
    ['int', '2147483648', 'out of the 32-bit integer range'],
    ['int', 1.5, 'not an integer'],
    ['long', '9007199254740992', 'beyond ±(2^53−1), the largest exact integer'],
    ['long', '0x10', 'not an integer'],
    ['long', 1.5, 'not an integer'],
    ['long', 2n ** 60n, 'beyond ±(2^53−1), the largest exact integer'],
    ['double', '1,5', 'not a finite number'],
    ['double', 'NaN', 'not a finite number'],
    ['boolean', 'yes', 'expected true or false'],
    ['string', 5, 'expected a string'],
    ['list', 5, 'expected a comma-separated list'],
    ['duration', '1h30m', 'not a duration (milliseconds, or a number with ms, s, m, h or d)'],
    ['class', ' ', 'expected a class name, got nothing'],
  ] as const)('%s rejects %s: %s', (type, raw, reason) => {
    const error = configError(() => parseOne({ type, doc: '' }, raw));
    expect(error.problems).toEqual([{ key: 'k', value: String(raw), reason }]);
  });
});

describe('ConfigDef defaults', () => {
  const def = () =>
    new ConfigDef()
      .define('flush.size', { type: 'int', default: 1000, doc: 'Records per file.' })
      .define('rotate.interval.ms', { type: 'duration', default: '10m', doc: 'Rotation.' })
      .define('topics.dir', { type: 'string', default: null, doc: 'Optional dir.' })
      .define('s3.bucket.name', { type: 'string', doc: 'Bucket.', importance: 'high' });

  it('applies typed, textual and null defaults; absent and null inputs both take the default', () => {
    const config = def().parse({ 's3.bucket.name': 'b', 'flush.size': null });
    expect(config.values).toEqual({
      'flush.size': 1000,
      'rotate.interval.ms': 600_000,
      'topics.dir': null,
      's3.bucket.name': 'b',
    });
  });

  it('requires keys without a default', () => {
    expect(configError(() => def().parse({})).message).toBe(
      'Invalid configuration s3.bucket.name: missing, and has no default value',
    );
  });

  it('checks defaults when defined, against the type and the validators', () => {
    expect(configError(() => new ConfigDef().define('n', { type: 'int', default: 'many', doc: '' })).message).toBe(
      'Invalid value many for configuration n: invalid default value: not a 32-bit integer',
    );
    expect(
      configError(() => new ConfigDef().define('n', { type: 'int', default: 0, validators: [atLeast(1)], doc: '' }))
        .message,
    ).toBe('Invalid value 0 for configuration n: invalid default value: must be at least 1');
  });

  it('refuses duplicate keys, empty names and enums without values', () => {
    const base = new ConfigDef().define('a', { type: 'int', doc: '' });
    expect(configError(() => base.define('a', { type: 'int', doc: '' })).message).toBe(
      'Invalid configuration a: is defined twice',
    );
    expect(() => new ConfigDef().define('', { type: 'int', doc: '' })).toThrow(ConfigError);
    expect(configError(() => new ConfigDef().define('e', { type: 'enum', doc: '' })).message).toBe(
      'Invalid configuration e: an enum needs values',
    );
  });
});

describe('ConfigDef validators and aggregated errors', () => {
  const def = () =>
    new ConfigDef()
      .define('flush.size', { type: 'int', default: 1000, validators: [atLeast(1)], doc: '' })
      .define('tasks.max', { type: 'int', default: 1, validators: [range({ min: 1, max: 64 })], doc: '' })
      .define('format.class', { type: 'string', validators: [oneOf('json', 'avro', 'parquet')], doc: '' })
      .define('topics', { type: 'list', validators: [nonEmpty()], doc: '' })
      .define('aws.secret.access.key', { type: 'password', validators: [nonEmpty()], doc: '' })
      .define('optional.limit', { type: 'int', default: null, validators: [atLeast(1)], doc: '' });

  it('names key, value and reason, e.g. for flush.size=-5', () => {
    const error = configError(() =>
      def().parse({ 'flush.size': '-5', 'format.class': 'json', topics: 'a', 'aws.secret.access.key': 'x' }),
    );
    expect(error.message).toBe('Invalid value -5 for configuration flush.size: must be at least 1');
    expect(error.problems).toEqual([{ key: 'flush.size', value: '-5', reason: 'must be at least 1' }]);
  });

  it('reports every bad key at once, in definition order', () => {
    const error = configError(() =>
      def().parse({ 'flush.size': '0', 'tasks.max': '100', 'format.class': 'csv', topics: '' }),
    );
    expect(error.message).toBe(
      [
        '5 invalid configurations:',
        '  - Invalid value 0 for configuration flush.size: must be at least 1',
        '  - Invalid value 100 for configuration tasks.max: must be at most 64',
        '  - Invalid value csv for configuration format.class: must be one of json, avro, parquet',
        '  - Invalid value "" for configuration topics: must not be empty',
        '  - Invalid configuration aws.secret.access.key: missing, and has no default value',
      ].join('\n'),
    );
    expect(error.keys).toEqual(['flush.size', 'tasks.max', 'format.class', 'topics', 'aws.secret.access.key']);
  });

  it('does not run validators on a null (unset optional) value', () => {
    const config = def().parse({ 'format.class': 'json', topics: 'a', 'aws.secret.access.key': 'x' });
    expect(config.get('optional.limit')).toBeNull();
  });
});

describe('ConfigDef redaction of passwords', () => {
  const SECRET = 'wJalrXUtnFEMI-K7MDENG';
  const def = () =>
    new ConfigDef()
      .define('aws.access.key.id', { type: 'string', doc: '' })
      .define('aws.secret.access.key', {
        type: 'password',
        validators: [
          {
            description: 'at least 30 characters',
            check: (p) => (p.value().length >= 30 ? undefined : `${p.value()} is too short`),
          },
        ],
        doc: '',
      })
      .define('sasl.password', { type: 'password', default: 'changeit', doc: '' })
      .define('port', { type: 'int', default: 1, doc: '' });

  it('never quotes the secret in error messages: a validator echoing it is reported by its description', () => {
    const error = configError(() => def().parse({ 'aws.access.key.id': 'AKIA', 'aws.secret.access.key': SECRET }));
    expect(error.message).toBe(
      'Invalid value [hidden] for configuration aws.secret.access.key: must be at least 30 characters',
    );
    expect(JSON.stringify(error.problems)).not.toContain(SECRET);
  });

  it('a short secret equal to other words of the message hides nothing else (redaction by key, not by value)', () => {
    const shortSecret = 'json';
    const error = configError(() =>
      new ConfigDef()
        .define('format.class', { type: 'string', validators: [oneOf('avro')], doc: '' })
        .define('sasl.password', { type: 'password', doc: '' })
        .parse({ 'format.class': 'json', 'sasl.password': shortSecret }),
    );
    // The other key's value is printed as written: nothing was searched for and replaced.
    expect(error.message).toBe('Invalid value json for configuration format.class: must be one of avro');
  });

  it('hides a password of the wrong type too', () => {
    const error = configError(() => def().parse({ 'aws.access.key.id': 'AKIA', 'aws.secret.access.key': 12345 }));
    expect(error.message).toBe('Invalid value [hidden] for configuration aws.secret.access.key: expected a string');
  });

  it('hides secrets in toString, JSON and validate reports of parsed configuration', () => {
    const longSecret = SECRET.repeat(2);
    const config = def().parse({
      'aws.access.key.id': 'AKIA',
      'aws.secret.access.key': longSecret,
      'sasl.jaas.config': 'x pw=1',
    });
    expect(String(config)).toBe(
      ['aws.access.key.id = AKIA', 'aws.secret.access.key = [hidden]', 'sasl.password = [hidden]', 'port = 1'].join(
        '\n',
      ),
    );
    const json = JSON.stringify(config);
    expect(json).not.toContain(longSecret);
    expect(json).not.toContain('changeit');
    expect(JSON.parse(json)).toEqual({
      'sasl.jaas.config': '[hidden]',
      'aws.access.key.id': 'AKIA',
      'aws.secret.access.key': '[hidden]',
      'sasl.password': '[hidden]',
      port: 1,
    });
    expect(config.get('aws.secret.access.key').value()).toBe(longSecret);
    const reports = def().validate({ 'aws.secret.access.key': SECRET });
    expect(JSON.stringify(reports)).not.toContain(SECRET);
    expect(reports.find((r) => r.name === 'sasl.password')?.value).toBe('[hidden]');
  });

  it('redact() hides declared passwords, secret-looking undeclared keys and Password values', () => {
    expect(
      def().redact({
        'aws.access.key.id': 'AKIA',
        'aws.secret.access.key': SECRET,
        'consumer.override.sasl.jaas.config': 'org.apache... password="x";',
        'producer.ssl.key.password': 'p',
        'my.token': 't',
        other: new Password('o'),
        'unset.secret': null,
        'flush.size': '10',
      }),
    ).toEqual({
      'aws.access.key.id': 'AKIA',
      'aws.secret.access.key': '[hidden]',
      'consumer.override.sasl.jaas.config': '[hidden]',
      'producer.ssl.key.password': '[hidden]',
      'my.token': '[hidden]',
      other: '[hidden]',
      'unset.secret': null,
      'flush.size': '10',
    });
  });

  it('hides password defaults when the definition is printed', () => {
    expect(def().toString()).not.toContain('changeit');
    expect(def().toString()).toContain('Default: [hidden]');
    expect(JSON.stringify(def())).not.toContain('changeit');
  });
});

describe('ConfigDef reporting', () => {
  const def = () =>
    new ConfigDef()
      .define('flush.size', {
        type: 'int',
        default: 1000,
        validators: [atLeast(1)],
        importance: 'high',
        doc: 'Records per file.',
      })
      .define('errors.tolerance', { type: 'enum', values: ['none', 'all'], default: 'none', doc: 'Error handling.' })
      .define('topics', { type: 'list', doc: 'Topics.', group: 'Connector', displayName: 'Topics' });

  it('allows unknown keys and lists them', () => {
    const config = def().parse({ topics: 'a', 'consumer.max.poll.records': '10', name: 'sink' });
    expect(config.unknownKeys).toEqual(['consumer.max.poll.records', 'name']);
    expect(def().unknownKeys({ topics: 'a', zzz: '1' })).toEqual(['zzz']);
    expect(config.originalsWithPrefix('consumer.')).toEqual({ 'max.poll.records': '10' });
    expect(config.originalsWithPrefix('consumer.', false)).toEqual({ 'consumer.max.poll.records': '10' });
    expect(config.originals()).toEqual({ topics: 'a', 'consumer.max.poll.records': '10', name: 'sink' });
  });

  it('validate() reports every defined key with its value and errors, without throwing', () => {
    expect(def().validate({ 'flush.size': 'x' })).toEqual([
      {
        name: 'flush.size',
        value: 'x',
        errors: ['Invalid value x for configuration flush.size: not a 32-bit integer'],
      },
      { name: 'errors.tolerance', value: 'none', errors: [] },
      { name: 'topics', value: null, errors: ['Invalid configuration topics: missing, and has no default value'] },
    ]);
  });

  it('describes its keys for docs', () => {
    expect(def().names()).toEqual(['flush.size', 'errors.tolerance', 'topics']);
    expect(def().keys()[2]).toEqual({
      name: 'topics',
      type: 'list',
      doc: 'Topics.',
      importance: 'medium',
      hasDefault: false,
      defaultValue: null,
      values: [],
      validators: [],
      displayName: 'Topics',
      group: 'Connector',
    });
    expect(def().toString()).toBe(
      [
        'flush.size',
        '  Records per file.',
        '  Type: int; Default: 1000; Valid values: at least 1; Importance: high',
        'errors.tolerance',
        '  Error handling.',
        '  Type: enum; Default: none; Valid values: one of none, all; Importance: medium',
        'topics',
        '  Topics.',
        '  Type: list; Required; Importance: medium',
      ].join('\n'),
    );
    expect(def().toJSON()[0]).toEqual({
      name: 'flush.size',
      type: 'int',
      doc: 'Records per file.',
      importance: 'high',
      required: false,
      default: 1000,
      validValues: ['at least 1'],
    });
  });

  it('include() merges another definition and refuses overlaps', () => {
    const partitioner = new ConfigDef().define('path.format', { type: 'string', default: "'year'=YYYY", doc: '' });
    const merged = def().include(partitioner);
    expect(merged.names()).toEqual(['flush.size', 'errors.tolerance', 'topics', 'path.format']);
    expect(merged.parse({ topics: 'a' }).get('path.format')).toBe("'year'=YYYY");
    expect(() => merged.include(partitioner)).toThrow('Invalid configuration path.format: is defined twice');
  });
});

describe('ConfigDef types', () => {
  it('infers the value type of each key', () => {
    const config = new ConfigDef()
      .define('a', { type: 'int', default: 1, doc: '' })
      .define('b', { type: 'list', doc: '' })
      .define('c', { type: 'password', default: null, doc: '' })
      .define('d', { type: 'enum', values: ['none', 'all'], default: 'none', doc: '' })
      .define('e', { type: 'duration', default: '1s', doc: '' })
      .parse({ b: 'x' });
    expectTypeOf(config.get('a')).toEqualTypeOf<number>();
    expectTypeOf(config.get('b')).toEqualTypeOf<string[]>();
    expectTypeOf(config.get('c')).toEqualTypeOf<Password | null>();
    expectTypeOf(config.get('d')).toEqualTypeOf<'none' | 'all'>();
    expectTypeOf(config.get('e')).toEqualTypeOf<number>();
    expect([config.get('a'), config.get('b'), config.get('c'), config.get('d'), config.get('e')]).toEqual([
      1,
      ['x'],
      null,
      'none',
      1000,
    ]);
  });
});
