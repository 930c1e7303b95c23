/** Writes a WAD (for tests): header, lump data, then the directory, as Doom's tools lay it out. */
export function buildWad(lumps: ReadonlyArray<{ name: string; bytes: Uint8Array }>, kind: "IWAD" | "PWAD" = "PWAD"): Uint8Array {
  const dataSize = lumps.reduce((n, l) => n + l.bytes.length, 0);
  const out = new Uint8Array(12 + dataSize + 16 * lumps.length);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(kind), 0);
  view.setInt32(4, lumps.length, true);
  view.setInt32(8, 12 + dataSize, true);
  let offset = 12;
  lumps.forEach((lump, i) => {
    out.set(lump.bytes, offset);
    const entry = 12 + dataSize + 16 * i;
    view.setInt32(entry, offset, true);
    view.setInt32(entry + 4, lump.bytes.length, true);
    out.set(new TextEncoder().encode(lump.name.slice(0, 8)), entry + 8);
    offset += lump.bytes.length;
  });
  return out;
}
