import type { z } from 'zod';
import { ConfigError, type ConfigProblem, formatProblem } from '../errors/config-error.js';
import { type ConfigType, type ConfigTypeValues, typeSchema } from './config-types.js';
import type { ConfigValueReport } from './config-value-report.js';
import { isKafkaClientPasswordKey } from './kafka-client-secrets.js';
import { ParsedConfig } from './parsed-config.js';
import { HIDDEN, Password } from './password.js';
import { displayValue, looksSecret, stripUserinfo } from './redact.js';
import type { Validator } from './validators.js';

/** How much a setting matters to a user, for docs and UIs (Connect's `Importance`). */
export type Importance = 'high' | 'medium' | 'low';

/** The parsed value of a key of type `T` (for `enum`, one of the declared values `E`). */
export type ConfigValueOf<T extends ConfigType, E extends string = string> = T extends 'enum' ? E : ConfigTypeValues[T];

/** How to define one key; see {@link ConfigDef.define}. */
export interface ConfigKeySpec<T extends ConfigType, E extends string, D> {
  type: T;
  /** What the setting does, for users. */
  doc: string;
  /**
   * Value used when the key is absent: typed (`1000`) or as text (`'10s'`), checked by the
   * type and validators when defined. `null` makes the key optional with value `null`.
   * Omitted: the key is required.
   */
  default?: D;
  /** Default `medium`. */
  importance?: Importance;
  /** The allowed values of an `enum` key (required for `enum`, ignored otherwise). */
  values?: readonly E[];
  validators?: readonly Validator<ConfigValueOf<T, E>>[];
  displayName?: string;
  group?: string;
}

/** A defined key, as {@link ConfigDef.keys} lists it. */
export interface ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  readonly doc: string;
  readonly importance: Importance;
  /** False for required keys. */
  readonly hasDefault: boolean;
  /** The parsed default (a `Password` for secrets); `null` when none or optional. */
  readonly defaultValue: unknown;
  readonly values: readonly string[];
  readonly validators: readonly Validator<never>[];
  readonly displayName: string;
  readonly group: string | null;
}

type Resolved<V, D> = [D] extends [undefined] ? V : null extends D ? V | null : V;
type NoKeys = Record<never, never>;

interface DefinedKey extends ConfigKey {
  readonly schema: z.ZodType;
}

/**
 * The settings a connector, task or plugin understands, like Kafka Connect's `ConfigDef`:
 * each key has a type, a default (or is required), docs, an importance and validators.
 * Parsing follows Connect's rules (see `ConfigType` for the string forms), reports every bad
 * key at once in a {@link ConfigError}, and never prints a `password` value.
 *
 * ```ts
 * const def = new ConfigDef()
 *   .define('flush.size', { type: 'int', default: 1000, validators: [atLeast(1)], doc: 'Records per file.' })
 *   .define('aws.secret.access.key', { type: 'password', doc: 'S3 secret.' });
 * const config = def.parse(props);
 * config.get('flush.size'); // number
 * ```
 *
 * `define` adds to this definition and returns it with a wider type (like Connect's builder);
 * keep using the returned value so the key types accumulate.
 */
export class ConfigDef<V extends object = NoKeys> {
  readonly #keys = new Map<string, DefinedKey>();

