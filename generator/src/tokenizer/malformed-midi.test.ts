import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../audio/src/random/seeded-random.js";
import { syntheticCorpus } from "../corpus/synthetic-corpus.js";
import { encodeMidi } from "./encode-midi.js";
import { InvalidMidiError } from "./tokenizer-error.js";

const good = syntheticCorpus(1, { pieces: 1 })[0]!.bytes;

describe("encodeMidi on bad input", () => {
  it.each([
    ["empty", new Uint8Array(0), /too short/],
    ["text", new TextEncoder().encode("this is not a MIDI file at all"), /MThd/],
    ["header only", good.slice(0, 14), /tracks but 0/],
    ["truncated in a track", good.slice(0, good.length - 10), /truncated/],
    ["truncated chunk header", good.slice(0, 18), /truncated chunk header/],
  ])("rejects %s with InvalidMidiError", (_name, bytes, message) => {
    expect(() => encodeMidi(bytes)).toThrow(InvalidMidiError);
    expect(() => encodeMidi(bytes)).toThrow(message);
  });

  it("rejects SMPTE time division and unknown formats", () => {
    const smpte = good.slice();
    smpte[12] = 0xe7;
    expect(() => encodeMidi(smpte)).toThrow(/SMPTE/);
    const format = good.slice();
    format[9] = 7;
    expect(() => encodeMidi(format)).toThrow(/format 7/);
  });

  it("enforces the size, note and bar limits", () => {
    expect(() => encodeMidi(good, { limits: { maxBytes: 100, maxNotes: 1e6, maxBars: 1e6 } })).toThrow(/100-byte limit/);
    expect(() => encodeMidi(good, { limits: { maxBytes: 1e9, maxNotes: 10, maxBars: 1e6 } })).toThrow(/more than 10 notes/);
    expect(() => encodeMidi(good, { limits: { maxBytes: 1e9, maxNotes: 1e6, maxBars: 4 } })).toThrow(/4-bar limit/);
  });

  it("never crashes on corrupted event data: a clear error or a valid stream", () => {
    const random = new SeededRandom(11);
    for (let trial = 0; trial < 200; trial++) {
      const bytes = good.slice();
      for (let k = 0; k < 1 + random.int(0, 8); k++) bytes[22 + random.int(0, bytes.length - 22)] = random.int(0, 256);
      try {
        const tokens = encodeMidi(bytes);
        expect(tokens.length).toBeGreaterThanOrEqual(3);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidMidiError);
      }
    }
  });
});
