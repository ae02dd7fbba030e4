/** What ali-oss answers with on success: the HTTP status and headers (and more this package ignores). */
export interface OssResponseInfo {
  readonly status?: number;
  /** Response headers, names lower-cased (ali-oss types them as `object`). */
  readonly headers?: object;
}

/** Per-request options this package passes to ali-oss: extra headers only. */
export interface OssRequestOptions {
  readonly headers?: Record<string, string>;
}

/**
 * The part of an ali-oss client (`new OSS({...})` from the `ali-oss` package) this package calls.
 * Declared here, structurally, so the package's types need neither `ali-oss` nor `@types/ali-oss`:
 * an `OSS` instance satisfies it as it is. Bucket, region, endpoint and credentials are the
 * client's own configuration.
 */
export interface OssClient {
  put(name: string, file: unknown, options?: OssRequestOptions): Promise<unknown>;
  get(name: string, file?: unknown, options?: unknown): Promise<{ content?: unknown; res: OssResponseInfo }>;
  head(name: string, options?: unknown): Promise<{ status: number; res: OssResponseInfo }>;
  delete(name: string, options?: unknown): Promise<unknown>;
  listV2(
    query: { prefix?: string; 'max-keys'?: string | number; 'continuation-token'?: string } | null,
    options?: unknown,
  ): Promise<{
    objects?: ReadonlyArray<{ name: string; size: number; lastModified?: string }> | null;
    isTruncated: boolean;
    nextContinuationToken?: string | null;
  }>;
  initMultipartUpload(name: string, options?: unknown): Promise<{ uploadId: string }>;
  uploadPart(
    name: string,
    uploadId: string,
    partNo: number,
    file: unknown,
    start: number,
    end: number,
    options?: unknown,
  ): Promise<{ etag: string }>;
  completeMultipartUpload(
    name: string,
    uploadId: string,
    parts: Array<{ number: number; etag: string }>,
    options?: OssRequestOptions,
  ): Promise<unknown>;
  abortMultipartUpload(name: string, uploadId: string, options?: unknown): Promise<unknown>;
  listUploads(
    query: { prefix?: string; 'key-marker'?: string; 'upload-id-marker'?: string; 'max-uploads'?: number },
    options?: unknown,
  ): Promise<{
    uploads?: ReadonlyArray<{ name: string; uploadId: string }> | null;
    isTruncated: boolean;
    nextKeyMarker?: string | null;
    nextUploadIdMarker?: string | null;
  }>;
}

/** The client's own settings this package reads (ali-oss keeps them on `client.options`). */
export interface OssClientSettings {
  readonly bucket: string | undefined;
  /** ali-oss's own retries of requests that got no HTTP answer; 0 when unset. */
  readonly retryMax: number;
}

/** Reads the settings of an ali-oss client without depending on its types. */
export function clientSettings(client: unknown): OssClientSettings {
  const options = (client as { options?: { bucket?: unknown; retryMax?: unknown } } | null)?.options;
  const bucket = typeof options?.bucket === 'string' && options.bucket !== '' ? options.bucket : undefined;
  const retryMax = typeof options?.retryMax === 'number' && options.retryMax > 0 ? options.retryMax : 0;
  return { bucket, retryMax };
}
