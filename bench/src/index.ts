// Building blocks for scenarios: topic preparation, the standard baselines, child-process measurement and reporting.
export { BenchError } from './errors.js';
export { DEFAULT_RECORDS, runScenario, selectScenarios } from './harness.js';
export { type MeasureInChildOptions, measureInChild, runInChild } from './in-child.js';
export { type KcatOptions, measureKcat } from './kafka/kcat.js';
export { type PreparedTopic, type PrepareTopicOptions, partitionsFor, prepareTopic } from './kafka/prepare-topic.js';
export { measureRawKafkajs, type RawKafkajsOptions, rawKafkajsInChild } from './kafka/raw-kafkajs.js';
export { formatTable, type ResultLine, resultLine } from './report.js';
export type { ChildFigures, Figures, Scenario, ScenarioContext, ScenarioResult } from './scenario.js';
