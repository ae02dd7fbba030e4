import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { sameSignature, sign, stringToSign } from './oss-signature.js';
import { document, escapeXml, parseCompleteBody, type XmlObject } from './oss-xml.js';

/**
 * A protocol-level test double of the Alibaba Cloud OSS endpoints @sinkkit/storage-oss uses, for
 * tests only (no OSS server can be installed here). It speaks OSS's REST API over node:http —
 * XML shapes, error codes and statuses as OSS documents them — and checks every request's V1
 * signature, so a signing mistake fails here as it would on OSS.
 *
 * Implemented, and nothing else (any other request answers 501 NotImplemented):
 *  1. PutObject (`PUT /key`, honours `x-oss-forbid-overwrite: true` → 409 FileAlreadyExists)
 *  2. GetObject (`GET /key`)
 *  3. HeadObject (`HEAD /key`)
 *  4. DeleteObject (`DELETE /key`)
 *  5. ListObjectsV2 (`GET /?list-type=2`: prefix, max-keys, continuation-token, start-after)
 *  6. InitiateMultipartUpload (`POST /key?uploads`)
 *  7. UploadPart (`PUT /key?partNumber=N&uploadId=ID`)
 *  8. CompleteMultipartUpload (`POST /key?uploadId=ID`, honours `x-oss-forbid-overwrite`; checks
 *     part order, ETags and the 100 KiB minimum of every part but the last)
 *  9. AbortMultipartUpload (`DELETE /key?uploadId=ID`)
 * 10. ListMultipartUploads (`GET /?uploads`: prefix, key-marker, upload-id-marker, max-uploads)
 *
 * Not emulated: V4 signatures, signed URLs, delimiters/common prefixes, versioning, ACLs and
 * policies (every valid signature may do everything), encryption, storage classes, CRC64 headers,
 * ListParts, copy, append, multi-region endpoints, and any timing or consistency behaviour beyond
 * "every answered write is immediately visible".
 */
export interface OssDouble {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  readonly port: number;
  /** The credentials it accepts. */
  readonly credentials: OssDoubleCredentials;
  /** Every request received, oldest first (headers lower-cased). */
  readonly requests: readonly OssDoubleRequest[];
  /** Most UploadPart requests in progress at the same time so far. */
  readonly maxPartsInFlight: number;
  /** Creates a bucket (idempotent). */
  createBucket(name: string): void;
  /** Object names in a bucket (sorted), for assertions. */
  objectNames(bucket: string): string[];
  /** Multipart uploads in progress in a bucket, for assertions. */
  uploadCount(bucket: string): number;
  /** Stops the server and closes every connection. Idempotent. */
  stop(): Promise<void>;
}

export interface OssDoubleCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** When set, requests must carry it as `x-oss-security-token` (an STS session). */
  readonly stsToken?: string;
}

export interface OssDoubleRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  status?: number;
}

interface StoredObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly contentType: string;
  readonly lastModified: Date;
  readonly type: 'Normal' | 'Multipart';
}

interface Upload {
  readonly key: string;
  readonly id: string;
  readonly initiated: Date;
  readonly contentType: string;
  readonly parts: Map<number, { body: Buffer; etag: string }>;
}

interface Bucket {
  readonly objects: Map<string, StoredObject>;
  readonly uploads: Map<string, Upload>;
}

/** An OSS error answer: status, `<Code>`, `<Message>` and extra elements. */
class OssFault {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
    readonly extra: XmlObject = {},
  ) {}
}

/** What a route returns once it has answered (every route answers or throws an OssFault). */
type Answered = true;

const MIN_PART = 100 * 1024;
const MAX_SKEW_MS = 15 * 60 * 1000;
const byUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const md5 = (data: Buffer) => createHash('md5').update(data).digest();
const etagOf = (data: Buffer) => `"${md5(data).toString('hex').toUpperCase()}"`;

