import { gridDurationSeconds, gridToNoteSequence } from "./grid-to-note-sequence.js";
import { gridToMidi } from "./grid-to-midi.js";
import type { NoteSequence } from "./note-sequence.js";
import { tokensToGrid } from "./tokens-to-grid.js";
import { createVocabulary, type Vocabulary } from "./vocabulary.js";

/**
 * A Standard MIDI File of a token stream.
 *
 * @throws InvalidTokensError when the stream breaks the grammar.
 */
export function decodeTokens(tokens: readonly number[], vocabulary: Vocabulary = createVocabulary()): Uint8Array {
  return gridToMidi(tokensToGrid(tokens, vocabulary), vocabulary.spec.positionsPerBar);
}

/** Absolute-time notes of a token stream (what the renderer plays). */
export function tokensToNoteSequence(tokens: readonly number[], vocabulary: Vocabulary = createVocabulary()): NoteSequence {
  return gridToNoteSequence(tokensToGrid(tokens, vocabulary), vocabulary.spec.positionsPerBar);
}

/** Length in seconds of a token stream, counting whole bars (silent bars included). */
export function tokensDurationSeconds(tokens: readonly number[], vocabulary: Vocabulary = createVocabulary()): number {
  return gridDurationSeconds(tokensToGrid(tokens, vocabulary), vocabulary.spec.positionsPerBar);
}
