import { pcmLength, downmix, type Pcm } from "../pcm.js";
import { resample } from "../resample/index.js";
import { requireNumber, requirePcm } from "./validate.js";

export interface MixParameters {
  /** The track to mix in (resampled to the input's rate if needed). */
  other: Pcm;
  /** Power of the mixed-in part relative to the input's power, in dB: -10 is a background 10 dB below the track. */
  levelDb: number;
  /** Where to start reading `other`, in seconds; 0 by default. */
  offsetSeconds?: number;
  /** Repeat `other` when it is shorter than the input (default true); otherwise it ends in silence. */
  loop?: boolean;
}

/**
 * Mixes another track under (or over) the input. The other track's part that is mixed in is scaled so that its mean
 * power over all channels is `levelDb` relative to the input's (like an SNR with a track as the noise); a silent
 * input or a silent other track leaves the input unchanged. Channels: a mono other goes to every channel, a
 * multichannel other is downmixed for a mono input, otherwise channel c takes the other's channel c mod its count.
 * Not clipped. Returns a new Pcm of the input's rate, channels and length.
 *
 * @example
 * const withBackground = mix(pcm, { other: crowd, levelDb: -10 });
 */
export function mix(pcm: Pcm, { other, levelDb, offsetSeconds = 0, loop = true }: MixParameters): Pcm {
  requirePcm("mix", pcm);
  requirePcm("mix", other, "other");
  requireNumber("mix", "levelDb", levelDb, { min: -200, max: 200 });
  requireNumber("mix", "offsetSeconds", offsetSeconds, { min: 0 });
  const source = other.sampleRate === pcm.sampleRate ? other : resample(other, pcm.sampleRate);
  const sourceChannels = pcm.channels.length === 1 && source.channels.length > 1 ? [downmix(source)] : source.channels;
  const m = pcmLength(source);
  const n = pcmLength(pcm);
  const offset = Math.round(offsetSeconds * pcm.sampleRate);
  const parts = pcm.channels.map((_, c) => {
    const from = sourceChannels[c % sourceChannels.length]!;
    const part = new Float32Array(n);
    if (m === 0) return part;
    for (let i = 0; i < n; i++) {
      const j = offset + i;
      part[i] = loop ? from[j % m]! : (from[j] ?? 0);
    }
    return part;
  });
  let signalEnergy = 0;
  let otherEnergy = 0;
  pcm.channels.forEach((channel, c) => {
    const part = parts[c]!;
    for (let i = 0; i < n; i++) {
      signalEnergy += channel[i]! * channel[i]!;
      otherEnergy += part[i]! * part[i]!;
    }
  });
  const g = otherEnergy > 0 ? Math.sqrt((signalEnergy / otherEnergy) * 10 ** (levelDb / 10)) : 0;
  return {
    sampleRate: pcm.sampleRate,
    channels: pcm.channels.map((channel, c) => {
      const part = parts[c]!;
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = channel[i]! + g * part[i]!;
      return out;
    }),
  };
}
