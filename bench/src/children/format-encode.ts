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
  let cpuMicros = 0;
  // Building the input is not encoding: only the encoder's calls are timed, on the clock and in
  // CPU time (the CPU figure moves less than the clock when other processes load the machine).
  const timed = async (work: () => Promise<unknown>) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await work();
    seconds += (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    return result;
  };
  for (let batch = batches.next(encoder.input); batch; batch = batches.next(encoder.input)) {
    const input = batch;
    await timed(() => encoder.encode(input));
  }
  const bytes = (await timed(() => encoder.finish())) as number;
  return { records, bytes, seconds, encodeCpuSeconds: cpuMicros / 1e6 };
});
