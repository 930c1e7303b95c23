// The IPFS name of a digest: CIDv1, raw codec, sha2-256 multihash, base32 ("bafkrei…"). The same computation as
// server/src/ipfs/raw-cid.ts and the contract's CIDv1.rawSha256, written in the AssemblyScript/TypeScript subset.

const BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
/** varint(1) CIDv1, varint(0x55) raw, varint(0x12) sha2-256, length 32. */
const CID_PREFIX = "01551220";

/** The CIDv1 of the raw block whose SHA-256 is `digest` (0x + 64 hex digits). */
export function rawSha256Cid(digest: string): string {
  if (digest.length != 66 || digest.substring(0, 2) != "0x") throw new Error("not a 32-byte digest: " + digest);
  const hex = CID_PREFIX + digest.substring(2).toLowerCase();
  let out = "b";
  let buffer: i32 = 0;
  let bits: i32 = 0;
  for (let i = 0; i < hex.length; i += 2) {
    buffer = ((buffer << 8) | hexByte(hex, i)) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET.charAt((buffer >> bits) & 31);
    }
  }
  if (bits > 0) out += BASE32_ALPHABET.charAt((buffer << (5 - bits)) & 31);
  return out;
}

function hexByte(hex: string, at: i32): i32 {
  return (nibble(hex.charCodeAt(at)) << 4) | nibble(hex.charCodeAt(at + 1));
}

function nibble(c: i32): i32 {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  throw new Error("not a hex digit: " + String.fromCharCode(c));
}
