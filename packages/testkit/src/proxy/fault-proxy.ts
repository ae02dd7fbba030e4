import { Agent, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { TestkitError } from '../errors.js';
import { alreadyExists, type CreateOnlyWrite, checkExists, detectCreateOnly } from './create-only.js';
import { ActiveRule, type FaultAction, type FaultHandle, type FaultRule, type ProxiedRequest } from './fault-rule.js';
import { type ForwardMode, forward } from './forward.js';
import { KeyLock } from './key-lock.js';
import { answerLocally, resetConnection } from './local-answer.js';
import { type MutableRecord, type ProxyRequestRecord, RequestLog } from './request-log.js';

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** The server to forward to, `http://HOST:PORT` (plain HTTP, no path), e.g. an s3rver on 127.0.0.1. */
  readonly target: string;
  /** Port to listen on, on 127.0.0.1. Default: 0, a free port chosen by the system. */
  readonly port?: number;
  /** Seed of probability rules that set no `when.seed`. Default: 1. */
  readonly seed?: number;
  /** Start with create-only enforcement on (see {@link FaultProxy.enforceCreateOnly}). Default: false. */
  readonly enforceCreateOnly?: boolean;
  /**
   * Send the client's `Host` header to the target unchanged. Default: true, because the client
   * signed its request (AWS SigV4) for the host it talked to — the proxy — and because servers
   * build URLs they hand back (GCS resumable `Location`) from it, which then lead through the
   * proxy again. With false, the target's `host:port` is sent: signature-verifying servers then
   * reject signed requests, unless the client signed for the target's host.
   */
  readonly preserveHost?: boolean;
  /** Newest records kept in {@link FaultProxy.requests}. Default: 10 000. */
  readonly logLimit?: number;
}

