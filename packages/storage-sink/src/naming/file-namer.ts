import type { TopicPartition } from '@sinkkit/core';
import { fileNameTopic } from './file-name-topic.js';

/** How file keys are spelled; the Confluent keys of the same names. */
export interface FileNaming {
  readonly topicsDir: string;
  readonly directoryDelim: string;
  readonly fileDelim: string;
  readonly zeroPadWidth: number;
  readonly extension: string;
  /** `file.name.end.offset`: also put the last offset in the name (`…+<start>+<end>.<ext>`). Default false. */
  readonly endOffset?: boolean;
}

/**
 * Builds file keys exactly as Confluent's S3 sink does:
 * `<topics.dir><dir delim><partitioned path><dir delim><topic><file delim><partition><file delim><start offset, padded><extension>`,
 * e.g. `topics/orders/partition=3/orders+3+0000000042.json`. By default only the start offset is
 * in the name, since the key is fixed when the file is opened, before its last record is known;
 * with `endOffset` the writer names the file when it closes it (`orders+3+0000000042+0000000049.json`).
 * A topic too long for a file name is shortened there (see {@link fileNameTopic}), so every name
 * stays within 255 bytes.
 */
export class FileNamer {
  readonly #naming: FileNaming;

  constructor(naming: FileNaming) {
    this.#naming = naming;
  }

  /** Whether names carry the end offset too, so the key is known only when the file is closed. */
  get endOffsetInName(): boolean {
    return this.#naming.endOffset === true;
  }

  /** The file's key; with `endOffset` (the last offset it holds) `…+<start>+<end>`, as Alluxio's connector names files. */
  key(tp: TopicPartition, partitionedPath: string, startOffset: bigint, endOffset?: bigint): string {
    const { topicsDir, directoryDelim: d, fileDelim: f, zeroPadWidth, extension } = this.#naming;
    const pad = (o: bigint) => o.toString().padStart(zeroPadWidth, '0');
    const end = endOffset === undefined ? '' : `${f}${pad(endOffset)}`;
    const dir = topicsDir === '' ? partitionedPath : `${topicsDir}${d}${partitionedPath}`;
    return `${dir}${d}${fileNameTopic(tp.topic)}${f}${tp.partition}${f}${pad(startOffset)}${end}${extension}`;
  }

  /**
   * Where files are staged, for orphan clean-up after a crash: all of `topics.dir`, because a
   * custom partitioner's path need not start with the topic; `owns` then filters by file name.
   */
  stagedPrefix(): string {
    const { topicsDir, directoryDelim: d } = this.#naming;
    return topicsDir === '' ? '' : `${topicsDir}${d}`;
  }

  /**
   * Whether a staged upload's key is a file of `tp`: its name starts with `<topic>+<partition>+`,
   * the topic shortened as {@link key} writes it or whole (as names of long topics were written
   * before they were shortened).
   */
  owns(key: string, tp: TopicPartition): boolean {
    const { directoryDelim: d, fileDelim: f } = this.#naming;
    const name = key.slice(key.lastIndexOf(d) + d.length);
    const rest = `${f}${tp.partition}${f}`;
    return name.startsWith(`${fileNameTopic(tp.topic)}${rest}`) || name.startsWith(`${tp.topic}${rest}`);
  }
}

/**
 * The key of a file written beside the value file `valueKey` (whose format's extension is
 * `valueExtension`): the same stem, then `.<tag>` and the companion's extension, as Confluent's
 * S3 sink names key and header files (`orders+0+0000000042.json` →
 * `orders+0+0000000042.keys.avro`). The name still starts with `<topic>+<partition>+`, so
 * {@link FileNamer.owns} claims an orphaned companion as it does its value file.
 */
export function companionKey(valueKey: string, valueExtension: string, tag: string, extension: string): string {
  const stem = valueKey.endsWith(valueExtension)
    ? valueKey.slice(0, valueKey.length - valueExtension.length)
    : valueKey;
  return `${stem}.${tag}${extension}`;
}
