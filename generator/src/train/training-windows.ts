import type { SeededRandom } from "../../audio/src/random/seeded-random.js";
import { InvalidTokensError } from "../tokenizer/tokenizer-error.js";
import type { Vocabulary } from "../tokenizer/vocabulary.js";

/**
 * A piece as the model reads it: BOS, the style's token, then the piece's events (whatever BOS or STYLE the input
 * started with is replaced).
 */
export function styledSequence(tokens: readonly number[], styleToken: number, vocabulary: Vocabulary): number[] {
  let start = 0;
  if (tokens[start] === vocabulary.bos) start++;
  const t = tokens[start];
  if (t !== undefined && t >= vocabulary.styleBase && t < vocabulary.styleBase + vocabulary.spec.maxStyles) start++;
  for (let i = start; i < tokens.length; i++) {
    const id = tokens[i]!;
    if (!vocabulary.isToken(id) || id === vocabulary.pad) throw new InvalidTokensError(`token ${String(id)} at index ${i} is not in the vocabulary`);
  }
  return [vocabulary.bos, styleToken, ...tokens.slice(start)];
}

/**
 * Windows of at most `context + 1` tokens (inputs are the first `context`, targets the last) starting every `stride`
 * tokens; with stride = context each token is a target exactly once (evaluation), with a smaller stride the windows
 * overlap (training sees each token with more than one amount of history). A non-zero `offset` shifts the grid of
 * window starts (the piece's opening still gets a window of its own), so that epochs see different cuts.
 */
export function slidingWindows(sequence: readonly number[], context: number, stride: number, offset = 0): number[][] {
  const windows: number[][] = [];
  if (offset > 0) windows.push(sequence.slice(0, Math.min(offset, context) + 1));
  for (let start = offset; start + 1 < sequence.length; start += stride) {
    windows.push(sequence.slice(start, start + context + 1));
    if (start + context + 1 >= sequence.length) break;
  }
  return windows;
}

/** A seeded permutation of 0..length-1 (Fisher-Yates). */
export function shuffle(length: number, random: SeededRandom): number[] {
  const order = Array.from({ length }, (_, i) => i);
  for (let i = length - 1; i > 0; i--) {
    const j = random.int(0, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
