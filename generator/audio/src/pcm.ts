/**
 * Decoded audio: one Float32Array per channel, samples in [-1, 1], all channels the same length.
 * The one audio type of the package: decoders produce it, every DSP stage, attack and fingerprinter takes it.
 */
export interface Pcm {
  sampleRate: number;
  channels: Float32Array[];
}

/** Number of samples per channel. */
export function pcmLength(pcm: Pcm): number {
  return pcm.channels[0]?.length ?? 0;
}

/** Duration in seconds. */
export function pcmDuration(pcm: Pcm): number {
  return pcm.sampleRate > 0 ? pcmLength(pcm) / pcm.sampleRate : 0;
}

/** The average of the channels (a new array; the single channel itself when mono). */
export function downmix(pcm: Pcm): Float32Array {
  const { channels } = pcm;
  if (channels.length === 1) return channels[0]!;
  const n = pcmLength(pcm);
  const out = new Float32Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) out[i]! += ch[i]!;
  const scale = 1 / channels.length;
  for (let i = 0; i < n; i++) out[i]! *= scale;
  return out;
}
