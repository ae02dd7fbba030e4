/** Where the audit stands, as `VerifyOptions.onProgress` receives it. Counts only grow. */
export interface VerifyProgress {
  /** The topic being audited. */
  readonly topic: string;
  /** Topics finished, of `topicsTotal`. */
  readonly topicsDone: number;
  readonly topicsTotal: number;
  /** Partitions of `topic` finished, of `partitionsTotal`. */
  readonly partitionsDone: number;
  readonly partitionsTotal: number;
  /** Committed files of the finished partitions, in all topics. */
  readonly filesDone: number;
  /** Files read by the content check so far, and their bytes. */
  readonly filesRead: number;
  readonly bytesRead: number;
}
