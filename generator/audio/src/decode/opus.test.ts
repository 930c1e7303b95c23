import { describe, expect, it } from "vitest";
import { CorruptAudioError, TruncatedAudioError, UnsupportedFormatError } from "../errors/decode-error.js";
import { decodeOpus } from "./opus.js";
import { chordAt, readFixture, render, snrDb } from "./testing/fixtures.js";

const opus = readFixture("opus");

describe("decodeOpus", () => {
  it("decodes at 48 kHz stereo, pre-skip and end trimmed: 2 s is 96000 samples", async () => {
    const audio = await decodeOpus(opus);
    expect(audio).toMatchObject({ format: "opus", sampleRate: 48000, truncated: false, corruptFrames: 0 });
    expect(audio.channels).toHaveLength(2);
    // libopus resamples the 44.1 kHz source; the granule position puts the end within a few samples of 2 s.
    expect(Math.abs(audio.channels[0]!.length - 96000)).toBeLessThanOrEqual(48);
    for (const c of [0, 1] as const) {
      const reference = render((t) => chordAt(c, t), 48000, 96000);
      expect(snrDb(audio.channels[c]!, reference, 4800, 91200, 8)).toBeGreaterThan(15);
    }
  });

  it("checks maxSeconds from the granule positions before decoding", async () => {
    await expect(decodeOpus(opus, { maxSeconds: 1.5 })).rejects.toMatchObject({ limit: "maxSeconds" });
  });

  it.each([0.3, 0.5, 0.9, 0.99])("a file cut at %f of its length is truncated", async (fraction) => {
    await expect(decodeOpus(opus.subarray(0, Math.floor(opus.length * fraction)))).rejects.toThrow(TruncatedAudioError);
  });

  it("allowTruncated decodes the complete pages only (the decoder alone turned a cut page into extra seconds)", async () => {
    for (const fraction of [0.5, 0.9]) {
      const audio = await decodeOpus(opus.subarray(0, Math.floor(opus.length * fraction)), { allowTruncated: true });
      expect(audio.truncated).toBe(true);
      expect(audio.channels[0]!.length).toBeLessThan(96000);
    }
  });

  it("rejects Vorbis as unsupported and a head whose channel count breaks its mapping as corrupt", async () => {
    await expect(decodeOpus(readFixture("vorbis"))).rejects.toThrow(UnsupportedFormatError);
    const bad = Uint8Array.from(opus);
    // First page: 27-byte header + 1 lacing byte, then OpusHead; channel count at packet offset 9, family 0.
    bad[28 + 9] = 5;
    await expect(decodeOpus(bad)).rejects.toThrow(CorruptAudioError);
  });
});
