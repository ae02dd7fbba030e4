import { randomBytes } from 'node:crypto';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { type S3Server, s3ClientConfig } from '@sinkkit/testkit';

/** A fresh bucket name, so tests sharing one server never see each other's objects. */
export function bucketName(): string {
  return `b-${randomBytes(6).toString('hex')}`;
}

/**
 * A client for `server`, reached at `endpoint` (the server itself or a fault proxy in front of
 * it). `maxAttempts: 1` leaves retrying to the adapter, so tests count its attempts exactly.
 */
export function clientFor(server: S3Server, endpoint = server.endpoint, extra: S3ClientConfig = {}): S3Client {
  return new S3Client({ ...s3ClientConfig(server), endpoint, maxAttempts: 1, ...extra });
}

/** Deterministic bytes: position-dependent, so a lost, repeated or reordered part changes them. */
export function pattern(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** One request as the client sent it (after signing). */
export interface SentRequest {
  readonly command: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Records every request `client` sends, and how many UploadParts were in flight at most at once.
 * A client middleware rather than the proxy's log, because that log keeps no headers.
 */
export function recordRequests(client: S3Client): { sent: SentRequest[]; maxPartsInFlight: () => number } {
  const sent: SentRequest[] = [];
  let inFlight = 0;
  let max = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      const command = String(context.commandName ?? '');
      sent.push({ command, headers: { ...request.headers } });
      const part = command === 'UploadPartCommand';
      if (part) max = Math.max(max, ++inFlight);
      try {
        return await next(args);
      } finally {
        if (part) inFlight--;
      }
    },
    { step: 'finalizeRequest', name: 'sinkkitTestRecorder', priority: 'low' },
  );
  return { sent, maxPartsInFlight: () => max };
}
