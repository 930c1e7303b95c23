import type { Vocabulary } from "./vocabulary.js";

/**
 * The first `bars` bars of a token stream, without EOS: a seed prompt made of a few bars of an artist's piece.
 */
export function firstBars(tokens: readonly number[], bars: number, vocabulary: Vocabulary): number[] {
  const out: number[] = [];
  let seen = 0;
  for (const token of tokens) {
    if (token === vocabulary.eos) break;
    if (token === vocabulary.bar && ++seen > bars) break;
    out.push(token);
  }
  return out;
}
