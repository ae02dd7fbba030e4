/**
 * A seeded pseudo-random generator returning floats in [0, 1): the same seed gives the same
 * sequence, so probability-based faults fail the same requests on every run.
 *
 * Mulberry32: 32 bits of state, good enough spread for test decisions and a few lines long
 * (Math.random cannot be seeded).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
