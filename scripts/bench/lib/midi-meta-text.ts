/** One text-like meta event of a Standard MIDI File (FF 01..07: text, copyright, track name, instrument, lyric, marker, cue). */
export interface MidiMetaText {
  /** Meta type: 1 text, 2 copyright, 3 track name, 4 instrument, 5 lyric, 6 marker, 7 cue point. */
  type: number;
  text: string;
}

/**
 * The text meta events of a MIDI file, in file order, read by walking each MTrk chunk's events (so data bytes that
 * happen to look like FF 03 are never mistaken for events). Stops quietly at the first malformed event of a track:
 * this is metadata for labelling a corpus, and the tokenizer is what validates the notes.
 */
export function midiMetaTexts(bytes: Uint8Array): MidiMetaText[] {
  const out: MidiMetaText[] = [];
  let at = 0;
  const u32 = (i: number) => ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
  const tag = (i: number) => String.fromCharCode(bytes[i]!, bytes[i + 1]!, bytes[i + 2]!, bytes[i + 3]!);
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const length = u32(at + 4);
    const start = at + 8;
    const end = Math.min(bytes.length, start + length);
    if (id === "MTrk") readTrack(bytes, start, end, out);
    at = start + length;
  }
  return out;
}

function readTrack(bytes: Uint8Array, start: number, end: number, out: MidiMetaText[]): void {
  let i = start;
  let running = 0;
  const varLength = (): number | undefined => {
    let value = 0;
    for (let k = 0; k < 4; k++) {
      if (i >= end) return undefined;
      const c = bytes[i++]!;
      value = value * 128 + (c & 0x7f);
      if (!(c & 0x80)) return value;
    }
    return undefined;
  };
  while (i < end) {
    if (varLength() === undefined || i >= end) return; // delta time
    let status = bytes[i]!;
    if (status & 0x80) i++;
    else if (running) status = running;
    else return;
    if (status === 0xff) {
      if (i >= end) return;
      const type = bytes[i++]!;
      const length = varLength();
      if (length === undefined || i + length > end) return;
      if (type >= 1 && type <= 7) out.push({ type, text: new TextDecoder("latin1").decode(bytes.subarray(i, i + length)) });
      i += length;
    } else if (status === 0xf0 || status === 0xf7) {
      const length = varLength();
      if (length === undefined) return;
      i += length;
    } else {
      running = status;
      const kind = status & 0xf0;
      i += kind === 0xc0 || kind === 0xd0 ? 1 : 2;
    }
  }
}
