// The public surface of @sinkkit/partitioners. Anything not exported here is internal.

export { DefaultPartitioner } from './default-partitioner.js';
