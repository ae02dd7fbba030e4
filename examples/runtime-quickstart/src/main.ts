// Starts a local Kafka test cluster, produces sample records, and runs CountTask on them with
// the sinkkit runtime until every record was counted. Against a real cluster, drop the testkit
// parts and point bootstrap.servers at it.
import { SinkRunner, stopOnSignals } from '@sinkkit/runtime';
import { produceRecords, startKafkaCluster } from '@sinkkit/testkit';
import { CountTask } from './count-task.js';

const RECORDS = 10_000;
const cluster = await startKafkaCluster({ topics: [{ name: 'orders', partitions: 4 }] });
try {
  await produceRecords(cluster.bootstrapServers, 'orders', RECORDS);
  const task = new CountTask();
  const runner = new SinkRunner({
    task,
    config: {
      name: 'count-orders',
      'bootstrap.servers': cluster.bootstrapServers,
      topics: 'orders',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'offset.flush.interval.ms': '1000',
      // Settings for the local test cluster: groups form in ~3 s instead of ~10 s.
      'consumer.override.session.timeout.ms': '3000',
      'consumer.override.heartbeat.interval.ms': '300',
      'consumer.override.fetch.max.wait.ms': '100',
    },
  });
  const removeSignalHandlers = stopOnSignals(runner);
  await runner.start();
  while (task.total() < RECORDS && runner.status().state === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await runner.stop();
  removeSignalHandlers();
  const status = runner.status();
  console.log(`counted ${task.total()} of ${RECORDS} records; runner ${status.state}`);
  if (status.state !== 'STOPPED' || task.total() !== RECORDS) process.exitCode = 1;
} finally {
  await cluster.stop();
}
