import { hasAscii } from "./bytes.js";

/**
 * The offset just past the ID3v2 tags starting at `offset` (several may follow one another), or `offset` itself when
 * there is none. The result can exceed `bytes.length`: the tag says it is longer than the file (a truncated file).
 * ID3v2 is the metadata block MP3 files start with; some FLAC writers prepend one too, which FLAC does not allow
 * but players accept.
 */
export function skipId3v2(bytes: Uint8Array, offset = 0): number {
  let at = offset;
  while (isId3v2Header(bytes, at)) {
    // Size: 4 "syncsafe" bytes, 7 bits each, excluding the 10-byte header and the optional 10-byte footer.
    const size = (bytes[at + 6]! << 21) | (bytes[at + 7]! << 14) | (bytes[at + 8]! << 7) | bytes[at + 9]!;
    const hasFooter = (bytes[at + 5]! & 0x10) !== 0;
    at += 10 + size + (hasFooter ? 10 : 0);
  }
  return at;
}

/** "ID3", a version byte 2-4, a revision below 0xFF, and syncsafe size bytes (top bit clear). */
export function isId3v2Header(bytes: Uint8Array, at: number): boolean {
  if (at + 10 > bytes.length || !hasAscii(bytes, at, "ID3")) return false;
  const version = bytes[at + 3]!;
  if (version < 2 || version > 4 || bytes[at + 4] === 0xff) return false;
  for (let i = 6; i < 10; i++) if (bytes[at + i]! & 0x80) return false;
  return true;
}
