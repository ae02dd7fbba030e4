import type { IncomingHttpHeaders } from 'node:http';
import { TestkitError } from '../errors.js';
import { seededRandom } from './seeded-random.js';

/** What a rule sees of a request when deciding whether it matches. */
export interface ProxiedRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** URL path as sent by the client, without the query, not percent-decoded (e.g. `/bucket/a%20b`). */
  readonly path: string;
  /** Parsed query string (`?uploadId=…&partNumber=…`). */
  readonly query: URLSearchParams;
  /** Request headers, names lower-cased (node:http semantics). */
  readonly headers: IncomingHttpHeaders;
}

/**
 * Which requests a rule applies to. Every given criterion must hold; an empty or missing
 * `match` matches every request.
 */
export interface FaultMatch {
  /** One method or a list (case-insensitive). Default: any. */
  readonly method?: string | readonly string[];
  /** A string must equal {@link ProxiedRequest.path}; a RegExp is tested against it. Default: any. */
  readonly path?: string | RegExp;
  /** Any further condition, e.g. `(r) => r.query.has('uploadId')`. Must not throw. */
  readonly predicate?: (request: ProxiedRequest) => boolean;
}

/**
 * When a matching request is faulted. Requests are counted per rule, from 1, over the requests
 * that match it. At most one of `nth`, `first`, `every`; `probability` and `times` combine with
 * them. An empty or missing `when` faults every matching request.
 */
export interface FaultWhen {
  /** Only the nth matching request. */
  readonly nth?: number;
  /** The first N matching requests (a burst), then never again. */
  readonly first?: number;
  /** Every Nth matching request: N, 2N, 3N, … */
  readonly every?: number;
  /** Chance in [0, 1] that a request otherwise selected is faulted. */
  readonly probability?: number;
  /**
   * Seed of this rule's random generator. Default: derived from the proxy's `seed` and the
   * order in which rules were added, so a test that adds the same rules gets the same draws.
   */
  readonly seed?: number;
  /** Budget: the rule fires at most this many times in total, then stays inert. */
  readonly times?: number;
}

/** Answer with an error instead of forwarding. The request body is read and discarded first. */
export interface ErrorFault {
  readonly type: 'error';
  readonly status: number;
  /** Default: empty. */
  readonly body?: string;
  /** Default: a `content-type` guessed from the body (XML, JSON or text). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * What a rule does to a request it fires on. `latency` delays the request and lets later rules
 * and the forwarding go on; every other action ends the request's path through the rules.
 */
export type FaultAction =
  /** Wait `ms` before forwarding (the request body is not read meanwhile). */
  | { readonly type: 'latency'; readonly ms: number }
  | ErrorFault
  /**
   * Destroy the client's connection without answering. With `afterForward`, the request is first
   * forwarded and fully answered by the target — the write happened, but the client never learns it.
   */
  | { readonly type: 'reset'; readonly afterForward?: boolean }
  /**
   * Forward, send the target's status, headers and the first `afterBytes` bytes of its body, then
   * destroy the connection. Default `afterBytes`: half the `content-length`, or 0 when unknown.
   */
  | { readonly type: 'cut'; readonly afterBytes?: number }
  /** Read the request and never answer, until the client gives up or the proxy stops. */
  | { readonly type: 'hang' };

/** A scripted fault: which requests, when, and what happens to them. */
export interface FaultRule {
  /** Shown in the request log. Default: a description of the action, e.g. `error 503`. */
  readonly name?: string;
  readonly match?: FaultMatch;
  readonly when?: FaultWhen;
  readonly action: FaultAction;
}

/** The live rule returned by `addFault`. */
export interface FaultHandle {
  /** The rule's name as it appears in the request log. */
  readonly name: string;
  /** Requests that matched the rule so far. */
  readonly matched: number;
  /** Times the rule's action was applied so far. */
  readonly fired: number;
  /** Stops the rule from applying to further requests (requests already held are unaffected). Idempotent. */
  remove(): void;
}

/** A short human description of an action, used as the default rule name. */
export function describeAction(action: FaultAction): string {
  switch (action.type) {
    case 'latency':
      return `latency ${action.ms}ms`;
    case 'error':
      return `error ${action.status}`;
    case 'reset':
      return action.afterForward ? 'reset after forward' : 'reset';
    case 'cut':
      return action.afterBytes === undefined ? 'cut' : `cut after ${action.afterBytes} bytes`;
    case 'hang':
      return 'hang';
  }
}

/** A rule being applied by a proxy: counts matching requests and decides when it fires. */
export class ActiveRule {
  readonly name: string;
  matched = 0;
  fired = 0;
  private readonly methods: ReadonlySet<string> | undefined;
  private readonly random: (() => number) | undefined;

