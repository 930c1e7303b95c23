import { pcmLength, type Pcm } from "../pcm.js";
import { Resampler, type ResampleQuality } from "../resample/index.js";
import { phaseVocoder, type PhaseVocoderOptions } from "./phase-vocoder.js";
import { resolveFrameSize } from "./time-stretch.js";
import { requireNumber, requirePcm } from "./validate.js";

export interface PitchShiftParameters extends PhaseVocoderOptions {
  /** Pitch change in semitones (+1 raises every frequency by 2^(1/12)); in [-24, 24]. */
  semitones: number;
  /** Resampler quality for the final resampling; "high" by default. */
  quality?: ResampleQuality;
}

/**
 * Pitch change keeping the duration: time-stretch to r = 2^(semitones / 12) times the length (phase vocoder, see
 * `phaseVocoder`), then a band-limited resampling by 1 / r back to exactly the input's length, which multiplies every
 * frequency by r. 0 semitones returns a copy.
 *
 * @example
 * const up = pitchShift(pcm, { semitones: 1 }); // 440 Hz -> 466.2 Hz, same length
 */
export function pitchShift(pcm: Pcm, { semitones, frameSize, transientReset, quality }: PitchShiftParameters): Pcm {
  requirePcm("pitch-shift", pcm);
  requireNumber("pitch-shift", "semitones", semitones, { min: -24, max: 24 });
  const size = resolveFrameSize("pitch-shift", pcm.sampleRate, frameSize);
  if (semitones === 0) return { sampleRate: pcm.sampleRate, channels: pcm.channels.map((c) => c.slice()) };
  const n = pcmLength(pcm);
  const r = 2 ** (semitones / 12);
  const stretched = phaseVocoder(pcm.channels, 1 / r, Math.round(n * r), size, transientReset);
  const resampler = Resampler.forRatio(1 / r, { quality });
  return { sampleRate: pcm.sampleRate, channels: stretched.map((channel) => resampler.process(channel, n)) };
}
