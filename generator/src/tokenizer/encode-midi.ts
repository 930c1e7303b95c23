import { gridToTokens } from "./grid-to-tokens.js";
import { defaultMidiLimits, type MidiLimits } from "./midi-limits.js";
import { midiToGrid } from "./midi-to-grid.js";
import { createVocabulary, type Vocabulary } from "./vocabulary.js";

export interface EncodeMidiOptions {
  vocabulary?: Vocabulary;
  limits?: MidiLimits;
}

/**
 * Tokens of a Standard MIDI File: `BOS BAR ... EOS` on the vocabulary's grid (no STYLE token: the trainer and the
 * sampler put the style in).
 *
 * @throws InvalidMidiError for bytes that are not MIDI, truncated, or over the limits.
 * @example
 * const tokens = encodeMidi(await readFile("song.mid"));
 */
export function encodeMidi(bytes: Uint8Array, options: EncodeMidiOptions = {}): number[] {
  const vocabulary = options.vocabulary ?? createVocabulary();
  return gridToTokens(midiToGrid(bytes, vocabulary.spec, options.limits ?? defaultMidiLimits), vocabulary);
}
