import { dataView } from "./bytes.js";
import type { WavFormat } from "./wav-fmt.js";

/**
 * De-interleaves `frames` frames of WAV samples starting at `offset` into one Float32Array per channel, scaled to
 * [-1, 1): unsigned 8-bit as (b - 128) / 128, signed n-byte integers as v / 2^(8n-1), floats as they are (non-finite
 * values, which no encoder means, become 0 so they cannot poison the DSP downstream). Float samples beyond +-1 are
 * kept: clipping them would change the signal.
 */
export function readWavSamples(bytes: Uint8Array, offset: number, frames: number, format: WavFormat): Float32Array[] {
  const { channels: count, bytesPerSample, blockAlign, encoding } = format;
  const view = dataView(bytes);
  const channels = Array.from({ length: count }, () => new Float32Array(frames));
  const read = sampleReader(view, encoding, bytesPerSample);
  for (let c = 0; c < count; c++) {
    const out = channels[c]!;
    let at = offset + c * bytesPerSample;
    for (let i = 0; i < frames; i++, at += blockAlign) out[i] = read(at);
  }
  return channels;
}

function sampleReader(view: DataView, encoding: WavFormat["encoding"], bytesPerSample: number): (at: number) => number {
  if (encoding === "uint8") return (at) => (view.getUint8(at) - 128) / 128;
  if (encoding === "float") {
    const finite = (x: number) => (Number.isFinite(x) ? x : 0);
    return bytesPerSample === 4 ? (at) => finite(view.getFloat32(at, true)) : (at) => finite(view.getFloat64(at, true));
  }
  switch (bytesPerSample) {
    case 2:
      return (at) => view.getInt16(at, true) / 0x8000;
    case 3:
      return (at) => (((view.getUint16(at, true) | (view.getUint8(at + 2) << 16)) << 8) >> 8) / 0x800000;
    case 4:
      return (at) => view.getInt32(at, true) / 0x80000000;
    default:
      // 1-byte signed integers do not occur: 8-bit PCM is unsigned. Kept total for the type.
      return (at) => view.getInt8(at) / 0x80;
  }
}
