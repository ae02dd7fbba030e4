import { DataError } from '@sinkkit/core';

/**
 * An Avro schema as the Connect → Avro conversion builds it, before it is written out: a
 * primitive name, a union, or an object whose keys are in the order Avro Java writes them.
 * Named types (`record`, `enum`, `fixed`) carry their simple `name` and their `namespace`
 * (`null` for none) and may occur several times: the same definition used again.
 */
export type AvroNode = string | AvroNode[] | AvroObject;
/** A schema object (`{type, ...}`) or a record field (`{name, type, ...}`). */
export type AvroObject = { readonly [key: string]: unknown };

const NAMED = new Set(['record', 'error', 'enum', 'fixed']);

/** Whether `node` defines a named type. */
export function isNamedNode(node: unknown): node is AvroObject {
  return (
    typeof node === 'object' && node !== null && !Array.isArray(node) && NAMED.has(String((node as AvroObject).type))
  );
}

/** The full name of a named node. */
export function nodeFullName(node: AvroObject): string {
  return typeof node.namespace === 'string' && node.namespace ? `${node.namespace}.${node.name}` : String(node.name);
}

/**
 * The schema's JSON text, written as Avro Java's `Schema.toString()` writes it (the text
 * Confluent's AvroData hands to the registry and to its Avro files):
 * - a named type is defined where it first occurs; a later occurrence of an equal definition is
 *   a reference, by its simple name inside its own namespace and by full name elsewhere;
 * - `namespace` is written only where it differs from the enclosing one;
 * - one deviation: a named type without namespace defined inside a namespaced record takes the
 *   enclosing namespace (no `namespace` is written), where Avro Java writes `"namespace": ""`.
 *   The specification resolves a name without a dot in the enclosing namespace, so a type in
 *   no namespace cannot be referenced from inside one: Avro Java's text then fails in avsc and
 *   is read with another name by Python's avro. Its `connect.name` keeps the Connect name;
 * - the full name each named node ends up with is put in `names` (avsc's union branch names);
 * - two different definitions of one name are an error (Avro Java's "Can't redefine"), here a
 *   `DataError`, since Avro names must be unique. As in Avro Java, `doc` does not count.
 * Bigint values (long defaults) are written with all their digits.
 */
export function avroSchemaText(node: AvroNode, names: WeakMap<object, string> = new WeakMap()): string {
  return stringify(toJson(node, { defined: new Map(), names }, null));
}

interface Context {
  /** Full name → structural key of its definition. */
  readonly defined: Map<string, string>;
  readonly names: WeakMap<object, string>;
}

function toJson(node: AvroNode, context: Context, space: string | null): unknown {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map((branch) => toJson(branch, context, space));
  if (!isNamedNode(node)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = key === 'items' || key === 'values' ? toJson(value as AvroNode, context, space) : value;
    }
    return out;
  }
  const own = typeof node.namespace === 'string' && node.namespace ? node.namespace : null;
  const earlier = context.names.get(node);
  const inherited = earlier === undefined ? space : namespaceOf(earlier);
  const namespace = own ?? inherited;
  const full = namespace ? `${namespace}.${node.name}` : String(node.name);
  const key = canonical(node);
  const defined = context.defined.get(full);
  if (defined !== undefined) {
    if (defined !== key) throw new DataError(`Two different schemas are both named ${full}; Avro names must be unique`);
    if (namespace === space) return String(node.name);
    if (namespace === null) {
      throw new DataError(
        `${full} has no namespace and is used again inside namespace ${space}, where Avro cannot refer to it; give it a namespace`,
        { code: 'AVRO_UNREPRESENTABLE' },
      );
    }
    return full;
  }
  context.defined.set(full, key);
  context.names.set(node, full);
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(node)) {
    if (k === 'namespace') {
      if (namespace !== null && namespace !== space) out.namespace = namespace;
    } else if (k === 'fields') {
      out.fields = (value as AvroObject[]).map((field) => {
        const f: Record<string, unknown> = {};
        for (const [fk, fv] of Object.entries(field))
          f[fk] = fk === 'type' ? toJson(fv as AvroNode, context, namespace) : fv;
        return f;
      });
    } else {
      out[k] = value;
    }
  }
  return out;
}

function namespaceOf(full: string): string | null {
  const dot = full.lastIndexOf('.');
  return dot < 0 ? null : full.slice(0, dot);
}

const keys = new WeakMap<object, string>();

/** A structural key of a schema: equal keys ⇔ equal schemas as Avro Java compares them (docs aside). */
export function canonical(node: AvroNode): string {
  if (typeof node === 'string') return JSON.stringify(node);
  if (Array.isArray(node)) return `[${node.map(canonical).join(',')}]`;
  const known = keys.get(node);
  if (known !== undefined) return known;
  const parts = Object.keys(node)
    .filter((k) => k !== 'doc')
    .sort()
    .map((k) => {
      const value = node[k];
      if (k === 'items' || k === 'values') return `${k}:${canonical(value as AvroNode)}`;
      if (k === 'fields') {
        const fields = (value as AvroObject[]).map((field) =>
          Object.keys(field)
            .filter((fk) => fk !== 'doc')
            .sort()
            .map((fk) => `${fk}:${fk === 'type' ? canonical(field[fk] as AvroNode) : stableStringify(field[fk])}`)
            .join(','),
        );
        return `fields:[${fields.map((f) => `{${f}}`).join(',')}]`;
      }
      return `${k}:${stableStringify(value)}`;
    });
  const key = `{${parts.join(',')}}`;
  keys.set(node, key);
  return key;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return stringify(value);
}

const BIGINT = '\u0000bigint:';

/** JSON.stringify that writes bigints as plain JSON numbers with every digit. */
function stringify(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${BIGINT}${v}` : v)).replace(
    /"\\u0000bigint:(-?\d+)"/g,
    '$1',
  );
}
