import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * OSS's V1 request signature, as Alibaba documents it ("Include a V1 signature in the
 * Authorization header"):
 *
 *   Authorization = "OSS " + AccessKeyId + ":" + base64(hmac-sha1(AccessKeySecret,
 *       VERB + "\n" + Content-MD5 + "\n" + Content-Type + "\n" + Date + "\n"
 *       + CanonicalizedOSSHeaders + CanonicalizedResource))
 *
 * - CanonicalizedOSSHeaders: every `x-oss-*` header, name lower-cased, value trimmed, sorted by
 *   name, each as `name:value\n`.
 * - CanonicalizedResource: `/bucket/object` (the object name as is, not URL-encoded; `/bucket/` for
 *   bucket requests, `/` without a bucket), then the sub-resources among the query parameters,
 *   sorted by name, as `?a&b=v`.
 * - Date: the `Date` header; a client that cannot set `Date` (browsers, ali-oss) sends `x-oss-date`
 *   and signs that in its place.
 */
export function stringToSign(
  method: string,
  headers: IncomingHttpHeaders,
  bucket: string | undefined,
  objectName: string,
  query: URLSearchParams,
): string {
  const ossHeaders = Object.keys(headers)
    .filter((name) => name.startsWith('x-oss-'))
    .sort()
    .map((name) => `${name}:${String(headers[name]).trim()}\n`)
    .join('');
  const subresources = [...new Set(query.keys())]
    .filter((name) => SUBRESOURCES.has(name))
    .sort()
    .map((name) => {
      const value = query.get(name) ?? '';
      return value === '' ? name : `${name}=${value}`;
    });
  const path = bucket === undefined ? '/' : `/${bucket}/${objectName}`;
  const resource = subresources.length > 0 ? `${path}?${subresources.join('&')}` : path;
  const date = header(headers, 'date') ?? header(headers, 'x-oss-date') ?? '';
  return [
    method.toUpperCase(),
    header(headers, 'content-md5') ?? '',
    header(headers, 'content-type') ?? '',
    date,
    `${ossHeaders}${resource}`,
  ].join('\n');
}

/** base64(hmac-sha1(secret, stringToSign)). */
export function sign(secret: string, text: string): string {
  return createHmac('sha1', secret).update(text, 'utf8').digest('base64');
}

/** Compares signatures in constant time. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Sub-resources OSS includes in the CanonicalizedResource (its documented list, as far as this
// double needs it), plus `continuation-token`, which ali-oss signs as one in ListObjectsV2. Other
// query parameters (prefix, max-keys, list-type, key-marker, …) are not signed.
const SUBRESOURCES = new Set([
  'acl',
  'uploads',
  'location',
  'cors',
  'logging',
  'website',
  'referer',
  'lifecycle',
  'delete',
  'append',
  'tagging',
  'objectMeta',
  'uploadId',
  'partNumber',
  'security-token',
  'position',
  'img',
  'style',
  'styleName',
  'replication',
  'replicationProgress',
  'replicationLocation',
  'cname',
  'bucketInfo',
  'comp',
  'qos',
  'live',
  'status',
  'vod',
  'startTime',
  'endTime',
  'symlink',
  'x-oss-process',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'versionId',
  'continuation-token',
]);

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
