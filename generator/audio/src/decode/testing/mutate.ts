/** Seeded random damage to a file, for fuzzing the decoders. Test support only. */
import type { SeededRandom } from "../../random/seeded-random.js";

export interface Mutation {
  bytes: Uint8Array;
  /** What was done, to reproduce a failure. */
  description: string;
}

/**
 * One random mutation: bit flips, overwritten bytes, a truncation, an insertion of random bytes, a deleted range or a
 * duplicated range. Half of the positions fall in the first 512 bytes, where the headers that steer a parser are.
 */
export function mutate(input: Uint8Array, rng: SeededRandom): Mutation {
  const n = input.length;
  const position = () => (rng.next() < 0.5 ? rng.int(0, Math.min(n, 512)) : rng.int(0, n));
  const kind = rng.int(0, 6);
  const bytes = Uint8Array.from(input);
  switch (kind) {
    case 0: {
      const flips = rng.int(1, 9);
      const at: number[] = [];
      for (let i = 0; i < flips; i++) {
        const p = position();
        bytes[p]! ^= 1 << rng.int(0, 8);
        at.push(p);
      }
      return { bytes, description: `flip bits at ${at.join(",")}` };
    }
    case 1: {
      const p = position();
      const length = rng.int(1, 17);
      for (let i = p; i < Math.min(n, p + length); i++) bytes[i] = rng.int(0, 256);
      return { bytes, description: `overwrite ${length} bytes at ${p}` };
    }
    case 2: {
      const p = position();
      return { bytes: input.slice(0, p), description: `truncate to ${p}` };
    }
    case 3: {
      const p = position();
      const junk = Uint8Array.from({ length: rng.int(1, 64) }, () => rng.int(0, 256));
      return { bytes: join(input.subarray(0, p), junk, input.subarray(p)), description: `insert ${junk.length} at ${p}` };
    }
    case 4: {
      const p = position();
      const length = rng.int(1, 256);
      return { bytes: join(input.subarray(0, p), input.subarray(p + length)), description: `delete ${length} at ${p}` };
    }
    default: {
      const p = position();
      const length = rng.int(1, 1024);
      const copy = input.subarray(p, p + length);
      return { bytes: join(input.subarray(0, p), copy, input.subarray(p)), description: `duplicate ${length} at ${p}` };
    }
  }
}

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
