import { produceRecords } from '@sinkkit/testkit';

/** Produces `perTick` records every `everyMs` until stopped; ids continue from 0. */
export function startBackgroundProducer(bootstrap: string, topic: string, perTick = 200, everyMs = 100) {
  let nextId = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      await produceRecords(bootstrap, topic, perTick, { firstId: nextId, batchSize: perTick });
      nextId += perTick;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    get produced() {
      return nextId;
    },
    async stop(): Promise<number> {
      running = false;
      await loop;
      return nextId;
    },
  };
}
