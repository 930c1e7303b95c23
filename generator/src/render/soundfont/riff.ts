import { InvalidSoundFontError } from "../render-error.js";

/** One RIFF chunk: its four-character id and its body (a view into the file, not a copy). */
export interface RiffChunk {
  id: string;
  /** For LIST and RIFF chunks, the list type (`sfbk`, `INFO`, `sdta`, `pdta`); otherwise "". */
  listType: string;
  body: Uint8Array;
}

function fourCc(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);
}

/**
 * The chunks inside `bytes` (a RIFF or LIST body after its type), in order. Sizes are checked against what is left,
 * so a truncated or hostile file fails here with a clear error instead of reading out of bounds.
 */
export function readChunks(bytes: Uint8Array): RiffChunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: RiffChunk[] = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    const id = fourCc(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    if (size > bytes.length - offset - 8) {
      throw new InvalidSoundFontError(`chunk "${id}" claims ${size} bytes but only ${bytes.length - offset - 8} remain (truncated?)`);
    }
    const body = bytes.subarray(offset + 8, offset + 8 + size);
    const isList = id === "LIST" || id === "RIFF";
    if (isList && size < 4) throw new InvalidSoundFontError(`${id} chunk too short`);
    chunks.push({ id, listType: isList ? fourCc(body, 0) : "", body: isList ? body.subarray(4) : body });
    offset += 8 + size + (size & 1); // chunks are padded to an even size
  }
  return chunks;
}

/** The top-level `RIFF sfbk` body of a SoundFont 2 file. */
export function readSoundFontRiff(bytes: Uint8Array): RiffChunk[] {
  if (bytes.length < 12 || fourCc(bytes, 0) !== "RIFF" || fourCc(bytes, 8) !== "sfbk") {
    throw new InvalidSoundFontError('not a SoundFont 2 file (no "RIFF....sfbk" header)');
  }
  const [riff] = readChunks(bytes);
  return readChunks(riff!.body);
}