  /** Adds key `name`; throws a {@link ConfigError} for a duplicate name or an invalid default. */
  define<
    K extends string,
    T extends ConfigType,
    const E extends string = string,
    D extends ConfigValueOf<T, E> | string | null | undefined = undefined,
  >(name: K, spec: ConfigKeySpec<T, E, D>): ConfigDef<V & { [P in K]: Resolved<ConfigValueOf<T, E>, D> }> {
    if (!name) throw new ConfigError({ key: '(empty)', reason: 'a configuration key needs a name' });
    if (this.#keys.has(name)) throw new ConfigError({ key: name, reason: 'is defined twice' });
    const values = spec.values ?? [];
    if (spec.type === 'enum' && values.length === 0)
      throw new ConfigError({ key: name, reason: 'an enum needs values' });
    const schema = typeSchema(spec.type, values);
    const validators = (spec.validators ?? []) as readonly Validator<unknown>[];
    const hasDefault = spec.default !== undefined;
    let defaultValue: unknown = null;
    if (spec.default !== undefined && spec.default !== null) {
      const checked = checkValue(name, spec.type, schema, validators, spec.default);
      if (!checked.ok)
        throw new ConfigError({ ...checked.problem, reason: `invalid default value: ${checked.problem.reason}` });
      defaultValue = checked.value;
    }
    this.#keys.set(name, {
      name,
      type: spec.type,
      doc: spec.doc,
      importance: spec.importance ?? 'medium',
      hasDefault,
      defaultValue,
      values: Object.freeze([...values]),
      validators: Object.freeze([...validators]),
      displayName: spec.displayName ?? name,
      group: spec.group ?? null,
      schema,
    });
    return this as unknown as ConfigDef<V & { [P in K]: Resolved<ConfigValueOf<T, E>, D> }>;
  }

  /** Adds every key of `other` (e.g. a partitioner's settings into a connector's). */
  include<W extends object>(other: ConfigDef<W>): ConfigDef<V & W> {
    for (const key of other.#keys.values()) {
      if (this.#keys.has(key.name)) throw new ConfigError({ key: key.name, reason: 'is defined twice' });
      this.#keys.set(key.name, key);
    }
    return this as unknown as ConfigDef<V & W>;
  }

  /** Every defined key, in definition order. */
  keys(): ConfigKey[] {
    return [...this.#keys.values()].map(({ schema: _schema, ...key }) => key);
  }

  /** The names of the defined keys, in definition order. */
  names(): string[] {
    return [...this.#keys.keys()];
  }

  /**
   * Parses `props` (strings as from a `.properties` file, or typed values) into typed values,
   * applying defaults. Throws one {@link ConfigError} listing every problem. Unknown keys are
   * allowed, as Connect passes them through to clients; `unknownKeys` on the result lists them.
   */
  parse(props: Readonly<Record<string, unknown>>): ParsedConfig<V> {
    const { values, problems } = this.#evaluate(props);
    if (problems.length > 0) throw new ConfigError(problems);
    const secrets = new Set([...this.#keys.values()].filter((k) => k.type === 'password').map((k) => k.name));
    return new ParsedConfig<V>(values as V, props, this.names(), this.unknownKeys(props), secrets);
  }

  /** One report per defined key: its (redacted) value and every problem with it. Never throws. */
  validate(props: Readonly<Record<string, unknown>>): ConfigValueReport[] {
    return this.#evaluate(props).reports;
  }

  /** Keys in `props` that this definition does not define, sorted. */
  unknownKeys(props: Readonly<Record<string, unknown>>): string[] {
    return Object.keys(props)
      .filter((k) => !this.#keys.has(k))
      .sort();
  }

  /**
   * A copy of `props` safe to log: values of `password` keys, of undeclared Kafka client password
   * keys and keys that look secret (the rule of docs/configuration.md, "Secrets in output") and any
   * `Password` become `[hidden]`; URL userinfo in other text values becomes `[hidden]@`.
   */
  redact(props: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(props)) {
      const defined = this.#keys.get(key);
      const secret = defined ? defined.type === 'password' : isKafkaClientPasswordKey(key) || looksSecret(key);
      out[key] =
        value != null && (secret || value instanceof Password)
          ? HIDDEN
          : typeof value === 'string'
            ? stripUserinfo(value)
            : value;
    }
    return out;
  }

  /** Human-readable reference of every key; password defaults show as `[hidden]`. */
  toString(): string {
    return [...this.#keys.values()]
      .map((k) => {
        const facts = [`Type: ${k.type}`];
        if (k.hasDefault) facts.push(`Default: ${displayValue(k.defaultValue, k.type === 'password')}`);
        else facts.push('Required');
        const valid = [
          ...(k.type === 'enum' ? [`one of ${k.values.join(', ')}`] : []),
          ...k.validators.map((v) => v.description),
        ];
        if (valid.length > 0) facts.push(`Valid values: ${valid.join('; ')}`);
        facts.push(`Importance: ${k.importance}`);
        return `${k.name}\n  ${k.doc}\n  ${facts.join('; ')}`;
      })
      .join('\n');
  }

  /** Machine-readable reference of every key, with password defaults redacted. */
  toJSON(): object[] {
    return [...this.#keys.values()].map((k) => ({
      name: k.name,
      type: k.type,
      doc: k.doc,
      importance: k.importance,
      required: !k.hasDefault,
      default: k.hasDefault
        ? k.type === 'password' && k.defaultValue != null
          ? HIDDEN
          : jsonDefault(k.defaultValue)
        : undefined,
      validValues: [
        ...(k.type === 'enum' ? [`one of ${k.values.join(', ')}`] : []),
        ...k.validators.map((v) => v.description),
      ],
      group: k.group ?? undefined,
    }));
  }

  #evaluate(props: Readonly<Record<string, unknown>>) {
    const values: Record<string, unknown> = {};
    const problems: ConfigProblem[] = [];
    const reports: ConfigValueReport[] = [];
    for (const key of this.#keys.values()) {
      const raw = Object.hasOwn(props, key.name) ? props[key.name] : undefined;
      const secret = key.type === 'password';
      let problem: ConfigProblem | undefined;
      if (raw == null) {
        if (key.hasDefault) values[key.name] = key.defaultValue;
        else problem = { key: key.name, reason: 'missing, and has no default value' };
      } else {
        const checked = checkValue(
          key.name,
          key.type,
          key.schema,
          key.validators as readonly Validator<unknown>[],
          raw,
        );
        if (checked.ok) values[key.name] = checked.value;
        else problem = checked.problem;
      }
      if (problem) problems.push(problem);
      const shown =
        raw != null ? displayValue(raw, secret) : key.hasDefault ? displayValue(key.defaultValue, secret) : null;
      reports.push({ name: key.name, value: shown, errors: problem ? [formatProblem(problem)] : [] });
    }
    return { values, problems, reports };
  }
}

type Checked = { ok: true; value: unknown } | { ok: false; problem: ConfigProblem };

/** The parsed value, or a problem naming the (redacted) raw value and the first reason it fails. */
function checkValue(
  key: string,
  type: ConfigType,
  schema: z.ZodType,
  validators: readonly Validator<unknown>[],
  raw: unknown,
): Checked {
  const secret = type === 'password';
  const fail = (reason: string): Checked => ({
    ok: false,
    problem: { key, value: displayValue(raw, secret), reason },
  });
  const parsed = schema.safeParse(raw);
  // The password schema's messages are fixed text; a validator's reason might quote the value, so
  // for a secret only its static description is printed (nothing is searched for and replaced).
  if (!parsed.success) return fail(secret ? 'expected a string' : (parsed.error.issues[0]?.message ?? 'is invalid'));
  for (const v of validators) {
    const reason = v.check(parsed.data);
    if (reason !== undefined) return fail(secret ? `must be ${v.description}` : reason);
  }
  return { ok: true, value: parsed.data };
}

function jsonDefault(value: unknown): unknown {
  return value instanceof Password ? HIDDEN : value;
}
