import { describe, expect, it } from "vitest";
import { midiToNoteSequence } from "../tokenizer/midi-to-note-sequence.js";
import { InvalidMusError, InvalidWadError } from "./corpus-error.js";
import { extractWadMusic } from "./extract-wad-music.js";
import { musToMidi } from "./mus-to-midi.js";
import { readWad } from "./read-wad.js";
import { syntheticCorpus } from "./synthetic-corpus.js";
import { buildMus } from "./testing/build-mus.js";
import { buildWad } from "./testing/build-wad.js";

// One second per 140 ticks; at the tokenizer's 120 BPM, a second is two beats (8 grid steps).
const mus = buildMus([
  { type: 4, channel: 0, data: [0, 30] }, // program 30 on channel 0
  { type: 1, channel: 0, data: [0x80 | 60, 100], delay: 70 }, // C4 at volume 100, then half a second
  { type: 1, channel: 15, data: [36] }, // kick on the percussion channel (volume 127 by default)
  { type: 1, channel: 0, data: [64], delay: 70 }, // E4 at the channel's volume (100)
  { type: 0, channel: 15, data: [36] },
  { type: 0, channel: 0, data: [60], delay: 140 },
  { type: 0, channel: 0, data: [64] },
]);

describe("Doom music", () => {
  it("converts MUS to MIDI: notes, timing, programs, volumes and percussion", () => {
    // The tokenizer's view (grid, tempo and velocity buckets): times within a hundredth, velocities within a bucket.
    const notes = midiToNoteSequence(musToMidi(mus)).notes.map((n) => ({ ...n, startSeconds: +n.startSeconds.toFixed(2), durationSeconds: +n.durationSeconds.toFixed(2) }));
    expect(notes).toEqual([
      { pitch: 60, velocity: expect.closeTo(100, -1), startSeconds: 0, durationSeconds: 1, program: 30, isDrum: false },
      { pitch: 64, velocity: expect.closeTo(100, -1), startSeconds: 0.5, durationSeconds: 1.5, program: 30, isDrum: false },
      { pitch: 36, velocity: expect.closeTo(127, -1), startSeconds: 0.5, durationSeconds: 0.5, program: 0, isDrum: true },
    ]);
  });

  it("rejects damaged MUS", () => {
    expect(() => musToMidi(new Uint8Array(20))).toThrow(InvalidMusError);
    expect(() => musToMidi(mus.slice(0, 20))).toThrow(/past the end/);
    const badType = mus.slice();
    badType[16] = 0x70;
    expect(() => musToMidi(badType)).toThrow(/unknown event type 7/);
  });

  it("reads a WAD's directory and extracts its D_ lumps, MIDI as is and MUS converted", () => {
    const midi = syntheticCorpus(1, { pieces: 1, bars: 2 })[0]!.bytes;
    const wad = buildWad([
      { name: "MAP01", bytes: new Uint8Array(0) },
      { name: "D_RUNNIN", bytes: midi },
      { name: "D_INTRO", bytes: mus },
      { name: "D_BROKEN", bytes: new Uint8Array([1, 2, 3, 4, 5]) },
      { name: "DEMO1", bytes: new Uint8Array([9, 9, 9, 9]) },
    ], "IWAD");
    const parsed = readWad(wad);
    expect(parsed.kind).toBe("IWAD");
    expect(parsed.lumps.map((l) => [l.name, l.bytes.length])).toEqual([["MAP01", 0], ["D_RUNNIN", midi.length], ["D_INTRO", mus.length], ["D_BROKEN", 5], ["DEMO1", 4]]);
    const music = extractWadMusic(wad, "freedoom2.wad");
    expect(music.pieces.map((p) => p.name)).toEqual(["freedoom2.wad:D_RUNNIN", "freedoom2.wad:D_INTRO"]);
    expect(music.pieces[0]!.bytes).toEqual(midi);
    expect(midiToNoteSequence(music.pieces[1]!.bytes).notes).toHaveLength(3);
    expect(music.skipped).toEqual([{ name: "freedoom2.wad:D_BROKEN", reason: "neither MIDI nor MUS" }]);
  });

  it("rejects damaged WADs", () => {
    const wad = buildWad([{ name: "D_INTRO", bytes: mus }]);
    expect(() => readWad(wad.slice(0, 8))).toThrow(InvalidWadError);
    expect(() => readWad(wad.slice(0, wad.length - 4))).toThrow(/truncated/);
    const magic = wad.slice();
    magic[0] = 0x58;
    expect(() => readWad(magic)).toThrow(/neither IWAD nor PWAD/);
    const outside = wad.slice();
    new DataView(outside.buffer).setInt32(outside.length - 12, 1_000_000, true);
    expect(() => readWad(outside)).toThrow(/outside the file/);
    const huge = wad.slice();
    new DataView(huge.buffer).setInt32(4, 1 << 30, true);
    expect(() => readWad(huge)).toThrow(/lump count/);
  });
});
