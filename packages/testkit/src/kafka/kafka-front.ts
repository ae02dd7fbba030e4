import { connect, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { TestkitError } from '../errors.js';
import type { KafkaBroker } from './kafka-cluster.js';
import {
  addSaslApis,
  FrameReader,
  readRequestHeader,
  responseFrame,
  rewriteMetadata,
  WireApi,
  WireReader,
  WireWriter,
} from './kafka-wire.js';
import { type SaslMechanism, type SaslStep, saslExchange } from './sasl-server.js';

/** Options of {@link startKafkaFront}. */
export interface KafkaFrontOptions {
  /** The brokers to front, e.g. a test cluster's `brokers`. */
  brokers: readonly Pick<KafkaBroker, 'id' | 'host' | 'port'>[];
  /** Serve TLS with this server key and certificate chain (PEM), e.g. from `makeTestCertificates`. */
  tls?: {
    key: string;
    cert: string;
    /** Ask clients for a certificate signed by this CA (PEM), and refuse those without one (mutual TLS). */
    clientCa?: string;
  };
  /** Require a SASL login before any other request. */
  sasl?: {
    /** Default: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512. OAUTHBEARER too when listed. */
    mechanisms?: readonly SaslMechanism[];
    /** User name → password. */
    users: Readonly<Record<string, string>>;
    /** OAUTHBEARER: bearer token → principal (offered only when `mechanisms` lists OAUTHBEARER). */
    tokens?: Readonly<Record<string, string>>;
  };
  /** Host the front listens on and advertises. Default 127.0.0.1. */
  host?: string;
}

/** A running {@link startKafkaFront}. */
export interface KafkaFront {
  /** Comma-separated `host:port` of the front's listeners, one per broker, for `bootstrap.servers`. */
  readonly bootstrapServers: string;
  /** Logins that succeeded, by user name, and failed logins, in order. */
  readonly logins: readonly { readonly user: string | null; readonly mechanism: string; readonly ok: boolean }[];
  /** Connections accepted so far (after the TLS handshake, when TLS is on). */
  readonly connections: number;
  /** Closes the listeners and every connection. Idempotent. */
  stop(): Promise<void>;
}

const ERROR_UNSUPPORTED_SASL_MECHANISM = 33;
const ERROR_ILLEGAL_SASL_STATE = 34;
const ERROR_SASL_AUTHENTICATION_FAILED = 58;

/**
 * Starts a Kafka front on 127.0.0.1: one listener per broker that forwards every request to
 * that broker, optionally behind TLS and a SASL login, so a client can be tested against a
 * secured cluster though the test cluster (librdkafka's mock) has neither.
 *
 * - Metadata answers are rewritten to advertise the front's listeners instead of the brokers,
 *   so clients (which connect to the brokers that metadata names) keep coming back through it.
 * - With `sasl`, ApiVersions answers also offer SaslHandshake and SaslAuthenticate v0–v1; the
 *   front answers those itself (PLAIN, and SCRAM-SHA-256/512 per RFC 5802 as Kafka's broker
 *   does), answers SASL_AUTHENTICATION_FAILED and closes the connection on a bad login, and
 *   closes it on any request other than ApiVersions before the login, as a Kafka broker does.
 *   Only the framed (KIP-152) exchange is served, which every client since Kafka 1.0 uses.
 */
export async function startKafkaFront(options: KafkaFrontOptions): Promise<KafkaFront> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const logins: { user: string | null; mechanism: string; ok: boolean }[] = [];
  let connections = 0;
  const servers: Server[] = [];
  const advertised = new Map<number, { host: string; port: number }>();

  const users = new Map(Object.entries(options.sasl?.users ?? {}));
  const tokens = new Map(Object.entries(options.sasl?.tokens ?? {}));
  const mechanisms = options.sasl?.mechanisms ?? (['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const);

  const serve = (broker: KafkaFrontOptions['brokers'][number]) => (client: Socket) => {
    connections++;
    sockets.add(client);
    const upstream = connect({ host: broker.host, port: broker.port });
    sockets.add(upstream);
    const inFlight = new Map<number, { apiKey: number; apiVersion: number }>();
    const fromClient = new FrameReader();
    const fromBroker = new FrameReader();
    let authenticated = options.sasl === undefined;
    let exchange: { mechanism: string; step(message: Buffer): SaslStep } | null = null;
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
    const reply = (correlationId: number, body: Buffer) => client.write(responseFrame(correlationId, body));
    const forward = (frame: Buffer, apiKey: number, apiVersion: number, correlationId: number) => {
      inFlight.set(correlationId, { apiKey, apiVersion });
      const size = Buffer.alloc(4);
      size.writeInt32BE(frame.length);
      upstream.write(Buffer.concat([size, frame]));
    };

    client.on('data', (chunk: Buffer) => {
      for (const frame of fromClient.push(chunk)) {
        const { apiKey, apiVersion, correlationId, bodyOffset } = readRequestHeader(frame);
        const body = new WireReader(frame, bodyOffset);
        if (apiKey === WireApi.SaslHandshake && options.sasl) {
          const wanted = body.string() ?? '';
          const known = (mechanisms as readonly string[]).includes(wanted);
          exchange = known ? { mechanism: wanted, ...saslExchange(wanted as SaslMechanism, users, tokens) } : null;
          const w = new WireWriter().int16(known ? 0 : ERROR_UNSUPPORTED_SASL_MECHANISM).int32(mechanisms.length);
          for (const m of mechanisms) w.string(m);
          reply(correlationId, w.toBuffer());
        } else if (apiKey === WireApi.SaslAuthenticate && options.sasl) {
          const result: SaslStep =
            exchange === null || authenticated
              ? { kind: 'failed', message: 'Unexpected SaslAuthenticate request' }
              : exchange.step(body.bytes());
          const w = new WireWriter();
          if (result.kind === 'failed') {
            w.int16(exchange === null || authenticated ? ERROR_ILLEGAL_SASL_STATE : ERROR_SASL_AUTHENTICATION_FAILED);
            w.string(result.message).bytes(Buffer.alloc(0));
            logins.push({ user: null, mechanism: exchange?.mechanism ?? '', ok: false });
          } else {
            w.int16(0).string(null).bytes(result.reply);
            if (result.kind === 'done') {
              authenticated = true;
              logins.push({ user: result.user, mechanism: exchange?.mechanism ?? '', ok: true });
            }
          }
          if (apiVersion >= 1) w.int64(0n); // session_lifetime_ms: no re-authentication
          reply(correlationId, w.toBuffer());
          if (result.kind === 'failed') client.end();
        } else if (!authenticated && apiKey !== WireApi.ApiVersions) {
          close();
          return;
        } else {
          forward(frame, apiKey, apiVersion, correlationId);
        }
      }
    });

    upstream.on('data', (chunk: Buffer) => {
      for (const frame of fromBroker.push(chunk)) {
        const correlationId = frame.readInt32BE(0);
        const request = inFlight.get(correlationId);
        inFlight.delete(correlationId);
        let body = frame.subarray(4);
        if (request?.apiKey === WireApi.Metadata) {
          body = rewriteMetadata(body, request.apiVersion, (id) => advertised.get(id));
        } else if (request?.apiKey === WireApi.ApiVersions && options.sasl) {
          body = addSaslApis(body, request.apiVersion);
        }
        reply(correlationId, body);
      }
    });
  };

  try {
    for (const broker of options.brokers) {
      const handler = serve(broker);
      const tls = options.tls;
      const server = tls
        ? createTlsServer(
            {
              key: tls.key,
              cert: tls.cert,
              ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
            },
            handler,
          )
        : createTcpServer(handler);
      // A failed handshake (a client that does not trust the certificate) only ends that connection.
      server.on('tlsClientError', (_error, socket) => socket.destroy());
      servers.push(server);
      const port = await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : 0);
        });
      });
      advertised.set(broker.id, { host, port });
    }
  } catch (error) {
    for (const server of servers) server.close();
    throw new TestkitError(`the Kafka front could not listen on ${host}: ${(error as Error).message}`);
  }

  let stopping: Promise<void> | undefined;
  return {
    bootstrapServers: [...advertised.values()].map((a) => `${a.host}:${a.port}`).join(','),
    logins,
    get connections() {
      return connections;
    },
    stop() {
      stopping ??= (async () => {
        for (const socket of sockets) socket.destroy();
        await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      })();
      return stopping;
    },
  };
}
