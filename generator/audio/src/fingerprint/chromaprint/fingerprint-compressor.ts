import { base64Decode, base64Encode } from "./base64.js";
import { ChromaprintDecodeError } from "./chromaprint-error.js";

const NORMAL_BITS = 3;
const MAX_NORMAL_VALUE = (1 << NORMAL_BITS) - 1;
const EXCEPTION_BITS = 5;

/**
 * Stage 7 (src/fingerprint_compressor.cpp): Chromaprint's compressed fingerprint, base64-encoded as fpcalc prints it
 * and as the AcoustID API takes it. Each sub-fingerprint is XORed with the previous one; the positions of the set bits
 * are written as gaps (1..6 in 3 bits, 7 meaning "7 + a 5-bit extension"), 0 ending a sub-fingerprint. Header: the
 * algorithm byte and the count (24 bits, big-endian); then the 3-bit stream, then the 5-bit stream, both packed
 * least significant bit first.
 */
export function compressFingerprint(raw: ArrayLike<number>, algorithm: number): string {
  const size = raw.length;
  if (size > 0xffffff) throw new RangeError("Fingerprint too long to compress (more than 2^24 - 1 items)");
  const normal: number[] = [];
  const exceptional: number[] = [];
  let previous = 0;
  for (let i = 0; i < size; i++) {
    const current = raw[i]! >>> 0;
    let x = (current ^ previous) >>> 0;
    previous = current;
    let bit = 1;
    let lastBit = 0;
    while (x !== 0) {
      if ((x & 1) !== 0) {
        const value = bit - lastBit;
        if (value >= MAX_NORMAL_VALUE) {
          normal.push(MAX_NORMAL_VALUE);
          exceptional.push(value - MAX_NORMAL_VALUE);
        } else {
          normal.push(value);
        }
        lastBit = bit;
      }
      x >>>= 1;
      bit++;
    }
    normal.push(0);
  }
  const normalBytes = Math.ceil((normal.length * NORMAL_BITS) / 8);
  const out = new Uint8Array(4 + normalBytes + Math.ceil((exceptional.length * EXCEPTION_BITS) / 8));
  out[0] = algorithm & 255;
  out[1] = (size >> 16) & 255;
  out[2] = (size >> 8) & 255;
  out[3] = size & 255;
  pack(normal, NORMAL_BITS, out, 4);
  pack(exceptional, EXCEPTION_BITS, out, 4 + normalBytes);
  return base64Encode(out);
}

export interface DecompressedFingerprint {
  raw: Uint32Array;
  algorithm: number;
}

/**
 * Inverse of compressFingerprint (src/fingerprint_decompressor.cpp). Throws ChromaprintDecodeError on malformed input
 * (bad base64, fewer than 4 bytes, or not enough data for the announced number of sub-fingerprints).
 */
export function decompressFingerprint(encoded: string): DecompressedFingerprint {
  const bytes = base64Decode(encoded);
  if (bytes.length < 4) throw new ChromaprintDecodeError("Invalid fingerprint: shorter than 4 bytes");
  const algorithm = bytes[0]!;
  const count = (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!;

  // 3-bit values until `count` zeros (sub-fingerprint terminators) have been read
  const reader = new BitReader(bytes, 4);
  const normal: number[] = [];
  let found = 0;
  let exceptions = 0;
  while (found < count) {
    if (!reader.has(NORMAL_BITS)) {
      throw new ChromaprintDecodeError("Invalid fingerprint: not enough data for the normal bits", {
        details: `${found} of ${count} items`,
      });
    }
    const v = reader.read(NORMAL_BITS);
    normal.push(v);
    if (v === 0) found++;
    else if (v === MAX_NORMAL_VALUE) exceptions++;
  }
  const exceptionReader = new BitReader(bytes, 4 + Math.ceil((normal.length * NORMAL_BITS) / 8));
  if (!exceptionReader.has(exceptions * EXCEPTION_BITS)) {
    throw new ChromaprintDecodeError("Invalid fingerprint: not enough data for the exceptional bits");
  }

  const raw = new Uint32Array(count);
  let i = 0;
  let value = 0;
  let lastBit = 0;
  for (let j = 0; j < normal.length; j++) {
    let bit = normal[j]!;
    if (bit === 0) {
      raw[i] = i > 0 ? (value ^ raw[i - 1]!) >>> 0 : value >>> 0;
      value = 0;
      lastBit = 0;
      i++;
      continue;
    }
    if (bit === MAX_NORMAL_VALUE) bit += exceptionReader.read(EXCEPTION_BITS);
    bit += lastBit;
    lastBit = bit;
    if (bit > 32) throw new ChromaprintDecodeError("Invalid fingerprint: bit position beyond 32");
    value |= 1 << (bit - 1);
  }
  return { raw, algorithm };
}

/** Writes `width`-bit values into out from byte `at`, least significant bit first. */
function pack(values: readonly number[], width: number, out: Uint8Array, at: number): void {
  let acc = 0;
  let bits = 0;
  for (const v of values) {
    acc |= v << bits;
    bits += width;
    while (bits >= 8) {
      out[at++] = acc & 255;
      acc >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out[at] = acc & 255;
}

class BitReader {
  readonly #bytes: Uint8Array;
  #bit: number;

  constructor(bytes: Uint8Array, byteOffset: number) {
    this.#bytes = bytes;
    this.#bit = byteOffset * 8;
  }

  has(bits: number): boolean {
    return this.#bit + bits <= this.#bytes.length * 8;
  }

  read(width: number): number {
    let v = 0;
    for (let k = 0; k < width; k++, this.#bit++) v |= ((this.#bytes[this.#bit >> 3]! >> (this.#bit & 7)) & 1) << k;
    return v;
  }
}
