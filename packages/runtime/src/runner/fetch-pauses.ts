import type { TopicPartition } from '@sinkkit/core';
import type { KafkaConsumerPort } from '../kafka/kafka-port.js';
import type { AssignmentTracker } from './assignment-tracker.js';

/**
 * Which partitions the consumer must not fetch: all of them while the runner is paused
 * (`SinkRunner.pause()`), and those the task paused through `context.pause()`. Re-applied after
 * every assignment, since kafkajs forgets pauses of partitions it gives up. Back-pressure is not
 * a pause: the consumer waits for buffer room instead (see `BufferRoom`).
 */
export class FetchPauses {
  readonly #consumer: KafkaConsumerPort;
  readonly #tracker: AssignmentTracker;
  #runnerPaused = false;
  #taskPaused: TopicPartition[] = [];

  constructor(consumer: KafkaConsumerPort, tracker: AssignmentTracker) {
    this.#consumer = consumer;
    this.#tracker = tracker;
  }

  get runnerPaused(): boolean {
    return this.#runnerPaused;
  }

  setRunnerPaused(paused: boolean): void {
    this.#runnerPaused = paused;
    this.apply();
  }

  pauseForTask(partitions: readonly TopicPartition[]): void {
    this.#taskPaused.push(...partitions);
    this.#consumer.pause(partitions);
  }

  resumeForTask(partitions: readonly TopicPartition[]): void {
    this.#taskPaused = this.#taskPaused.filter((p) => !partitions.some((t) => same(t, p)));
    if (!this.#runnerPaused) this.#consumer.resume(partitions);
  }

  /** Makes the consumer's pauses match: everything owned while the runner is paused, else the task's. */
  apply(): void {
    const owned = this.#tracker.owned();
    if (owned.length === 0) return;
    if (this.#runnerPaused) {
      this.#consumer.pause(owned);
      return;
    }
    this.#consumer.resume(owned.filter((tp) => !this.#taskPaused.some((p) => same(p, tp))));
    this.#consumer.pause(this.#taskPaused.filter((tp) => this.#tracker.owns(tp)));
  }
}

function same(a: TopicPartition, b: TopicPartition): boolean {
  return a.topic === b.topic && a.partition === b.partition;
}
