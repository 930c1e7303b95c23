/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xffff) over a bit array (one bit per entry, MSB first). */
export function crc16Bits(bits: ArrayLike<number>): number {
  let crc = 0xffff;
  for (let i = 0; i < bits.length; i++) {
    const top = ((crc >>> 15) & 1) ^ (bits[i]! & 1);
    crc = (crc << 1) & 0xffff;
    if (top) crc ^= 0x1021;
  }
  return crc;
}

/** The bits of `bytes`, MSB first. */
export function bytesToBits(bytes: Uint8Array): Uint8Array {
  const bits = new Uint8Array(bytes.length * 8);
  for (let i = 0; i < bits.length; i++) bits[i] = (bytes[i >>> 3]! >>> (7 - (i & 7))) & 1;
  return bits;
}

/** Packs bits (MSB first) into bytes. */
export function bitsToBytes(bits: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i]) bytes[i >>> 3]! |= 0x80 >>> (i & 7);
  return bytes;
}
