import { InvalidWadError } from "./corpus-error.js";

/** One lump of a WAD: its directory name and its bytes (a view into the WAD). */
export interface WadLump {
  name: string;
  bytes: Uint8Array;
}

export interface Wad {
  kind: "IWAD" | "PWAD";
  lumps: WadLump[];
}

const MAX_LUMPS = 65_536;

/**
 * Reads a Doom WAD: a 12-byte header ("IWAD" or "PWAD", lump count, directory offset, little-endian) and a directory
 * of 16-byte entries (offset, size, 8-byte NUL-padded name). Every offset is checked against the file size.
 */
export function readWad(bytes: Uint8Array): Wad {
  if (bytes.length < 12) throw new InvalidWadError(`${bytes.length} bytes is too short for a WAD header`);
  const kind = String.fromCharCode(...bytes.subarray(0, 4));
  if (kind !== "IWAD" && kind !== "PWAD") throw new InvalidWadError(`magic "${kind.replace(/[^\x20-\x7e]/g, "?")}" is neither IWAD nor PWAD`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getInt32(4, true);
  const directory = view.getInt32(8, true);
  if (count < 0 || count > MAX_LUMPS) throw new InvalidWadError(`lump count ${count} out of 0..${MAX_LUMPS}`);
  if (directory < 12 || directory + count * 16 > bytes.length) {
    throw new InvalidWadError(`the directory (${count} entries at byte ${directory}) runs past the end of the ${bytes.length}-byte file (truncated?)`);
  }
  const lumps: WadLump[] = [];
  for (let i = 0; i < count; i++) {
    const entry = directory + 16 * i;
    const offset = view.getInt32(entry, true);
    const size = view.getInt32(entry + 4, true);
    let name = "";
    for (let k = 0; k < 8; k++) {
      const c = bytes[entry + 8 + k]!;
      if (c === 0) break;
      name += String.fromCharCode(c);
    }
    if (size < 0 || offset < 0 || (size > 0 && offset + size > bytes.length)) {
      throw new InvalidWadError(`lump ${i} "${name}" (${size} bytes at ${offset}) lies outside the file`);
    }
    lumps.push({ name: name.toUpperCase(), bytes: bytes.subarray(offset, offset + size) });
  }
  return { kind, lumps };
}
