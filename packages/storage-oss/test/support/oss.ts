import { randomBytes } from 'node:crypto';
import OSS from 'ali-oss';
import type { OssDouble } from './oss-double.js';

/** A fresh bucket name, so tests sharing one double never see each other's objects. */
export function bucketName(): string {
  return `b-${randomBytes(6).toString('hex')}`;
}

/**
 * An ali-oss client for `bucket` on the double, reached at `endpoint` (the double itself or a fault
 * proxy in front of it). An IP endpoint makes ali-oss send the bucket in the Host header
 * (`bucket.oss-cn-hangzhou.aliyuncs.com`) and the request to the IP: virtual-hosted style,
 * as on OSS. `retryMax` is ali-oss's default 0 unless given.
 */
export function clientFor(
  double: OssDouble,
  bucket: string,
  extra: Partial<OSS.Options> & { endpoint?: string } = {},
): OSS {
  return new OSS({
    region: 'oss-cn-hangzhou',
    endpoint: double.endpoint,
    accessKeyId: double.credentials.accessKeyId,
    accessKeySecret: double.credentials.accessKeySecret,
    ...(double.credentials.stsToken
      ? { stsToken: double.credentials.stsToken, refreshSTSTokenInterval: 3_600_000 }
      : {}),
    bucket,
    timeout: 20_000,
    ...extra,
  });
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

/** An OSS error answer for the fault proxy: XML body with Code, Message, RequestId, HostId. */
export function ossError(status: number, code: string, message: string) {
  const id = `5C3DFAULT${randomBytes(8).toString('hex').toUpperCase()}`;
  return {
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${id}</RequestId><HostId>oss-double.aliyuncs.com</HostId></Error>`,
    headers: { 'content-type': 'application/xml', 'x-oss-request-id': id },
  };
}
