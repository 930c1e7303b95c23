/** A 32-bit seed from any list of parts (FNV-1a over their text joined by NUL), for SeededRandom. */
export function seedOf(...parts: readonly (number | string)[]): number {
  let h = 0x811c9dc5;
  const text = parts.join("\u0000");
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
