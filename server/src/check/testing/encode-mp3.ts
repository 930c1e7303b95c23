import { Mp3Encoder } from "@breezystack/lamejs";
import type { Pcm } from "../../../../generator/audio/src/pcm.js";

/** Samples per encoder call: one MPEG-1 layer III frame. */
const FRAME = 1152;

/**
 * An MP3 file (CBR, lamejs) of mono or stereo audio, for tests that check "an MP3 excerpt" as a platform would
 * receive it. The audio package's mp3 attack round-trips PCM but does not hand out the file's bytes.
 */
export function encodeMp3(pcm: Pcm, kbps = 128): Uint8Array {
  if (pcm.channels.length < 1 || pcm.channels.length > 2) throw new RangeError("encodeMp3 takes mono or stereo");
  const ints = pcm.channels.map((channel) => {
    const out = new Int16Array(channel.length);
    for (let i = 0; i < channel.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(channel[i]! * 32767)));
    return out;
  });
  const encoder = new Mp3Encoder(ints.length, pcm.sampleRate, kbps);
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
