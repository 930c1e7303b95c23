import { SeededRandom } from "../../../audio/src/random/seeded-random.js";
import { velocityGain, type SynthNote } from "../synth-note.js";
import type { Voice } from "../voices/voice.js";
import { gmDrum } from "./gm-drum-kit.js";

/** Channel-10 notes: the pitch picks a drum, the hit rings out whatever the note's length (drums ignore note-off). */
export const drumVoice: Voice = {
  render(note: SynthNote, sampleRate: number, seed: number): Float32Array {
    return gmDrum(note.pitch)(velocityGain(note.velocity), sampleRate, new SeededRandom(seed));
  },
};
