import { SeededRandom } from "../../audio/src/random/seeded-random.js";

export interface SplitHeldOutReturnType<T> {
  train: T[];
  heldOut: T[];
}

/**
 * A deterministic train / held-out split: a seeded shuffle, then `fraction` of the items (at least one when there are
 * two or more, never all) held out for validation and perplexity.
 */
export function splitHeldOut<T>(items: readonly T[], fraction = 0.1, seed = 0): SplitHeldOutReturnType<T> {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`fraction must be in [0, 1) (got ${fraction})`);
  const order = items.map((_, i) => i);
  const random = new SeededRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(0, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const count = items.length < 2 || fraction === 0 ? 0 : Math.min(items.length - 1, Math.max(1, Math.round(items.length * fraction)));
  const held = new Set(order.slice(0, count));
  return { train: items.filter((_, i) => !held.has(i)), heldOut: items.filter((_, i) => held.has(i)) };
}
