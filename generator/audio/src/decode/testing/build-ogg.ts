/** Builds minimal Ogg pages, for detection tests of codecs no fixture has. Test support only (CRC left 0). */

/** One Ogg page holding `packet` whole, with the given header-type flags (2: beginning of stream, 4: end). */
export function oggPage(packet: Uint8Array, flags = 2, granule = 0n): Uint8Array {
  const laces: number[] = [];
  let left = packet.length;
  while (left >= 255) {
    laces.push(255);
    left -= 255;
  }
  laces.push(left);
  const out = new Uint8Array(27 + laces.length + packet.length);
  const v = new DataView(out.buffer);
  out.set([0x4f, 0x67, 0x67, 0x53], 0);
  out[5] = flags;
  v.setBigInt64(6, granule, true);
  v.setUint32(14, 0x1234, true);
  out[26] = laces.length;
  out.set(laces, 27);
  out.set(packet, 27 + laces.length);
  return out;
}