  constructor(
    readonly rule: FaultRule,
    defaultSeed: number,
  ) {
    validateRule(rule);
    this.name = rule.name ?? describeAction(rule.action);
    const method = rule.match?.method;
    this.methods =
      method === undefined ? undefined : new Set((typeof method === 'string' ? [method] : method).map(upper));
    const probability = rule.when?.probability;
    this.random = probability === undefined ? undefined : seededRandom(rule.when?.seed ?? defaultSeed);
  }

  /**
   * Counts the request if it matches and says whether the rule fires on it. When `taken` is true
   * (an earlier rule already ended the request) the request is still counted and the random draw
   * still made, so a rule's decisions depend only on the requests it matches, not on other rules.
   */
  consider(request: ProxiedRequest, taken: boolean): boolean {
    if (!this.matches(request)) return false;
    this.matched += 1;
    const when = this.rule.when ?? {};
    const n = this.matched;
    let selected =
      (when.nth === undefined || n === when.nth) &&
      (when.first === undefined || n <= when.first) &&
      (when.every === undefined || n % when.every === 0);
    if (this.random && when.probability !== undefined) selected = this.random() < when.probability && selected;
    if (!selected || taken || (when.times !== undefined && this.fired >= when.times)) return false;
    this.fired += 1;
    return true;
  }

  private matches(request: ProxiedRequest): boolean {
    const match = this.rule.match;
    if (!match) return true;
    if (this.methods && !this.methods.has(request.method)) return false;
    if (typeof match.path === 'string' && match.path !== request.path) return false;
    if (match.path instanceof RegExp && !testRegExp(match.path, request.path)) return false;
    return match.predicate ? match.predicate(request) : true;
  }
}

function upper(method: string): string {
  return method.toUpperCase();
}

// A global or sticky RegExp remembers lastIndex between calls; reset it so matching is stateless.
function testRegExp(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

function validateRule(rule: FaultRule): void {
  const label = rule.name ? `fault rule '${rule.name}'` : 'fault rule';
  const fail = (key: string, value: unknown, why: string): never => {
    throw new TestkitError(`${label}: ${key} ${why}, got ${JSON.stringify(value)}`);
  };
  const positiveInteger = (key: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) fail(key, value, 'must be a positive integer');
  };
  const when = rule.when ?? {};
  positiveInteger('when.nth', when.nth);
  positiveInteger('when.first', when.first);
  positiveInteger('when.every', when.every);
  positiveInteger('when.times', when.times);
  const schedules = [when.nth, when.first, when.every].filter((v) => v !== undefined).length;
  if (schedules > 1) fail('when', when, 'may hold only one of nth, first, every');
  const p = when.probability;
  if (p !== undefined && !(p >= 0 && p <= 1)) fail('when.probability', p, 'must be between 0 and 1');
  if (when.seed !== undefined && !Number.isInteger(when.seed)) fail('when.seed', when.seed, 'must be an integer');
  const action = rule.action;
  switch (action?.type) {
    case 'latency':
      if (!(Number.isFinite(action.ms) && action.ms >= 0)) fail('action.ms', action.ms, 'must be a finite number ≥ 0');
      break;
    case 'error':
      if (!(Number.isInteger(action.status) && action.status >= 200 && action.status <= 599))
        fail('action.status', action.status, 'must be an HTTP status between 200 and 599');
      break;
    case 'cut':
      if (action.afterBytes !== undefined && !(Number.isInteger(action.afterBytes) && action.afterBytes >= 0))
        fail('action.afterBytes', action.afterBytes, 'must be an integer ≥ 0');
      break;
    case 'reset':
    case 'hang':
      break;
    default:
      fail(
        'action.type',
        (action as { type?: unknown } | undefined)?.type,
        "must be one of 'latency', 'error', 'reset', 'cut', 'hang'",
      );
  }
}
