import { ENCODERS, encoderAvailable } from '../formats/encoders.js';
import { measureInChild } from '../in-child.js';
import type { ChildFigures, Scenario, ScenarioResult } from '../scenario.js';

const CHILD = new URL('../children/format-encode.js', import.meta.url);

/** What the child measures: the common figures plus the CPU seconds of the encoding alone. */
type EncodeFigures = ChildFigures & { encodeCpuSeconds: number };

/**
 * Encoding alone, no Kafka and no storage: `--records` flat events (an INT64 id, two strings, a
 * FLOAT64, a BOOLEAN and a Timestamp, as Connect `Struct`s) through each format's RecordWriter
 * into one file whose bytes are only counted, each format and codec in a child process of its
 * own, against plain `JSON.stringify` of the same events as plain objects, measured again right
 * before each format. The events are built 10 000 at a time outside the clock, so peak RSS is
 * the encoder's, not the input's. One JSON line per format (`format`, `outputBytes`,
 * `recordsPerCpuSec`: records per CPU second of the encoding, which a loaded machine moves less
 * than records/s); MB/s is the output's. Goal: Parquet at least 150 000 records/s on one core.
 */
export const formatEncode: Scenario = {
  name: 'format-encode',
  description:
    'each format (JSON lines, CSV, Avro, Parquet, per codec) encoding flat events into one file vs JSON.stringify',
  async run(ctx) {
    const measure = async (name: string) => (await measureInChild(CHILD, [name, String(ctx.records)])) as EncodeFigures;
    const [baselineVariant, ...variants] = ENCODERS;
    const baselineName = baselineVariant?.name ?? '';
    const line = (format: string, subject: EncodeFigures, baseline: EncodeFigures): ScenarioResult => ({
      subject,
      baseline: { name: 'JSON.stringify', ...baseline },
      extra: {
        format,
        recordsPerCpuSec: Math.round(subject.records / subject.encodeCpuSeconds),
        baselineRecordsPerCpuSec: Math.round(baseline.records / baseline.encodeCpuSeconds),
        outputBytes: subject.bytes,
        bytesPerRecord: Math.round((subject.bytes / subject.records) * 10) / 10,
        baselinePeakRssMb: Math.round(baseline.peakRssMb * 10) / 10,
      },
    });
    ctx.log(`${baselineName}: ${ctx.records.toLocaleString('en-US')} plain objects`);
    const first = await measure(baselineName);
    const results: ScenarioResult[] = [line(baselineName, first, first)];
    for (const { name } of variants) {
      if (!encoderAvailable(name)) {
        ctx.log(`${name}: skipped, this Node (${process.version}) has no zlib zstd`);
        continue;
      }
      // The baseline again right before each format: on a shared machine the load moves within
      // a run, and each ratio should compare two measurements taken under the same load.
      ctx.log(`${name}, after ${baselineName} again`);
      const baseline = await measure(baselineName);
      results.push(line(name, await measure(name), baseline));
    }
    return results;
  },
};
