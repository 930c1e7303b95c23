import { gridToNoteSequence } from "./grid-to-note-sequence.js";
import { defaultMidiLimits, type MidiLimits } from "./midi-limits.js";
import { midiToGrid } from "./midi-to-grid.js";
import type { NoteSequence } from "./note-sequence.js";
import { createVocabulary, type Vocabulary } from "./vocabulary.js";

/** Notes of a MIDI file as the tokenizer sees them (quantised to its grid): what a prompt or a corpus piece sounds like. */
export function midiToNoteSequence(bytes: Uint8Array, vocabulary: Vocabulary = createVocabulary(), limits: MidiLimits = defaultMidiLimits): NoteSequence {
  return gridToNoteSequence(midiToGrid(bytes, vocabulary.spec, limits), vocabulary.spec.positionsPerBar);
}
