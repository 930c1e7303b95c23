import { InvalidWatermarkAudioError } from "../errors/watermark-error.js";
import type { Pcm } from "../pcm.js";

/** Checks the Pcm's shape and that every sample is finite. */
export function requireWatermarkAudio(pcm: Pcm): void {
  if (pcm === null || typeof pcm !== "object" || !Array.isArray(pcm.channels) || pcm.channels.length === 0) {
    throw new InvalidWatermarkAudioError("no channels");
  }
  if (!Number.isFinite(pcm.sampleRate) || pcm.sampleRate < 8000 || pcm.sampleRate > 384_000) {
    throw new InvalidWatermarkAudioError(`sample rate ${String(pcm.sampleRate)} Hz (expected 8 kHz - 384 kHz)`);
  }
  const n = pcm.channels[0]!.length;
  if (n === 0) throw new InvalidWatermarkAudioError("zero length");
  for (const ch of pcm.channels) {
    if (!(ch instanceof Float32Array) || ch.length !== n) throw new InvalidWatermarkAudioError("channels must be Float32Arrays of equal length");
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(ch[i]!)) throw new InvalidWatermarkAudioError(`non-finite sample at index ${i}`);
    }
  }
}
