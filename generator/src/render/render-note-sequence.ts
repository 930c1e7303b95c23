import type { Pcm } from "../../audio/src/pcm.js";
import type { NoteSequence } from "../tokenizer/note-sequence.js";
import { builtinSynth } from "./builtin-synth.js";
import { mixNotes, type MixNotesOptions } from "./mix-notes.js";
import type { NoteRenderer } from "./note-renderer.js";

export interface RenderNoteSequenceOptions extends MixNotesOptions {
  /** The instrument set: the built-in synthesizer unless a loaded SoundFont (see loadInstalledSoundFont) is given. */
  renderer?: NoteRenderer;
}

export interface RenderNoteSequenceReturnType {
  /** 44.1 kHz (or `sampleRate`) stereo, limited to -1 dBFS. */
  pcm: Pcm;
  /** Which instrument set rendered it: "synth" or "soundfont:<file>". */
  renderer: string;
}

/**
 * Notes to stereo PCM: the last stage before the watermark.
 *
 * @example
 * const { pcm } = renderNoteSequence(sequence, { durationSeconds: 30 });
 */
export function renderNoteSequence(
  sequence: NoteSequence,
  options: RenderNoteSequenceOptions = {},
): RenderNoteSequenceReturnType {
  const renderer = options.renderer ?? builtinSynth;
  return { pcm: mixNotes(sequence, renderer, options), renderer: renderer.name };
}
