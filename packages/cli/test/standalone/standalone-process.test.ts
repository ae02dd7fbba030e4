import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type KafkaFront, produceRecords, startKafkaFront, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, startCli } from '../support/cli-process.js';

const CONNECTOR = fileURLToPath(new URL('../fixtures/line-file-connector.js', import.meta.url));
const SECRETS = ['hunter2-worker-secret', 'jaas-very-secret-value', 'declared-password-value', 'token-abc-123'];
const RECORDS = 200;

const env = useTestEnvironment({ kafka: { topics: [{ name: 'lines', partitions: 2 }] } }, { beforeAll, afterAll });
let dir: string;
// The worker logs in with SASL/PLAIN through the test kit's SASL front, so its secrets are real
// credentials (and the worker's security keys are proven to reach the connectors).
let front: KafkaFront;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sinkkit-standalone-'));
  front = await startKafkaFront({ brokers: env.current.kafka.brokers, sasl: { users: { sink: SECRETS[1] ?? '' } } });
});
afterAll(async () => {
  await front?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function workerFile(extra: string[] = []): string {
  return write('worker.properties', [
    `bootstrap.servers=${front.bootstrapServers}`,
    'security.protocol=SASL_PLAINTEXT',
    'sasl.mechanism=PLAIN',
    'group.id=connect-cluster',
    'key.converter=org.apache.kafka.connect.storage.StringConverter',
    'value.converter=org.apache.kafka.connect.storage.StringConverter',
    'offset.flush.interval.ms=500',
    'offset.storage.file.filename=/tmp/connect.offsets',
    // Groups form in ~3 s on the test cluster with these.
    'consumer.session.timeout.ms=3000',
    'consumer.heartbeat.interval.ms=300',
    'consumer.fetch.max.wait.ms=100',
    `consumer.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="sink" password="${SECRETS[1]}";`,
    `producer.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="dlq" password="${SECRETS[0]}";`,
    ...extra,
  ]);
}

function connectorFile(name: string, extra: string[] = []): string {
  return write(`${name}.properties`, [
    `name=${name}`,
    `connector.class=${CONNECTOR}#LineFileConnector`,
    'tasks.max=2',
    'topics=lines',
    `line.file=${join(dir, `${name}.out`)}`,
    `line.password=${SECRETS[2]}`,
    `api.token=${SECRETS[3]}`,
    ...extra,
  ]);
}

function expectNoSecret(output: string): void {
  for (const secret of SECRETS) expect(output).not.toContain(secret);
}

describe('sinkkit standalone (the built binary)', () => {
  it('runs a connector from properties files until SIGTERM, then stops gracefully with exit 0, printing no secret', async () => {
    await produceRecords(env.current.kafka.bootstrapServers, 'lines', RECORDS);
    const proc = startCli(['standalone', workerFile(), connectorFile('lines-sink')]);
    const out = join(dir, 'lines-sink.out');
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && distinctOffsets(out).size < RECORDS) await new Promise((r) => setTimeout(r, 200));
    await proc.stop(15_000);
    const code = await proc.exited;
    const output = proc.output();
    expect(output).toContain('starting connector lines-sink');
    expect(output).toContain('"line.password":"[hidden]"');
    expect(output).toContain('"api.token":"[hidden]"');
    expect(output).toContain('not used by a standalone worker: group.id, offset.storage.file.filename');
    expect(output).toContain('[sinkkit] stopped');
    expectNoSecret(output);
    expect(code).toBe(0);
    expect(front.logins.some((l) => l.ok && l.user === 'sink')).toBe(true);
    // Two tasks shared the two partitions and every record arrived. This connector appends in
    // put() without a commit protocol of its own, so it is at-least-once: when the second task
    // joins before the first one's offsets are committed, a partition may be delivered again
    // (Kafka Connect behaves the same way). Only the exactly-once storage sink promises more.
    expect(distinctOffsets(out).size).toBe(RECORDS);
  });

  it('stops gracefully with exit 0 when SIGTERM arrives during start-up, before the group formed', async () => {
    const proc = startCli(['standalone', workerFile(), connectorFile('early-stop')]);
    // The connector is starting: its tasks join the group, which takes about 3 s on the test cluster.
    await proc.waitForOutput(/starting connector early-stop/, 15_000);
    expect(proc.output()).not.toContain('started 1 connector');
    await proc.stop(15_000);
    const code = await proc.exited;
    const output = proc.output();
    expect(proc.child.signalCode, output).toBeNull();
    expect(code, output).toBe(0);
    // The start-up is cut short (the join is not waited for), rather than finished and then stopped.
    expect(output).toContain('stop requested during start-up: stopping now');
    expect(output).not.toContain('[sinkkit] started 1 connector(s): early-stop');
    expect(output).toContain('[sinkkit] stopped');
  });

  it('exits 2 naming the file, key, value and reason for a bad setting in the worker file', async () => {
    const { code, output } = await runCliProcess([
      'standalone',
      workerFile(['offset.flush.interval.ms=-5']),
      connectorFile('bad-flush'),
    ]);
    expect(code).toBe(2);
    expect(output).toContain(
      `${join(dir, 'worker.properties')}: Invalid value -5 for configuration offset.flush.interval.ms: must be at least 0`,
    );
    expectNoSecret(output);
  });

  it('exits 2 for a bad connector setting, hiding a password-typed value', async () => {
    const { code, output } = await runCliProcess([
      'standalone',
      workerFile(),
      connectorFile('bad-max', ['line.max=lots']),
    ]);
    expect(code).toBe(2);
    expect(output).toMatch(/bad-max\.properties: Invalid value lots for configuration line\.max: /);
    expectNoSecret(output);
  });

  it('exits 2 for connector classes it cannot resolve, and for missing files', async () => {
    const unknown = await runCliProcess([
      'standalone',
      workerFile(),
      connectorFile('x', ['connector.class=io.example.Nope']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain(
      'x.properties: Invalid value io.example.Nope for configuration connector.class: no connector class is registered',
    );

    const notConnector = await runCliProcess([
      'standalone',
      workerFile(),
      connectorFile('y', [`connector.class=./line-file-connector-missing.js#X`]),
    ]);
    expect(notConnector.code).toBe(2);
    expect(notConnector.output).toContain('cannot load');

    const missing = await runCliProcess(['standalone', join(dir, 'nope.properties'), connectorFile('z')]);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('nope.properties: cannot read it: no such file');
  });

  it('exits 2 when two connector files use the same name', async () => {
    const a = connectorFile('same');
    const b = write('same-again.properties', readFileSync(a, 'utf8').split('\n'));
    const { code, output } = await runCliProcess(['standalone', workerFile(), a, b]);
    expect(code).toBe(2);
    expect(output).toContain('same-again.properties: Invalid value same for configuration name');
  });
});

/** The `partition:offset` pairs the connector wrote, each once however often it was delivered. */
function distinctOffsets(path: string): Set<string> {
  if (!existsSync(path)) return new Set();
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  return new Set(lines.map((l) => l.split(' ').slice(0, 2).join(':')));
}
