import type { Pcm } from "../../audio/src/pcm.js";
import type { NoteSequence } from "../tokenizer/note-sequence.js";
import { limitPeaks } from "./limiter.js";
import type { NoteRenderer } from "./note-renderer.js";
import { instrumentOf, instrumentPans, panGains } from "./track-pan.js";
import { validateSequence } from "./validate-sequence.js";

export interface MixNotesOptions {
  /** Output rate in Hz (default 44100). */
  sampleRate?: number;
  /**
   * Length of the output in seconds: notes beyond it are cut, with a 50 ms fade-out. Default: until the last note's
   * tail has died away.
   */
  durationSeconds?: number;
  /** Level of one note at full velocity before the limiter (default 0.25: headroom for chords and several tracks). */
  noteGain?: number;
}

const FADE_OUT_SECONDS = 0.05;
/** Longest a single note is held (a pedal tone of two minutes is already extreme). */
export const MAX_NOTE_SECONDS = 120;

/**
 * Renders every note with `renderer`, places it at its onset, pans it by instrument (equal power) into a stereo mix
 * and runs the look-ahead limiter. Deterministic: each note's noise seed is a hash of the note and its index.
 *
 * @throws InvalidRenderInputError for notes out of MIDI range, non-finite times or an absurd length.
 */
export function mixNotes(sequence: NoteSequence, renderer: NoteRenderer, options: MixNotesOptions = {}): Pcm {
  validateSequence(sequence);
  const sampleRate = options.sampleRate ?? 44_100;
  const noteGain = options.noteGain ?? 0.25;
  const pans = instrumentPans(sequence.notes);
  const fixed = options.durationSeconds === undefined ? undefined : Math.max(0, Math.round(options.durationSeconds * sampleRate));
  // Each note is mixed as soon as it is rendered, so memory holds the mix and one note, never every note at once.
  const lastEnd = sequence.notes.reduce((end, n) => Math.max(end, n.startSeconds + n.durationSeconds), 0);
  let capacity = fixed ?? Math.round((lastEnd + 2) * sampleRate);
  let left = new Float32Array(capacity);
  let right = new Float32Array(capacity);
  let natural = 0;
  sequence.notes.forEach((note, index) => {
    const pan = pans.get(instrumentOf(note)) ?? 0;
    const start = Math.round(note.startSeconds * sampleRate);
    if (fixed !== undefined && start >= fixed) return;
    // A voice allocates its whole note: hold it no longer than the output lasts, nor than MAX_NOTE_SECONDS.
    const limit = fixed === undefined ? MAX_NOTE_SECONDS : Math.min(MAX_NOTE_SECONDS, (fixed - start) / sampleRate);
    const held = { ...note, durationSeconds: Math.min(note.durationSeconds, limit), pan };
    const samples = renderer.renderNote(held, sampleRate, noteSeed(index, note.pitch, note.startSeconds));
    natural = Math.max(natural, start + samples.length);
    if (fixed === undefined && natural > capacity) {
      capacity = Math.max(natural, Math.round(capacity * 1.5));
      left = grow(left, capacity);
      right = grow(right, capacity);
    }
    const [gl, gr] = panGains(pan);
    const end = Math.min(capacity, start + samples.length);
    for (let t = start, i = 0; t < end; t++, i++) {
      const v = samples[i]! * noteGain;
      left[t]! += v * gl;
      right[t]! += v * gr;
    }
  });
  const length = fixed ?? natural;
  if (fixed === undefined) {
    left = left.slice(0, length);
    right = right.slice(0, length);
  } else if (natural > length) {
    const fade = Math.min(length, Math.round(FADE_OUT_SECONDS * sampleRate));
    for (let i = 0; i < fade; i++) {
      const g = i / fade;
      left[length - 1 - i]! *= g;
      right[length - 1 - i]! *= g;
    }
  }
  return limitPeaks({ sampleRate, channels: [left, right] });
}

function grow(array: Float32Array, length: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(length);
  out.set(array);
  return out;
}

/** A 32-bit seed from a note's index, pitch and onset (FNV-1a over their integer forms). */
function noteSeed(index: number, pitch: number, startSeconds: number): number {
  let h = 0x811c9dc5;
  for (const v of [index, pitch, Math.round(startSeconds * 1e6)]) {
    h = Math.imul(h ^ (v & 0xffff), 0x01000193);
    h = Math.imul(h ^ ((v >>> 16) & 0xffff), 0x01000193);
  }
  return h >>> 0;
}
