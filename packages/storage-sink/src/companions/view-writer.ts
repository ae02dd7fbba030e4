import type { ByteSink, RecordWriter, RecordWriterContext, RecordWriterProvider, SinkRecord } from '@sinkkit/core';
import type { RecordView } from './record-views.js';

/**
 * A format's writer fed a view of each record (its key, its headers, the enveloped record). The
 * format's writer opens on the first record, with the view's schema as the file's schema, so
 * Avro and Parquet get the view's schema rather than the value's.
 */
export class ViewWriter implements RecordWriter {
  #inner: RecordWriter | undefined;

  constructor(
    private readonly out: ByteSink,
    private readonly context: RecordWriterContext,
    private readonly provider: RecordWriterProvider,
    private readonly view: RecordView,
  ) {}

  get bufferedBytes(): number {
    return this.#inner?.bufferedBytes ?? 0;
  }

  write(record: SinkRecord): Promise<void> | undefined {
    const viewed = this.view(record);
    this.#inner ??= this.provider.open(this.out, { ...this.context, schema: viewed.valueSchema });
    return this.#inner.write(viewed) ?? undefined;
  }

  async commit(): Promise<void> {
    await this.#inner?.commit();
  }

  abort(): void {
    this.#inner?.abort();
  }
}

/** `provider` with every record replaced by its `view` before the format sees it. */
export function viewProvider(provider: RecordWriterProvider, view: RecordView): RecordWriterProvider {
  return {
    extension: provider.extension,
    open: (out, context) => new ViewWriter(out, context, provider, view),
  };
}
