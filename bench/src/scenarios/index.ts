import type { Scenario } from '../scenario.js';
import { formatEncode } from './format-encode.js';
import { kafkaConsume } from './kafka-consume.js';
import { runtimeOverhead } from './runtime-overhead.js';
import { sinkEmulatorsJsonl } from './sink-emulators-jsonl.js';
import { sinkFsJsonl } from './sink-fs-jsonl.js';
import { sinkFsSmtChain } from './sink-fs-smt-chain.js';
import { sinkOpenFiles } from './sink-open-files.js';
import { sinkS3Jsonl } from './sink-s3-jsonl.js';
import { sinkS3Parquet } from './sink-s3-parquet.js';

/** Every scenario, in the order `npm run bench` runs them. Add a scenario here and in its own module. */
export const scenarios: readonly Scenario[] = [
  kafkaConsume,
  runtimeOverhead,
  sinkFsJsonl,
  sinkFsSmtChain,
  sinkS3Jsonl,
  sinkOpenFiles,
  sinkEmulatorsJsonl,
  formatEncode,
  sinkS3Parquet,
];
