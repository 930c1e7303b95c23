import { Mp3Encoder } from "@breezystack/lamejs";
import type { Pcm } from "../pcm.js";

/** Samples per encoder call: one MPEG-1 layer III frame. */
const FRAME = 1152;

/**
 * MP3 bytes (CBR, lamejs: LAME 3.100 in pure JS) of one mono or stereo group of channels at `sampleRate`; samples are
 * clipped to 16 bits. The codec's delay is left in, as an encoder would leave it (see attacks/mp3.ts).
 */
export function encodeMp3Channels(channels: readonly Float32Array[], sampleRate: number, kbps: number): Uint8Array {
  if (channels.length < 1 || channels.length > 2) throw new RangeError("MP3 takes one or two channels");
  const ints = channels.map(toInt16);
  const encoder = new Mp3Encoder(ints.length, sampleRate, kbps);
  const parts: Uint8Array[] = [];
  // lamejs hands out Int8Arrays: view their bytes as unsigned
  const push = (p: Int8Array | Uint8Array) => parts.push(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  for (let i = 0; i < ints[0]!.length; i += FRAME) {
    const left = ints[0]!.subarray(i, i + FRAME);
    push(ints.length === 2 ? encoder.encodeBuffer(left, ints[1]!.subarray(i, i + FRAME)) : encoder.encodeBuffer(left));
  }
  push(encoder.flush());
  return Buffer.concat(parts);
}

/**
 * An MP3 file of mono or stereo audio, as a platform receives "an MP3 excerpt" (tests, demo, benchmarks).
 *
 * @example
 * const bytes = encodeMp3(excerpt(pcm, 60, 10), 128);
 */
export function encodeMp3(pcm: Pcm, kbps = 128): Uint8Array {
  return encodeMp3Channels(pcm.channels, pcm.sampleRate, kbps);
}

function toInt16(channel: Float32Array): Int16Array {
  const out = new Int16Array(channel.length);
  for (let i = 0; i < channel.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(channel[i]! * 32767)));
  return out;
}
