/** What the storage-sink child runs: passed to it as one JSON argument. */
export interface SinkSubject {
  bootstrapServers: string;
  topic: string;
  partitions: number;
  /** Records on the topic; the run ends once every partition's WAL `nextOffset` reaches its end. */
  records: number;
  /** The sink's own keys (`store.url`, `format.class`, `flush.size`, …), added to the runtime's. */
  sinkProps: Record<string, string>;
  /** S3 client settings (testkit's `s3ClientConfig`) when the store is `s3://`. */
  s3?: Record<string, unknown>;
  /** Spread records over this many encoded partitions by record id (see `SpreadPartitioner`). */
  spread?: number;
  /** Bytes each value had on the topic, counted for a value a converter did not leave as text. */
  valueBytes?: number;
}

/** Figures the storage-sink child adds to the common ones. */
export interface SinkExtras {
  /** Seconds until every record was written into an open file, before the last commits. */
  writtenSeconds: number;
  /** Early commits forced by the memory budget and the open-file limit. */
  pressureCommitsMemory: number;
  pressureCommitsOpenFiles: number;
}
