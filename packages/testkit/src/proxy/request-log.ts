/** What create-only enforcement did with a request. */
export interface CreateOnlyRecord {
  /** The object the write targets (host, then bucket and name); writes of one key were serialized. */
  readonly key?: string;
  /**
   * `absent`: forwarded, the object did not exist. `exists`: answered 412 (409 for OSS) without
   * forwarding. `unchecked`: forwarded unchanged because the proxy could not decide (see `detail`).
   */
  readonly outcome: 'absent' | 'exists' | 'unchecked';
  /** Why a write went unchecked, or the status of the existence check. */
  readonly detail?: string;
}

/**
 * One request as the proxy saw and handled it. The record is appended when the request arrives
 * and filled in as it proceeds, so a test may read it once the client has its answer.
 */
export interface ProxyRequestRecord {
  /** 1 for the first request the proxy received, and so on. */
  readonly seq: number;
  readonly method: string;
  /** URL path as sent, not decoded. */
  readonly path: string;
  /** Raw query string without the `?` ('' when none). */
  readonly query: string;
  /** Status the client received; undefined if it got none (reset, hang, failure before headers). */
  readonly status: number | undefined;
  /** Names of the fault rules that fired on the request, in the order the rules were added; empty when none. */
  readonly faults: readonly string[];
  /** Set when the request was a create-only write and enforcement was on. */
  readonly createOnly: CreateOnlyRecord | undefined;
  /** Forwarding failure, e.g. the target refused the connection (the client then gets a 502). */
  readonly error: string | undefined;
  /** Set once the exchange is over (answered, reset or abandoned by the client). */
  readonly durationMs: number | undefined;
}

/** The proxy's writable view of a record. */
export type MutableRecord = { -readonly [K in keyof ProxyRequestRecord]: ProxyRequestRecord[K] } & {
  faults: string[];
};

/** A bounded log: keeps the newest `limit` records so a long-running proxy does not grow without end. */
export class RequestLog {
  private readonly records: MutableRecord[] = [];
  private seq = 0;

  constructor(private readonly limit: number) {}

  get entries(): readonly ProxyRequestRecord[] {
    return this.records;
  }

  add(method: string, path: string, query: string): MutableRecord {
    this.seq += 1;
    const record: MutableRecord = {
      seq: this.seq,
      method,
      path,
      query,
      status: undefined,
      faults: [],
      createOnly: undefined,
      error: undefined,
      durationMs: undefined,
    };
    this.records.push(record);
    if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
    return record;
  }
}
