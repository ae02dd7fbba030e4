import { DataError, isRetriable, type Password, RetriableError, retry, SinkkitError } from '@sinkkit/core';

/** How to reach a Confluent-compatible Schema Registry. */
export interface SchemaRegistryClientOptions {
  /** Base URLs (`schema.registry.url`, comma-separated there); tried in order on network errors. */
  urls: readonly string[];
  /** `user:password` for HTTP basic auth (`basic.auth.user.info`); never printed. */
  userInfo?: Password | null;
  /** Attempts per request for 5xx and network failures, with jittered backoff. Default 3. */
  maxAttempts?: number;
  /** Per-request timeout in milliseconds. Default 30 000. */
  requestTimeoutMs?: number;
  /** For tests: the fetch to use. Default the global fetch. */
  fetch?: typeof fetch;
}

/** A schema as the registry stores it. */
export interface RegisteredSchema {
  id: number;
  schema: string;
  subject?: string;
  version?: number;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * A small client for the Schema Registry REST API endpoints the Avro converter needs
 * (`GET /schemas/ids/{id}`, `POST /subjects/{subject}/versions`, `POST /subjects/{subject}`,
 * `GET /subjects/{subject}/versions/latest`), with caches: id → schema and subject+schema → id
 * are immutable in the registry, so they are kept for the client's life; concurrent look-ups of
 * the same key share one request.
 *
 * Why not a library: `@kafkajs/confluent-schema-registry` requires Node ≥ 22 and brings
 * protobufjs, ajv and mappersmith; `@confluentinc/schemaregistry` brings cloud KMS clients. The
 * four calls above fit in this file on Node's own fetch.
 *
 * Errors: a 404 (40401 subject / 40403 schema not found) is a `DataError` (code
 * `SCHEMA_NOT_FOUND`, never retriable: the id in the record will not appear later); 401/403 a
 * `SinkkitError` `REGISTRY_UNAUTHORIZED`; 5xx, 429 and network failures are retried, then
 * thrown as a `RetriableError` `REGISTRY_UNAVAILABLE`. Messages never contain the credentials.
 */
export class SchemaRegistryClient {
  readonly #urls: readonly string[];
  readonly #authorization: string | null;
  readonly #maxAttempts: number;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #byId = new Map<number, Promise<string>>();
  readonly #idBySubjectSchema = new Map<string, Promise<number>>();
  readonly #versionBySubjectSchema = new Map<string, Promise<number | null>>();

  constructor(options: SchemaRegistryClientOptions) {
    if (options.urls.length === 0) throw new TypeError('SchemaRegistryClient needs at least one URL');
    this.#urls = options.urls.map((u) => u.replace(/\/+$/, ''));
    const userInfo = options.userInfo?.value();
    this.#authorization = userInfo ? `Basic ${Buffer.from(userInfo, 'utf8').toString('base64')}` : null;
    this.#maxAttempts = options.maxAttempts ?? 3;
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#fetch = options.fetch ?? fetch;
  }

  /** The schema text registered under `id`. Cached for good once found. */
  getSchemaById(id: number): Promise<string> {
    return cached(this.#byId, id, async () => {
      const body = await this.#request('GET', `/schemas/ids/${id}`, undefined, `schema id ${id}`);
      const schemaType = (body as { schemaType?: string }).schemaType;
      if (schemaType !== undefined && schemaType !== 'AVRO') {
        throw new DataError(`Schema id ${id} is a ${schemaType} schema, not Avro`, { code: 'SCHEMA_NOT_AVRO' });
      }
      return stringField(body, 'schema');
    });
  }

