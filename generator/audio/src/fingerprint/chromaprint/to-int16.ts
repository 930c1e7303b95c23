import { ChromaprintInputError } from "./chromaprint-error.js";

/**
 * Stage 0: float samples in [-1, 1] back to the 16-bit integers Chromaprint works on (fpcalc asks FFmpeg's decoder
 * for 16-bit output). Decoders of 16-bit sources write k / 32768 (FFmpeg's convention) or, like
 * @wasm-audio-decoders/flac, k / 32767; when every sample of the block is exactly one of these, the integers are
 * recovered exactly. Any other float audio (MP3, Vorbis, ...) is converted as FFmpeg converts float to 16-bit:
 * lrintf(x * 32768), clipped.
 * Throws ChromaprintInputError on NaN or infinite samples.
 */
export function toInt16(src: Float32Array, from: number, length: number, dst: Int16Array): void {
  if (convert32768(src, from, length, dst)) return;
  if (convert32767(src, from, length, dst)) return;
  convertFloat(src, from, length, dst);
}

/** Whether every sample of src[from, from + length) is exactly a 16-bit value in one of the two conventions. */
export function isInt16Audio(src: Float32Array, from: number, length: number): boolean {
  let exact = true;
  for (let i = 0; i < length && exact; i++) {
    const v = src[from + i]! * 32768;
    exact = (v | 0) === v && v <= 32767;
  }
  if (exact) return true;
  const table = over32767Table();
  for (let i = 0; i < length; i++) {
    const x = src[from + i]!;
    if (table[((x * 32767 + (x >= 0 ? 0.5 : -0.5)) | 0) + 32768] !== x) return false;
  }
  return true;
}

/**
 * v (a float sample times 32768) to 16 bits as FFmpeg's float-to-s16 conversion does: lrintf, ties to even, then
 * clipped. v must not be NaN.
 */
export function roundToInt16(v: number): number {
  if (v >= 0) {
    if (v >= 32767) return 32767;
    const r = (v + 0.5) | 0;
    return r - v === 0.5 && (r & 1) !== 0 ? r - 1 : r;
  }
  if (v <= -32768) return -32768;
  const r = (v - 0.5) | 0;
  return r - v === -0.5 && (r & 1) !== 0 ? r + 1 : r;
}

/** Throws ChromaprintInputError at the first NaN or infinite sample of src[from, from + length). */
export function checkFinite(src: Float32Array, from: number, length: number): void {
  for (let i = 0; i < length; i++) {
    const x = src[from + i]!;
    if (!(x - x === 0)) throw notFinite(from + i, x);
  }
}

/** Exact k / 32768 samples; false (dst partly written) at the first other value. */
function convert32768(src: Float32Array, from: number, length: number, dst: Int16Array): boolean {
  for (let i = 0; i < length; i++) {
    const v = src[from + i]! * 32768;
    if ((v | 0) !== v || v > 32767) return false;
    dst[i] = v;
  }
  return true;
}

/** float32(k / 32767) for k = -32768..32767, at index k + 32768 (a lookup is much faster than a division). */
let over32767: Float32Array | undefined;

function over32767Table(): Float32Array {
  return (over32767 ??= Float32Array.from({ length: 65536 }, (_, i) => (i - 32768) / 32767));
}

/** Exact float32(k / 32767) samples; false at the first other value. */
function convert32767(src: Float32Array, from: number, length: number, dst: Int16Array): boolean {
  const table = over32767Table();
  for (let i = 0; i < length; i++) {
    const x = src[from + i]!;
    const k = (x * 32767 + (x >= 0 ? 0.5 : -0.5)) | 0; // (Math.round is several times slower here)
    if (table[k + 32768] !== x) return false; // out of range reads undefined, and NaN equals nothing
    dst[i] = k;
  }
  return true;
}

function convertFloat(src: Float32Array, from: number, length: number, dst: Int16Array): void {
  checkFinite(src, from, length);
  for (let i = 0; i < length; i++) dst[i] = roundToInt16(src[from + i]! * 32768);
}

function notFinite(index: number, value: number): ChromaprintInputError {
  return new ChromaprintInputError("Audio samples must be finite numbers", { details: `sample ${index} is ${value}` });
}
