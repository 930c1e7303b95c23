import { describe, expect, it } from "vitest";
import { CorruptAudioError, TruncatedAudioError, UnsupportedFormatError } from "../errors/decode-error.js";
import { decodeOggVorbis } from "./ogg-vorbis.js";
import { scanOggStream } from "./ogg-pages.js";
import { chordAt, readFixture, render, snrDb } from "./testing/fixtures.js";

const vorbis = readFixture("vorbis");

describe("scanOggStream", () => {
  it("walks the pages of the Vorbis fixture to its end-of-stream page", () => {
    const scan = scanOggStream(vorbis);
    expect(scan).toMatchObject({ end: vorbis.length, truncated: false, resyncs: 0, granuleSamples: 88200 });
    expect(scan.pages).toBeGreaterThanOrEqual(3);
    expect(Array.from(scan.firstPacket!.subarray(0, 7))).toEqual([1, ...Array.from("vorbis", (c) => c.charCodeAt(0))]);
  });

  it("searches past junk between pages and counts it", async () => {
    const second = vorbis.indexOf(0x4f, 30); // the "O" of the second page's "OggS"
    const junk = new Uint8Array(vorbis.length + 40);
    junk.set(vorbis.subarray(0, second), 0);
    junk.fill(0x20, second, second + 40);
    junk.set(vorbis.subarray(second), second + 40);
    expect(scanOggStream(junk)).toMatchObject({ resyncs: 1, truncated: false, end: junk.length });
    const audio = await decodeOggVorbis(junk);
    expect(audio.corruptFrames).toBeGreaterThanOrEqual(1);
    expect(audio.channels[0]).toHaveLength(88200);
  });

  it("stops before a page cut short, and marks the stream truncated", () => {
    const scan = scanOggStream(vorbis.subarray(0, vorbis.length - 10));
    expect(scan.truncated).toBe(true);
    expect(scan.end).toBeLessThan(vorbis.length - 10);
  });
});

describe("decodeOggVorbis", () => {
  it("decodes 44.1 kHz stereo, trimmed to the granule position: exactly 88200 samples", async () => {
    const audio = await decodeOggVorbis(vorbis);
    expect(audio).toMatchObject({ format: "ogg-vorbis", sampleRate: 44100, truncated: false, corruptFrames: 0 });
    expect(audio.channels).toHaveLength(2);
    expect(audio.channels[0]).toHaveLength(88200);
    for (const c of [0, 1] as const) {
      const reference = render((t) => chordAt(c, t), 44100, 88200);
      expect(snrDb(audio.channels[c]!, reference, 4410, 83790)).toBeGreaterThan(20);
    }
  });

  it("checks maxSeconds from the granule positions before decoding", async () => {
    await expect(decodeOggVorbis(vorbis, { maxSeconds: 1.5 })).rejects.toMatchObject({ limit: "maxSeconds" });
  });

  it.each([0.3, 0.6, 0.99])("a file cut at %f of its length is truncated", async (fraction) => {
    const cut = vorbis.subarray(0, Math.floor(vorbis.length * fraction));
    await expect(decodeOggVorbis(cut)).rejects.toThrow(TruncatedAudioError);
  });

  it("allowTruncated returns the samples of the complete pages, never more than the whole file", async () => {
    const audio = await decodeOggVorbis(vorbis.subarray(0, Math.floor(vorbis.length * 0.9)), { allowTruncated: true });
    expect(audio.truncated).toBe(true);
    expect(audio.channels[0]!.length).toBeGreaterThan(0);
    expect(audio.channels[0]!.length).toBeLessThan(88200);
  });

  it("rejects Opus and non-Ogg input", async () => {
    await expect(decodeOggVorbis(readFixture("opus"))).rejects.toThrow(UnsupportedFormatError);
    await expect(decodeOggVorbis(readFixture("s16"))).rejects.toThrow(UnsupportedFormatError);
  });

  it("rejects an identification header with 0 channels as corrupt", async () => {
    const bad = Uint8Array.from(vorbis);
    // First page: 27-byte header + 1 lacing byte, then the packet; channels at packet offset 11.
    bad[28 + 11] = 0;
    await expect(decodeOggVorbis(bad)).rejects.toThrow(CorruptAudioError);
  });
});
