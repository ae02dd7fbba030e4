/** A benchmark could not run or measured something inconsistent (e.g. fewer records than produced). */
export class BenchError extends Error {
  override readonly name = 'BenchError';
}
