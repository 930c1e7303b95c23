import { ChromaprintDecodeError } from "./chromaprint-error.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const REVERSE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) REVERSE[ALPHABET.charCodeAt(i)] = i;

/** URL-safe base64 without padding, as Chromaprint writes compressed fingerprints (src/utils/base64.h). */
export function base64Encode(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const s0 = bytes[i]!;
    const s1 = bytes[i + 1]!;
    const s2 = bytes[i + 2]!;
    out += ALPHABET[s0 >> 2]! + ALPHABET[((s0 << 4) | (s1 >> 4)) & 63]! + ALPHABET[((s1 << 2) | (s2 >> 6)) & 63]! + ALPHABET[s2 & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 2) {
    const s0 = bytes[i]!;
    const s1 = bytes[i + 1]!;
    out += ALPHABET[s0 >> 2]! + ALPHABET[((s0 << 4) | (s1 >> 4)) & 63]! + ALPHABET[(s1 << 2) & 63]!;
  } else if (rest === 1) {
    const s0 = bytes[i]!;
    out += ALPHABET[s0 >> 2]! + ALPHABET[(s0 << 4) & 63]!;
  }
  return out;
}

/**
 * Decodes URL-safe base64 (trailing '=' padding tolerated). Unlike Chromaprint, which reads unknown characters as
 * zero bits, an invalid character is an error here.
 */
export function base64Decode(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61) end--; // '='
  if (end % 4 === 1) throw new ChromaprintDecodeError("Invalid base64 length", { details: `${end} characters` });
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? REVERSE[code]! : -1;
    if (v < 0) throw new ChromaprintDecodeError("Invalid base64 character", { details: `${JSON.stringify(text[i])} at ${i}` });
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}
