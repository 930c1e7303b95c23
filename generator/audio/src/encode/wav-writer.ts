import type { Pcm } from "../pcm.js";
import { InvalidPcmError } from "../errors/pcm-error.js";

/** Sample encodings `encodeWav` writes. */
export type WavSampleFormat = "s16" | "s24" | "f32";

const BYTES: Record<WavSampleFormat, number> = { s16: 2, s24: 3, f32: 4 };

/**
 * A RIFF/WAVE file of `pcm`: 16- or 24-bit integer PCM (samples quantised as clamp(round(x * 2^(bits-1)))), or 32-bit
 * float (IEEE, format 3). 16-bit output of decoded 16-bit audio is bit-exact, so its `pcmSha256` is unchanged.
 */
export function encodeWav(pcm: Pcm, format: WavSampleFormat = "s16"): Uint8Array {
  const { channels, sampleRate } = pcm;
  if (channels.length === 0 || !Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new InvalidPcmError("cannot write a WAV without channels or with an invalid sample rate", {
      details: `channels: ${channels.length}, sampleRate: ${sampleRate}`,
    });
  }
  const frames = channels[0]!.length;
  if (channels.some((c) => c.length !== frames)) throw new InvalidPcmError("channels differ in length");
  const bytesPerSample = BYTES[format];
  const blockAlign = bytesPerSample * channels.length;
  const dataBytes = frames * blockAlign;
  if (dataBytes + 36 > 0xffffffff) throw new InvalidPcmError("audio too long for a WAV file (4 GiB)");
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, format === "f32" ? 3 : 1, true);
  view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bytesPerSample * 8, true);
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);

  let o = 44;
  const scale = format === "s24" ? 8388608 : 32768;
  const max = scale - 1;
  for (let i = 0; i < frames; i++) {
    for (const ch of channels) {
      const x = ch[i]!;
      if (format === "f32") {
        view.setFloat32(o, Number.isFinite(x) ? x : 0, true);
      } else {
        const v = Number.isFinite(x) ? Math.max(-scale, Math.min(max, Math.round(x * scale))) : 0;
        if (format === "s16") view.setInt16(o, v, true);
        else {
          out[o] = v & 0xff;
          out[o + 1] = (v >> 8) & 0xff;
          out[o + 2] = (v >> 16) & 0xff;
        }
      }
      o += bytesPerSample;
    }
  }
  return out;
}