/** Starts the double on 127.0.0.1 with a free port. */
export async function startOssDouble(
  options: { credentials?: Partial<OssDoubleCredentials>; buckets?: string[] } = {},
): Promise<OssDouble> {
  const credentials: OssDoubleCredentials = {
    accessKeyId: options.credentials?.accessKeyId ?? 'LTAIsinkkitTestKey',
    accessKeySecret: options.credentials?.accessKeySecret ?? 'sinkkit-oss-double-secret',
    ...(options.credentials?.stsToken ? { stsToken: options.credentials.stsToken } : {}),
  };
  const buckets = new Map<string, Bucket>();
  const requests: OssDoubleRequest[] = [];
  let partsInFlight = 0;
  let maxPartsInFlight = 0;
  let uploadCounter = 0;
  const createBucket = (name: string) => {
    if (!buckets.has(name)) buckets.set(name, { objects: new Map(), uploads: new Map() });
  };
  for (const name of options.buckets ?? []) createBucket(name);

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const record: OssDoubleRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: q < 0 ? url : url.slice(0, q),
      query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
      headers: req.headers,
    };
    requests.push(record);
    const part = record.method === 'PUT' && record.query.has('partNumber');
    if (part) maxPartsInFlight = Math.max(maxPartsInFlight, ++partsInFlight);
    res.once('close', () => {
      if (part) partsInFlight--;
    });
    readBody(req)
      .then((body) => handle(record, body, res))
      .catch((error: unknown) => {
        const fault =
          error instanceof OssFault ? error : new OssFault(500, 'InternalError', `OSS test double: ${String(error)}`);
        record.status = fault.status;
        answerError(res, record.method, fault);
      });
  });

  function handle(r: OssDoubleRequest, body: Buffer, res: ServerResponse): Answered {
    const { bucketName, objectName } = locate(r);
    checkSignature(r, bucketName, objectName, body);
    if (bucketName === undefined)
      throw new OssFault(501, 'NotImplemented', 'the OSS test double has no service-level API');
    const bucket = buckets.get(bucketName);
    if (!bucket) {
      throw new OssFault(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: bucketName });
    }
    const answer = (status: number, headers: Record<string, string> = {}, out: Buffer | string = ''): Answered => {
      r.status = status;
      const data = typeof out === 'string' ? Buffer.from(out) : out;
      res.writeHead(status, {
        ...commonHeaders(),
        ...(typeof out === 'string' && out !== '' ? { 'content-type': 'application/xml' } : {}),
        'content-length': String(data.length),
        ...headers,
      });
      res.end(r.method === 'HEAD' ? undefined : data);
      return true;
    };
    const only = (...allowed: string[]) => {
      for (const name of r.query.keys()) {
        if (!allowed.includes(name)) {
          throw new OssFault(501, 'NotImplemented', `the OSS test double does not implement the parameter ${name}`);
        }
      }
    };
    const forbidOverwrite = String(r.headers['x-oss-forbid-overwrite'] ?? '').toLowerCase() === 'true';
    const refuseExisting = () => {
      if (forbidOverwrite && bucket.objects.has(objectName)) {
        throw new OssFault(
          409,
          'FileAlreadyExists',
          'The object you specified already exists and can not be overwritten.',
        );
      }
    };

    if (objectName === '') {
      if (r.method === 'GET' && r.query.get('list-type') === '2') {
        only('list-type', 'prefix', 'max-keys', 'continuation-token', 'start-after', 'fetch-owner');
        return answer(200, {}, listObjectsV2(bucketName, bucket, r.query));
      }
      if (r.method === 'GET' && r.query.has('uploads')) {
        only('uploads', 'prefix', 'key-marker', 'upload-id-marker', 'max-uploads');
        return answer(200, {}, listUploads(bucketName, bucket, r.query));
      }
      throw new OssFault(501, 'NotImplemented', `the OSS test double does not implement ${r.method} on a bucket`);
    }

    const contentType = String(r.headers['content-type'] ?? 'application/octet-stream');
    switch (r.method) {
      case 'PUT': {
        if (r.query.has('partNumber') || r.query.has('uploadId')) {
          only('partNumber', 'uploadId');
          const upload = uploadOf(bucket, objectName, r.query.get('uploadId'));
          const partNumber = Number(r.query.get('partNumber'));
          if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
            throw new OssFault(
              400,
              'InvalidArgument',
              'Part number must be an integer between 1 and 10000, inclusive.',
              {
                ArgumentName: 'partNumber',
                ArgumentValue: r.query.get('partNumber') ?? '',
              },
            );
          }
          const etag = etagOf(body);
          upload.parts.set(partNumber, { body, etag });
          return answer(200, { etag });
        }
        only();
        if (r.headers['x-oss-copy-source']) throw new OssFault(501, 'NotImplemented', 'CopyObject is not implemented');
        refuseExisting();
        const stored: StoredObject = {
          body,
          etag: etagOf(body),
          contentType,
          lastModified: new Date(),
          type: 'Normal',
        };
        bucket.objects.set(objectName, stored);
        return answer(200, { etag: stored.etag });
      }
      case 'GET':
      case 'HEAD': {
        only();
        const object = bucket.objects.get(objectName);
        if (!object) throw new OssFault(404, 'NoSuchKey', 'The specified key does not exist.', { Key: objectName });
        return answer(
          200,
          {
            'content-type': object.contentType,
            etag: object.etag,
            'last-modified': object.lastModified.toUTCString(),
            'x-oss-object-type': object.type,
            'x-oss-storage-class': 'Standard',
          },
          object.body,
        );
      }
      case 'DELETE': {
        if (r.query.has('uploadId')) {
          only('uploadId');
          const upload = uploadOf(bucket, objectName, r.query.get('uploadId'));
          bucket.uploads.delete(upload.id);
          return answer(204);
        }
        only();
        bucket.objects.delete(objectName);
        return answer(204);
      }
      case 'POST': {
        if (r.query.has('uploads')) {
          only('uploads');
          uploadCounter += 1;
          const id = `${uploadCounter.toString(16).padStart(8, '0')}${randomBytes(12).toString('hex')}`.toUpperCase();
          bucket.uploads.set(id, { key: objectName, id, initiated: new Date(), contentType, parts: new Map() });
          return answer(
            200,
            {},
            document('InitiateMultipartUploadResult', { Bucket: bucketName, Key: objectName, UploadId: id }),
          );
        }
        if (r.query.has('uploadId')) {
          only('uploadId');
          const upload = uploadOf(bucket, objectName, r.query.get('uploadId'));
          refuseExisting();
          const object = complete(upload, body);
          bucket.objects.set(objectName, object);
          bucket.uploads.delete(upload.id);
          return answer(
            200,
            {},
            document('CompleteMultipartUploadResult', {
              Location: `http://${bucketName}.oss-example.aliyuncs.com/${encodeURIComponent(objectName)}`,
              Bucket: bucketName,
              Key: objectName,
              ETag: object.etag,
            }),
          );
        }
        throw new OssFault(501, 'NotImplemented', 'the OSS test double implements POST ?uploads and ?uploadId only');
      }
      default:
        throw new OssFault(501, 'NotImplemented', `the OSS test double does not implement ${r.method}`);
    }
  }

  /** Virtual-hosted (`bucket.oss-….aliyuncs.com` in Host, as ali-oss sends it for an IP endpoint) or path-style. */
  function locate(r: OssDoubleRequest): { bucketName: string | undefined; objectName: string } {
    const host = String(r.headers.host ?? '').replace(/:\d+$/, '');
    const path = decode(r.path.replace(/^\//, ''));
    if (host !== '' && isIP(host) === 0 && host !== 'localhost') {
      const bucketName = host.split('.')[0];
      return { bucketName, objectName: path };
    }
    const slash = path.indexOf('/');
    if (path === '') return { bucketName: undefined, objectName: '' };
    return slash < 0
      ? { bucketName: path, objectName: '' }
      : { bucketName: path.slice(0, slash), objectName: path.slice(slash + 1) };
  }

  function checkSignature(r: OssDoubleRequest, bucketName: string | undefined, objectName: string, body: Buffer): void {
    const authorization = String(r.headers.authorization ?? '');
    const match = /^OSS ([^:]+):(.+)$/.exec(authorization);
    if (!match)
      throw new OssFault(403, 'AccessDenied', 'You have no right to access this object because of bucket acl.');
    const [, accessKeyId = '', signature = ''] = match;
    if (accessKeyId !== credentials.accessKeyId) {
      throw new OssFault(
        403,
        'InvalidAccessKeyId',
        'The OSS Access Key Id you provided does not exist in our records.',
        {
          OSSAccessKeyId: accessKeyId,
        },
      );
    }
    const token = r.headers['x-oss-security-token'];
    if ((credentials.stsToken ?? undefined) !== token) {
      throw new OssFault(403, 'InvalidSecurityToken', 'The security token you provided is invalid.');
    }
    const date = String(r.headers.date ?? r.headers['x-oss-date'] ?? '');
    const time = Date.parse(date);
    if (Number.isNaN(time)) throw new OssFault(403, 'AccessDenied', 'OSS authentication requires a valid Date.');
    if (Math.abs(Date.now() - time) > MAX_SKEW_MS) {
      throw new OssFault(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
      );
    }
    const text = stringToSign(r.method, r.headers, bucketName, objectName, r.query);
    if (!sameSignature(signature, sign(credentials.accessKeySecret, text))) {
      // OSS returns the string it signed, so a client can see where it differs.
      throw new OssFault(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        {
          StringToSign: text,
          OSSAccessKeyId: accessKeyId,
        },
      );
    }
    const contentMd5 = r.headers['content-md5'];
    if (contentMd5 !== undefined && contentMd5 !== md5(body).toString('base64')) {
      throw new OssFault(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
    }
  }

  return {
    endpoint: await listen(server),
    get port() {
      return (server.address() as { port: number }).port;
    },
    credentials,
    requests,
    get maxPartsInFlight() {
      return maxPartsInFlight;
    },
    createBucket,
    objectNames: (bucket) => [...(buckets.get(bucket)?.objects.keys() ?? [])].sort(byUtf8),
    uploadCount: (bucket) => buckets.get(bucket)?.uploads.size ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function uploadOf(bucket: Bucket, objectName: string, id: string | null): Upload {
  const upload = id === null ? undefined : bucket.uploads.get(id);
  if (!upload || upload.key !== objectName) {
    throw new OssFault(
      404,
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      { UploadId: id ?? '' },
    );
  }
  return upload;
}

function complete(upload: Upload, body: Buffer): StoredObject {
  const parts = parseCompleteBody(body.toString('utf8'));
  if (!parts || parts.length === 0) {
    throw new OssFault(
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema.',
    );
  }
  const chosen: Buffer[] = [];
  const digests: Buffer[] = [];
  for (const [i, part] of parts.entries()) {
    if (i > 0 && part.number <= (parts[i - 1]?.number ?? 0)) {
      throw new OssFault(
        400,
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts must be ordered by part number.',
      );
    }
    const stored = upload.parts.get(part.number);
    if (!stored || stored.etag.toUpperCase() !== part.etag.toUpperCase()) {
      throw new OssFault(
        400,
        'InvalidPart',
        "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
        {
          PartNumber: part.number,
          ETag: part.etag,
        },
      );
    }
    if (i < parts.length - 1 && stored.body.length < MIN_PART) {
      throw new OssFault(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size.', {
        PartNumber: part.number,
        MinSizeAllowed: MIN_PART,
      });
    }
    chosen.push(stored.body);
    digests.push(md5(stored.body));
  }
  const data = Buffer.concat(chosen);
  const etag = `"${md5(Buffer.concat(digests)).toString('hex').toUpperCase()}-${parts.length}"`;
  return { body: data, etag, contentType: upload.contentType, lastModified: new Date(), type: 'Multipart' };
}

function listObjectsV2(name: string, bucket: Bucket, query: URLSearchParams): string {
  const prefix = query.get('prefix') ?? '';
  const maxKeys = count(query, 'max-keys', 100, 1000);
  const token = query.get('continuation-token');
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : (query.get('start-after') ?? '');
  const keys = [...bucket.objects.keys()]
    .filter((key) => key.startsWith(prefix) && (after === '' || byUtf8(key, after) > 0))
    .sort(byUtf8);
  const page = keys.slice(0, maxKeys);
  const truncated = keys.length > page.length;
  const last = page[page.length - 1];
  return document('ListBucketResult', {
    Name: name,
    Prefix: prefix,
    MaxKeys: maxKeys,
    Delimiter: '',
    IsTruncated: truncated,
    ...(token ? { ContinuationToken: token } : {}),
    ...(truncated && last !== undefined ? { NextContinuationToken: Buffer.from(last).toString('base64url') } : {}),
    KeyCount: page.length,
    Contents: page.map((key) => {
      const o = bucket.objects.get(key) as StoredObject;
      return {
        Key: key,
        LastModified: o.lastModified.toISOString(),
        ETag: o.etag,
        Type: o.type,
        Size: o.body.length,
        StorageClass: 'Standard',
      };
    }),
  });
}

function listUploads(name: string, bucket: Bucket, query: URLSearchParams): string {
  const prefix = query.get('prefix') ?? '';
  const keyMarker = query.get('key-marker') ?? '';
  const idMarker = query.get('upload-id-marker') ?? '';
  const max = count(query, 'max-uploads', 1000, 1000);
  const all = [...bucket.uploads.values()]
    .filter((u) => u.key.startsWith(prefix))
    .filter((u) => {
      if (keyMarker === '') return true;
      const order = byUtf8(u.key, keyMarker);
      return order > 0 || (order === 0 && idMarker !== '' && u.id > idMarker);
    })
    .sort((a, b) => byUtf8(a.key, b.key) || (a.id < b.id ? -1 : 1));
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  const last = page[page.length - 1];
  return document('ListMultipartUploadsResult', {
    Bucket: name,
    KeyMarker: keyMarker,
    UploadIdMarker: idMarker,
    NextKeyMarker: truncated && last ? last.key : '',
    NextUploadIdMarker: truncated && last ? last.id : '',
    Delimiter: '',
    Prefix: prefix,
    MaxUploads: max,
    IsTruncated: truncated,
    Upload: page.map((u) => ({
      Key: u.key,
      UploadId: u.id,
      StorageClass: 'Standard',
      Initiated: u.initiated.toISOString(),
    })),
  });
}

function count(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new OssFault(400, 'InvalidArgument', `Argument ${name} must be an integer between 1 and ${max}.`, {
      ArgumentName: name,
      ArgumentValue: text,
    });
  }
  return value;
}

let requestIds = 0;
function commonHeaders(): Record<string, string> {
  requestIds += 1;
  return {
    server: 'AliyunOSS',
    date: new Date().toUTCString(),
    'x-oss-request-id': `5C3D${requestIds.toString(16).padStart(20, '0').toUpperCase()}`,
  };
}

/** OSS's error answer; a HEAD gets no body and the error XML base64-encoded in `x-oss-err`. */
function answerError(res: ServerResponse, method: string, fault: OssFault): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers = commonHeaders();
  const body = document('Error', {
    Code: fault.code,
    Message: fault.message,
    RequestId: headers['x-oss-request-id'] ?? '',
    HostId: 'oss-double.aliyuncs.com',
    ...fault.extra,
  });
  const data = Buffer.from(body);
  if (method === 'HEAD') {
    res.writeHead(fault.status, { ...headers, 'content-length': '0', 'x-oss-err': data.toString('base64') });
    res.end();
    return;
  }
  res.writeHead(fault.status, { ...headers, 'content-type': 'application/xml', 'content-length': String(data.length) });
  res.end(data);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new OssFault(400, 'InvalidObjectName', `The object name is not valid URL encoding: ${escapeXml(text)}`);
  }
}

function listen(server: ReturnType<typeof createServer>): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}