  /** Registers `schema` under `subject` (or finds it if already there) and returns its id. */
  register(subject: string, schema: string): Promise<number> {
    return cached(this.#idBySubjectSchema, `${subject}\u0000${schema}`, async () => {
      const body = await this.#request('POST', `/subjects/${enc(subject)}/versions`, { schema }, `subject ${subject}`);
      const id = numberField(body, 'id');
      this.#byId.set(id, Promise.resolve(schema));
      return id;
    });
  }

  /** The id of `schema` under `subject`, without registering it; a DataError if it is not there. */
  lookup(subject: string, schema: string): Promise<number> {
    return cached(this.#idBySubjectSchema, `${subject}\u0000${schema}`, async () => {
      const body = await this.#request('POST', `/subjects/${enc(subject)}`, { schema }, `subject ${subject}`);
      const id = numberField(body, 'id');
      this.#byId.set(id, Promise.resolve(schema));
      return id;
    });
  }

  /**
   * The version `schema` has under `subject`, or `null` when the subject does not hold it (a
   * producer may use another subject name strategy). Cached once found: a version never changes.
   */
  version(subject: string, schema: string): Promise<number | null> {
    return cached(this.#versionBySubjectSchema, `${subject}\u0000${schema}`, async () => {
      try {
        const body = await this.#request('POST', `/subjects/${enc(subject)}`, { schema }, `subject ${subject}`);
        return numberField(body, 'version');
      } catch (error) {
        if (error instanceof DataError && error.code === 'SCHEMA_NOT_FOUND') return null;
        throw error;
      }
    });
  }

  /** The newest version registered under `subject` (not cached: it changes). */
  async latest(subject: string): Promise<RegisteredSchema> {
    const body = await this.#request(
      'GET',
      `/subjects/${enc(subject)}/versions/latest`,
      undefined,
      `subject ${subject}`,
    );
    const id = numberField(body, 'id');
    const schema = stringField(body, 'schema');
    this.#byId.set(id, Promise.resolve(schema));
    return { id, schema, subject, version: numberField(body, 'version') };
  }

  async #request(method: string, path: string, payload: unknown, what: string): Promise<unknown> {
    return retry(
      async (attempt) => {
        const base = this.#urls[(attempt - 1) % this.#urls.length] as string;
        return this.#once(method, base, path, payload, what);
      },
      { maxAttempts: this.#maxAttempts, baseMs: 100, capMs: 2_000, shouldRetry: isRetriable },
    );
  }

  async #once(method: string, base: string, path: string, payload: unknown, what: string): Promise<unknown> {
    const headers: Record<string, string> = { accept: CONTENT_TYPE };
    if (payload !== undefined) headers['content-type'] = CONTENT_TYPE;
    if (this.#authorization) headers.authorization = this.#authorization;
    let response: Response;
    try {
      response = await this.#fetch(`${base}${path}`, {
        method,
        headers,
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (cause) {
      throw new RetriableError(`Schema Registry at ${redactUrl(base)} is unreachable (${describe(cause)})`, {
        code: 'REGISTRY_UNAVAILABLE',
        cause,
      });
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      try {
        return JSON.parse(text) as unknown;
      } catch (cause) {
        throw new RetriableError(`Schema Registry returned malformed JSON for ${what}`, {
          code: 'REGISTRY_UNAVAILABLE',
          cause,
        });
      }
    }
    const { errorCode, message } = parseError(text);
    const detail = `${response.status}${errorCode ? ` / ${errorCode}` : ''}${message ? `: ${message}` : ''}`;
    if (response.status === 404) {
      throw new DataError(`Schema Registry has no ${what} (${detail})`, { code: 'SCHEMA_NOT_FOUND' });
    }
    if (response.status === 401 || response.status === 403) {
      throw new SinkkitError(`Schema Registry refused the credentials for ${what} (${detail})`, {
        code: 'REGISTRY_UNAUTHORIZED',
      });
    }
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      throw new RetriableError(`Schema Registry failed for ${what} (${detail})`, { code: 'REGISTRY_UNAVAILABLE' });
    }
    throw new DataError(`Schema Registry rejected the request for ${what} (${detail})`, { code: 'REGISTRY_REJECTED' });
  }
}

function cached<K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
  const hit = cache.get(key);
  if (hit) return hit;
  const pending = load();
  cache.set(key, pending);
  // Failures are not cached: a later record may find the registry back.
  pending.catch(() => {
    if (cache.get(key) === pending) cache.delete(key);
  });
  return pending;
}

function enc(subject: string): string {
  return encodeURIComponent(subject);
}

function parseError(text: string): { errorCode?: number; message?: string } {
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    return {
      errorCode: typeof body.error_code === 'number' ? body.error_code : undefined,
      message: typeof body.message === 'string' ? body.message : undefined,
    };
  } catch {
    return { message: text.slice(0, 200) || undefined };
  }
}

function stringField(body: unknown, key: string): string {
  const v = (body as Record<string, unknown> | null)?.[key];
  if (typeof v !== 'string') throw new DataError(`Schema Registry response has no "${key}" string`);
  return v;
}

function numberField(body: unknown, key: string): number {
  const v = (body as Record<string, unknown> | null)?.[key];
  if (typeof v !== 'number') throw new DataError(`Schema Registry response has no "${key}" number`);
  return v;
}

function describe(cause: unknown): string {
  const c = cause as { name?: string; message?: string; cause?: { code?: string } } | null;
  return c?.cause?.code ?? c?.name ?? 'network error';
}

/** The URL without any `user:password@` part. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '[invalid url]';
  }
}
