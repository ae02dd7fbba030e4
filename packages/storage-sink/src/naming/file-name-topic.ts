import { encodeSegmentValue } from '@sinkkit/partitioners';

/**
 * Longest topic (in UTF-8 bytes) written whole into a file name. 255 bytes is the name limit of
 * common filesystems (ext4, XFS, APFS, NTFS); the other 64 are kept for the rest of the name:
 * `+<partition>+<start offset>[+<end offset>]` (up to 31 bytes), the extension and a companion
 * file's tag (`.headers.json.gz`, …).
 */
export const MAX_FILE_NAME_TOPIC_BYTES = 191;

/**
 * The topic as it appears in a data file's name (`<topic>+<partition>+<offset>.<ext>`): the topic
 * itself, or, past {@link MAX_FILE_NAME_TOPIC_BYTES}, the partitioners' shortening of long path
 * segments (`encodeSegmentValue`): its first 94–96 characters, `~` and the SHA-256 of the topic in
 * hex, 161 characters. Kafka allows topics of 249 characters, which with the rest of the name would
 * pass 255 bytes and fail on a filesystem (`ENAMETOOLONG`). The rule depends on the topic alone, so
 * `sinkkit verify` and orphan clean-up compute the same name; `~` is not legal in a Kafka topic, so
 * a shortened name never equals a real topic. Folders keep the full topic (at most 249 bytes).
 */
export function fileNameTopic(topic: string): string {
  return Buffer.byteLength(topic, 'utf8') <= MAX_FILE_NAME_TOPIC_BYTES ? topic : encodeSegmentValue(topic);
}
