import tonejs from "@tonejs/midi";
import { describe, expect, it } from "vitest";
import { midiMetaTexts } from "./midi-meta-text.js";

const { Midi } = tonejs;

/** A Standard MIDI File of raw track bodies (event bytes, each body without its end-of-track). */
function smf(...tracks: number[][]): Uint8Array {
  const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const header = [..."MThd"].map((c) => c.charCodeAt(0)).concat(u32(6), [0, 1, 0, tracks.length, 0, 96]);
  const chunks = tracks.flatMap((body) => {
    const full = [...body, 0, 0xff, 0x2f, 0];
    return [..."MTrk"].map((c) => c.charCodeAt(0)).concat(u32(full.length), full);
  });
  return new Uint8Array([...header, ...chunks]);
}
const text = (type: number, s: string) => [0, 0xff, type, s.length, ...[...s].map((c) => c.charCodeAt(0))];

describe("midiMetaTexts", () => {
  it("reads the track names that @tonejs/midi writes", () => {
    const midi = new Midi();
    midi.addTrack().name = "drm";
    midi.addTrack().name = "Pad 2 (warm)";
    const texts = midiMetaTexts(midi.toArray());
    expect(texts.filter((t) => t.type === 3).map((t) => t.text)).toEqual(expect.arrayContaining(["drm", "Pad 2 (warm)"]));
  });

  it("reads copyright, text and markers in file order across tracks, and skips other meta events", () => {
    const bytes = smf([...text(2, "(c) Someone"), 0, 0xff, 0x51, 3, 7, 0xa1, 0x20, ...text(3, "Lead")], [...text(6, "Verse 1"), ...text(1, "hello")]);
    expect(midiMetaTexts(bytes)).toEqual([
      { type: 2, text: "(c) Someone" },
      { type: 3, text: "Lead" },
      { type: 6, text: "Verse 1" },
      { type: 1, text: "hello" },
    ]);
  });

  it("does not take note data or sysex payloads that look like FF 03 for meta events", () => {
    // Running status: the data bytes 0x7f 0x03 follow a note-on; the sysex payload holds FF 03 02 'h' 'i'.
    const bytes = smf([0, 0x90, 60, 100, 0, 0x7f, 0x03, 0, 0xf0, 6, 0xff, 0x03, 2, 0x68, 0x69, 0xf7, ...text(3, "real")]);
    expect(midiMetaTexts(bytes)).toEqual([{ type: 3, text: "real" }]);
  });

  it("returns what it read before a truncation, and nothing for bytes that are not MIDI", () => {
    const bytes = smf([...text(3, "first"), ...text(3, "second")]);
    const cut = bytes.slice(0, bytes.length - 12);
    expect(midiMetaTexts(cut)).toEqual([{ type: 3, text: "first" }]);
    expect(midiMetaTexts(new Uint8Array([1, 2, 3]))).toEqual([]);
    expect(midiMetaTexts(new Uint8Array(0))).toEqual([]);
    expect(midiMetaTexts(new TextEncoder().encode("MTrk\xff\xff\xff\xff garbage"))).toEqual([]);
  });
});
