/** Small readers over raw bytes shared by the container parsers. All little-endian unless named otherwise. */

/** Whether `bytes` holds the ASCII text `tag` at `offset`. */
export function hasAscii(bytes: Uint8Array, offset: number, tag: string): boolean {
  if (offset < 0 || offset + tag.length > bytes.length) return false;
  for (let i = 0; i < tag.length; i++) if (bytes[offset + i] !== tag.charCodeAt(i)) return false;
  return true;
}

/** Whether the first `bytes.length` bytes of `tag` match: the input is a cut-off prefix of that signature. */
export function isPrefixOfAscii(bytes: Uint8Array, offset: number, tag: string): boolean {
  const n = Math.min(tag.length, bytes.length - offset);
  for (let i = 0; i < n; i++) if (bytes[offset + i] !== tag.charCodeAt(i)) return false;
  return true;
}

/** Four bytes as text, for chunk ids (non-printable bytes shown as "?"). */
export function fourCc(bytes: Uint8Array, offset: number): string {
  let s = "";
  for (let i = 0; i < 4; i++) {
    const b = bytes[offset + i] ?? 0;
    s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : "?";
  }
  return s;
}

export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Index of the next occurrence of ASCII `tag` at or after `from`, or -1. */
export function indexOfAscii(bytes: Uint8Array, tag: string, from: number): number {
  const first = tag.charCodeAt(0);
  for (let i = bytes.indexOf(first, from); i !== -1 && i + tag.length <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    if (hasAscii(bytes, i, tag)) return i;
  }
  return -1;
}
