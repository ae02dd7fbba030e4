import { DataError } from '@sinkkit/core';

/** The first byte of every Schema Registry framed message. */
export const MAGIC_BYTE = 0;
/** Magic byte + 4-byte schema id. */
export const HEADER_LENGTH = 5;

/**
 * The schema id of a Confluent wire-format message (magic byte 0, then the id as a 4-byte
 * big-endian integer, then the encoded data). A `DataError` for anything else, with Confluent's
 * wording ("Unknown magic byte!") so the message is recognisable.
 */
export function readWireHeader(bytes: Uint8Array): number {
  if (bytes.length === 0 || bytes[0] !== MAGIC_BYTE) {
    throw new DataError('Unknown magic byte! The data is not in the Schema Registry wire format (magic byte 0)', {
      code: 'WIRE_MAGIC_BYTE',
    });
  }
  if (bytes.length < HEADER_LENGTH) {
    throw new DataError(`Data of ${bytes.length} bytes is too short for the Schema Registry wire format header`, {
      code: 'WIRE_TRUNCATED',
    });
  }
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(1, false);
}

/** The 5-byte header for schema `id`. */
export function writeWireHeader(id: number): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeInt32BE(id, 1);
  return header;
}
