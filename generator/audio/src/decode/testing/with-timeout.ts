/** Test support: bound one call's time. */

/**
 * Runs `run` and rejects if it has not settled within `ms`, or if it settled but took longer (a synchronous stall
 * inside a wasm decoder blocks the timer, so the elapsed time is checked afterwards too; a true infinite loop is
 * left to vitest's test timeout).
 */
export async function withTimeout<T>(label: string, ms: number, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no result after ${ms} ms`)), ms);
  });
  try {
    const result = await Promise.race([run(), timeout]);
    const elapsed = performance.now() - started;
    if (elapsed > ms) throw new Error(`${label}: took ${elapsed.toFixed(0)} ms (limit ${ms} ms)`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}
