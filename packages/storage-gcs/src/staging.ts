import { randomBytes } from 'node:crypto';
import { StorageError, StorageErrorCode } from '@sinkkit/core';

/**
 * What a GCS staged upload's `handle` holds: the upload id, which with the key names the folder of
 * its temporary objects, and how many part objects the writer uploaded (`parts`, absent for
 * uploads found by `listStaged`, which can only be aborted).
 */
export interface GcsStagedHandle {
  readonly uploadId: string;
  readonly parts?: number;
}

/** Serializes a handle to the JSON string stored in `StagedUpload.handle`. */
export function encodeHandle(handle: GcsStagedHandle): string {
  return JSON.stringify(handle.parts === undefined ? { uploadId: handle.uploadId } : handle);
}

/** Parses `StagedUpload.handle`; a handle that is not ours is an invalid request, not a crash. */
export function decodeHandle(text: string, operation: string, key: string): GcsStagedHandle {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StorageError(StorageErrorCode.INVALID_REQUEST, 'the staged handle is not JSON', {
      operation,
      key,
      cause: error,
    });
  }
  const handle = value as Partial<GcsStagedHandle> | null;
  const partsOk = handle?.parts === undefined || (Number.isInteger(handle.parts) && handle.parts >= 1);
  if (typeof handle?.uploadId !== 'string' || !UPLOAD_ID.test(handle.uploadId) || !partsOk) {
    throw new StorageError(
      StorageErrorCode.INVALID_REQUEST,
      'the staged handle is not a GCS staged handle ({ uploadId, parts })',
      { operation, key },
    );
  }
  return handle.parts === undefined
    ? { uploadId: handle.uploadId }
    : { uploadId: handle.uploadId, parts: handle.parts };
}

const UPLOAD_ID = /^[0-9a-f]{24}$/;
const PART = /^p\d{6}$/;
const INTERMEDIATE = /^c\d{6}$/;

/** A fresh upload id: 96 random bits, hex. */
export function newUploadId(): string {
  return randomBytes(12).toString('hex');
}

/**
 * Names of temporary objects. One staged upload is a folder
 * `<prefix><stagingPrefix><key>/<uploadId>/` holding parts `p000000`, `p000001`, … (each at most
 * one chunk) and, while a large file is being composed, intermediates `c000000`, …. The key
 * comes first so that `listStaged(prefix)` lists only the matching part of the staging folder, and
 * it is recovered from a name by cutting the last two segments.
 */
export class StagingNames {
  constructor(
    /** `<prefix><stagingPrefix>`: the folder of every staged upload. */
    readonly root: string,
  ) {}

  /** The folder of one staged upload (ends with `/`). */
  folder(key: string, uploadId: string): string {
    return `${this.root}${key}/${uploadId}/`;
  }

  /** Part `index` (0-based) of an upload. */
  part(key: string, uploadId: string, index: number): string {
    return `${this.folder(key, uploadId)}p${String(index).padStart(6, '0')}`;
  }

  /** An intermediate composite object of a large upload. */
  intermediate(key: string, uploadId: string, index: number): string {
    return `${this.folder(key, uploadId)}c${String(index).padStart(6, '0')}`;
  }

  /** The key, upload id and kind of a temporary object's name, or undefined for a foreign name. */
  parse(name: string): { key: string; uploadId: string; kind: 'part' | 'intermediate' } | undefined {
    if (!name.startsWith(this.root)) return undefined;
    const segments = name.slice(this.root.length).split('/');
    if (segments.length < 3) return undefined;
    const last = segments.pop() as string;
    const uploadId = segments.pop() as string;
    if (!UPLOAD_ID.test(uploadId)) return undefined;
    const kind = PART.test(last) ? 'part' : INTERMEDIATE.test(last) ? 'intermediate' : undefined;
    return kind ? { key: segments.join('/'), uploadId, kind } : undefined;
  }
}
