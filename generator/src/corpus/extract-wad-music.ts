import type { CorpusPiece } from "./corpus-piece.js";
import { musToMidi } from "./mus-to-midi.js";
import { readWad } from "./read-wad.js";

export interface ExtractWadMusicReturnType {
  pieces: CorpusPiece[];
  /** Music lumps left out, and why (an unknown format, a damaged MUS). */
  skipped: Array<{ name: string; reason: string }>;
}

/**
 * The music of a Doom WAD as MIDI: the D_* lumps, kept as they are when they are MIDI ("MThd") and converted when
 * they are MUS. Pieces are named `<wad name>:<lump>`.
 */
export function extractWadMusic(bytes: Uint8Array, wadName = "wad"): ExtractWadMusicReturnType {
  const pieces: CorpusPiece[] = [];
  const skipped: ExtractWadMusicReturnType["skipped"] = [];
  for (const lump of readWad(bytes).lumps) {
    if (!lump.name.startsWith("D_") || lump.bytes.length < 4) continue;
    const name = `${wadName}:${lump.name}`;
    const magic = String.fromCharCode(...lump.bytes.subarray(0, 4));
    if (magic === "MThd") pieces.push({ name, bytes: lump.bytes.slice() });
    else if (magic === "MUS\x1a") {
      try {
        pieces.push({ name, bytes: musToMidi(lump.bytes) });
      } catch (error) {
        skipped.push({ name, reason: (error as Error).message });
      }
    } else skipped.push({ name, reason: "neither MIDI nor MUS" });
  }
  return { pieces, skipped };
}
