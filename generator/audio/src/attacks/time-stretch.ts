import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { pcmLength, type Pcm } from "../pcm.js";
import { defaultFrameSize, phaseVocoder, type PhaseVocoderOptions } from "./phase-vocoder.js";
import { requireNumber, requirePcm } from "./validate.js";

export interface TimeStretchParameters extends PhaseVocoderOptions {
  /** Tempo factor: 1.05 plays 5% faster (length / 1.05) at the same pitch. In [0.25, 4]. */
  tempo: number;
}

/**
 * Tempo change keeping the pitch: a phase vocoder with identity phase locking, stereo-coherent phases and phase
 * reset at onsets (see `phaseVocoder`). The result has round(n / tempo) samples; tempo 1 returns a copy.
 *
 * @example
 * const faster = timeStretch(pcm, { tempo: 1.05 }); // 5% shorter, same key
 */
export function timeStretch(pcm: Pcm, { tempo, frameSize, transientReset }: TimeStretchParameters): Pcm {
  requirePcm("time-stretch", pcm);
  requireNumber("time-stretch", "tempo", tempo, { min: 0.25, max: 4 });
  const size = resolveFrameSize("time-stretch", pcm.sampleRate, frameSize);
  if (tempo === 1) return { sampleRate: pcm.sampleRate, channels: pcm.channels.map((c) => c.slice()) };
  const outLength = Math.round(pcmLength(pcm) / tempo);
  return { sampleRate: pcm.sampleRate, channels: phaseVocoder(pcm.channels, tempo, outLength, size, transientReset) };
}

/** The frame size option, validated, or the rate's default. */
export function resolveFrameSize(attack: string, sampleRate: number, frameSize: number | undefined): number {
  if (frameSize === undefined) return defaultFrameSize(sampleRate);
  requireNumber(attack, "frameSize", frameSize, { min: 256, max: 32_768, integer: true });
  if ((frameSize & (frameSize - 1)) !== 0) {
    throw new InvalidAttackParameterError(attack, "frameSize", frameSize, "a power of two");
  }
  return frameSize;
}
