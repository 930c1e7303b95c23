import type { Vocabulary } from "./vocabulary.js";

/**
 * A token stream with every pitched note moved by `semitones` (drums keep their keys: on channel 10 a key is an
 * instrument, not a pitch). Returns undefined when a note would leave 0..127. Order within a position is kept, since
 * every pitch moves by the same amount.
 */
export function transposeTokens(tokens: readonly number[], semitones: number, vocabulary: Vocabulary): number[] | undefined {
  if (semitones === 0) return [...tokens];
  const v = vocabulary;
  let drums = false;
  const out: number[] = [];
  for (const token of tokens) {
    if (token === v.drum) drums = true;
    else if (token >= v.programBase && token < v.programBase + 128) drums = false;
    else if (token === v.bar) drums = false;
    if (!drums && token >= v.pitchBase && token < v.pitchBase + 128) {
      const pitch = token - v.pitchBase + semitones;
      if (pitch < 0 || pitch > 127) return undefined;
      out.push(v.pitchBase + pitch);
    } else out.push(token);
  }
  return out;
}
