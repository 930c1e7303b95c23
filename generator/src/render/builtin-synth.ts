import { drumVoice } from "./drums/drum-voice.js";
import type { NoteRenderer } from "./note-renderer.js";
import type { SynthNote } from "./synth-note.js";
import { gmVoice } from "./voices/gm-voices.js";

/** The built-in synthesizer: one voice per General MIDI family and a synthesized drum kit on channel 10. */
export const builtinSynth: NoteRenderer = {
  name: "synth",
  renderNote(note: SynthNote, sampleRate: number, seed: number): Float32Array {
    return (note.isDrum ? drumVoice : gmVoice(note.program)).render(note, sampleRate, seed);
  },
};