/** A running fault-injecting proxy. Stop it with {@link FaultProxy.stop}. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: point the client's endpoint here. */
  readonly url: string;
  readonly port: number;
  /** The target URL requests are forwarded to. */
  readonly target: string;
  /**
   * Adds a rule; it applies to requests arriving from now on. Rules are checked in the order they
   * were added: every firing `latency` adds its delay, and the first other action that fires
   * decides the request's fate (later rules still count the request toward their `when`).
   * Throws a TestkitError naming the bad key when the rule is invalid.
   */
  addFault(rule: FaultRule): FaultHandle;
  /** Removes every rule. */
  clearFaults(): void;
  /**
   * Turns create-only enforcement on (default) or off. When on, a create-only write of an object
   * that exists is answered 412 (409 for OSS) instead of being forwarded; which requests count is
   * listed on `CreateOnlyDialect`. Existence is asked of the target (S3 `HEAD`, GCS JSON API
   * `GET …/o/NAME`), and create-only writes of one object are serialized inside the proxy, from
   * that check until the client has the answer, so two racing writes cannot both succeed. Plain
   * writes are not serialized. Fault rules apply before enforcement.
   */
  enforceCreateOnly(on?: boolean): void;
  /** Every request received, oldest first (bounded by `logLimit`). A live view. */
  readonly requests: readonly ProxyRequestRecord[];
  /** Closes the listener and every connection (held and hanging requests included). Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts an HTTP proxy on 127.0.0.1 in front of `target` that forwards every request, streaming
 * bodies both ways, and injects the faults added with {@link FaultProxy.addFault}.
 *
 * Limits: plain HTTP/1.1 only (no TLS, no CONNECT, no upgrades); the client's `100-continue` is
 * answered by the proxy at once, so a fault or 412 comes after the body was sent; HTTP trailers
 * are relayed on requests but not on answers.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = parseTarget(options.target);
  const preserveHost = options.preserveHost ?? true;
  const seed = options.seed ?? 1;
  const log = new RequestLog(options.logLimit ?? 10_000);
  const agent = new Agent({ keepAlive: true });
  const locks = new KeyLock();
  const sessions = new Map<string, CreateOnlyWrite>();
  const waits = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  let rules: ActiveRule[] = [];
  let rulesAdded = 0;
  let createOnly = options.enforceCreateOnly ?? false;
  let stopped = false;
  let stopping: Promise<void> | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wait = { timer: setTimeout(() => done(), ms), done: () => done() };
      const done = () => {
        clearTimeout(wait.timer);
        waits.delete(wait);
        resolve();
      };
      waits.add(wait);
    });

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q + 1);
    const method = (req.method ?? 'GET').toUpperCase();
    const record = log.add(method, path, query);
    const started = performance.now();
    const exchange = { req, res, record, over: false };
    res.once('close', () => {
      exchange.over = true;
      record.durationMs = performance.now() - started;
    });
    const request: ProxiedRequest = { method, path, query: new URLSearchParams(query), headers: req.headers };
    handle(exchange, request).catch((error: unknown) => {
      // Only a throwing predicate gets here; tell the client rather than leave it hanging.
      const message = error instanceof Error ? error.message : String(error);
      record.error = message;
      if (res.headersSent) res.destroy();
      else answerLocally(req, res, record, { status: 500, body: `fault proxy: ${message}\n` });
    });
  }

  async function handle(exchange: Exchange, request: ProxiedRequest): Promise<void> {
    const { req, res, record } = exchange;
    let delay = 0;
    let action: FaultAction | undefined;
    for (const rule of rules) {
      if (!rule.consider(request, action !== undefined)) continue;
      record.faults.push(rule.name);
      if (rule.rule.action.type === 'latency') delay += rule.rule.action.ms;
      else action = rule.rule.action;
    }
    if (delay > 0) await sleep(delay);
    if (exchange.over || stopped) return;

    let mode: ForwardMode = { type: 'pass' };
    switch (action?.type) {
      case 'error':
        answerLocally(req, res, record, action);
        return;
      case 'hang':
        req.resume();
        return;
      case 'reset':
        if (!action.afterForward) {
          resetConnection(req.socket);
          return;
        }
        mode = { type: 'reset' };
        break;
      case 'cut':
        mode = { type: 'cut', afterBytes: action.afterBytes };
        break;
    }
    const host = preserveHost ? (req.headers.host ?? target.host) : target.host;
    const write = createOnly ? detectCreateOnly(request, sessions) : undefined;
    if (!write) {
      forward(req, res, { target, agent, host, mode, record });
      return;
    }
    if ('unchecked' in write) {
      record.createOnly = { outcome: 'unchecked', detail: write.unchecked };
      forward(req, res, { target, agent, host, mode, record });
      return;
    }
    await forwardCreateOnly(exchange, write, host, mode);
  }

  async function forwardCreateOnly(exchange: Exchange, write: CreateOnlyWrite, host: string, mode: ForwardMode) {
    const { req, res, record } = exchange;
    const release = await locks.acquire(write.key);
    if (exchange.over || stopped) {
      release();
      return;
    }
    // Held until the client has the whole answer: the next write of this key checks afterwards.
    res.once('close', release);
    const check = await checkExists(target, agent, write, req.headers, host);
    if (exchange.over) return;
    const detail = check.status === undefined ? check.error : `${write.check.method} ${check.status}`;
    if (check.exists === true) {
      record.createOnly = { key: write.key, outcome: 'exists', detail };
      answerLocally(req, res, record, alreadyExists(write.dialect));
      return;
    }
    record.createOnly = { key: write.key, outcome: check.exists === false ? 'absent' : 'unchecked', detail };
    const uploadId = new URLSearchParams(record.query).get('upload_id');
    forward(req, res, {
      target,
      agent,
      host,
      mode,
      record,
      onResponse: (answer) => {
        const status = answer.statusCode ?? 0;
        if (write.startsSession && status >= 200 && status < 300) rememberSession(answer.headers.location, write);
        // A session PUT answered 200/201 finalized the object: the session is over.
        if (uploadId !== null && (status === 200 || status === 201)) sessions.delete(uploadId);
      },
    });
  }

  function rememberSession(location: string | undefined, write: CreateOnlyWrite): void {
    // URL.canParse avoids a throw inside a response handler, where it would crash the process.
    if (!location || !URL.canParse(location, target.href)) return;
    const uploadId = new URL(location, target).searchParams.get('upload_id');
    if (uploadId) sessions.set(uploadId, { ...write, startsSession: false });
  }

  // No request timeout: a hanging-request fault must hang until the client gives up.
  const server = createServer({ requestTimeout: 0 }, onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new TestkitError(`fault proxy could not listen on 127.0.0.1:${options.port ?? 0}`, undefined, { cause: error }),
      ),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    target: target.origin,
    addFault(rule) {
      rulesAdded += 1;
      const active = new ActiveRule(rule, (seed ^ Math.imul(rulesAdded, 0x9e3779b9)) >>> 0);
      rules = [...rules, active];
      return {
        name: active.name,
        get matched() {
          return active.matched;
        },
        get fired() {
          return active.fired;
        },
        remove() {
          rules = rules.filter((r) => r !== active);
        },
      };
    },
    clearFaults() {
      rules = [];
    },
    enforceCreateOnly(on = true) {
      createOnly = on;
    },
    get requests() {
      return log.entries;
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        stopped = true;
        for (const wait of waits) wait.done();
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      });
      return stopping;
    },
  };
}

/** One request in flight; `over` turns true once the client's response is closed. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly record: MutableRecord;
  over: boolean;
}

function parseTarget(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new TestkitError(`fault proxy: target must be an http:// URL, got ${JSON.stringify(text)}`, undefined, {
      cause: error,
    });
  }
  if (url.protocol !== 'http:' || (url.pathname !== '/' && url.pathname !== '') || url.search) {
    throw new TestkitError(
      `fault proxy: target must be a plain http://HOST:PORT URL without path or query, got ${JSON.stringify(text)}`,
    );
  }
  return url;
}
