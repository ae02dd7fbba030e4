// Child process of rawKafkajsInChild: args are bootstrap servers, topic, expected record count.
import { runInChild } from '../in-child.js';
import { measureRawKafkajs } from '../kafka/raw-kafkajs.js';

await runInChild(async ([bootstrapServers = '', topic = '', count = '']) =>
  measureRawKafkajs(bootstrapServers, topic, Number(count)),
);
