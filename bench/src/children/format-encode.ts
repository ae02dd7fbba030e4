// Child process of the format-encode scenario: args are the variant's name (see ENCODERS in
// ../formats/encoders.ts) and the record count. Encodes flat events through one format's
// RecordWriter into a sink that only counts bytes, timing the encoding only.

import { encoderFor } from '../formats/encoders.js';
import { EventBatches } from '../formats/flat-events.js';
import { runInChild } from '../in-child.js';

await runInChild(async ([name = '', count = '0']) => {
  const records = Number(count);
  const encoder = await encoderFor(name);
  const batches = new EventBatches(records);
  let seconds = 0;
  for (let batch = batches.next(encoder.input); batch; batch = batches.next(encoder.input)) {
    // Building the input is not encoding: only this loop is timed.
    const started = performance.now();
    await encoder.encode(batch);
    seconds += (performance.now() - started) / 1000;
  }
  const started = performance.now();
  const bytes = await encoder.finish();
  seconds += (performance.now() - started) / 1000;
  return { records, bytes, seconds };
});
