import { InvalidMidiError } from "./tokenizer-error.js";

/**
 * Walks the chunk structure of a Standard MIDI File before the event parser sees it: the parser reads past the end of
 * a truncated chunk or accepts a non-MIDI file with confusing messages, and a clear error names what is wrong.
 */
export function checkMidiStructure(bytes: Uint8Array): void {
  if (bytes.length < 14) throw new InvalidMidiError(`${bytes.length} bytes is too short for a MIDI header`);
  if (ascii(bytes, 0) !== "MThd") throw new InvalidMidiError("missing the MThd header (not a Standard MIDI File)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4);
  if (headerLength < 6) throw new InvalidMidiError(`MThd chunk of ${headerLength} bytes (expected 6)`);
  const format = view.getUint16(8);
  const trackCount = view.getUint16(10);
  const division = view.getUint16(12);
  if (format > 2) throw new InvalidMidiError(`unknown MIDI format ${format}`);
  if (division & 0x8000) throw new InvalidMidiError("SMPTE time division is not supported (only ticks per quarter note)");
  if (division === 0) throw new InvalidMidiError("zero ticks per quarter note");
  let offset = 8 + headerLength;
  let tracks = 0;
  while (offset < bytes.length) {
    if (offset + 8 > bytes.length) throw new InvalidMidiError(`truncated chunk header at byte ${offset}`);
    const length = view.getUint32(offset + 4);
    if (offset + 8 + length > bytes.length) {
      throw new InvalidMidiError(`truncated: chunk "${ascii(bytes, offset)}" at byte ${offset} declares ${length} bytes but ${bytes.length - offset - 8} remain`);
    }
    if (ascii(bytes, offset) === "MTrk") tracks++;
    offset += 8 + length;
  }
  if (tracks < trackCount) throw new InvalidMidiError(`the header declares ${trackCount} tracks but ${tracks} are present (truncated file?)`);
}

function ascii(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);
}
