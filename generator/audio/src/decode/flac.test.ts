import { describe, expect, it, vi } from "vitest";
import { CorruptAudioError, TruncatedAudioError } from "../errors/decode-error.js";
import { decodeFlac } from "./flac.js";
import { readFlacStreamInfo } from "./flac-metadata.js";
import { decodeWav } from "./wav.js";
import { ascii, concat } from "./testing/build-wav.js";
import { firstDifference, readFixture } from "./testing/fixtures.js";

const flac = readFixture("flac");

/** The offset of the n-th audio frame of the fixture (frames start with 0xFFF8 and follow the metadata). */
function frameOffset(bytes: Uint8Array, n: number): number {
  const { audioStart } = readFlacStreamInfo(bytes, 0);
  let at = audioStart;
  for (let i = 0; i < n; i++) at = bytes.findIndex((b, j) => j > at && b === 0xff && bytes[j + 1] === 0xf8);
  return at;
}

describe("decodeFlac", () => {
  it("gives exactly the samples of the 16-bit WAV it was made from", async () => {
    const [audio, wav] = await Promise.all([decodeFlac(flac), decodeWav(readFixture("s16"))]);
    expect(audio).toMatchObject({ format: "flac", sampleRate: 44100, truncated: false, corruptFrames: 0 });
    expect(audio.channels).toHaveLength(2);
    expect(firstDifference(audio.channels, wav.channels)).toBe(-1);
  });

  it("gives exactly the samples of 24-bit WAV too (the decoder package's own scaling is undone)", async () => {
    const [audio, wav] = await Promise.all([decodeFlac(readFixture("flac24")), decodeWav(readFixture("s24"))]);
    expect(audio.channels[0]).toHaveLength(11025);
    const head = wav.channels.map((c) => c.subarray(0, 11025));
    expect(firstDifference(audio.channels, head)).toBe(-1);
  });

  it("reads STREAMINFO", () => {
    expect(readFlacStreamInfo(flac, 0)).toMatchObject({ sampleRate: 44100, channels: 2, bitsPerSample: 16, totalSamples: 88200 });
  });

  it("skips a prepended ID3v2 tag", async () => {
    const tag = concat(ascii("ID3\x03\x00\x00\x00\x00\x00\x0a"), new Uint8Array(10));
    expect(firstDifference((await decodeFlac(concat(tag, flac))).channels, (await decodeFlac(flac)).channels)).toBe(-1);
  });

  it("checks maxSeconds from STREAMINFO before decoding", async () => {
    await expect(decodeFlac(flac, { maxSeconds: 1.5 })).rejects.toMatchObject({ code: "AUDIO_TOO_LARGE", limit: "maxSeconds" });
  });

  it("checks maxSeconds while decoding when STREAMINFO does not know the length", async () => {
    const unknownLength = Uint8Array.from(flac);
    // Total samples: the low 4 bits of STREAMINFO byte 13 and bytes 14-17 (the block starts at 8).
    unknownLength[8 + 13]! &= 0xf0;
    unknownLength.fill(0, 8 + 14, 8 + 18);
    expect((await decodeFlac(unknownLength)).channels[0]).toHaveLength(88200);
    await expect(decodeFlac(unknownLength, { maxSeconds: 1.5 })).rejects.toMatchObject({ limit: "maxSeconds" });
  });

  it("a damaged frame costs that frame only: silence in its place, counted, or CorruptAudioError when strict", async () => {
    const damaged = Uint8Array.from(flac);
    const at = frameOffset(flac, 6) + 1000;
    damaged[at]! ^= 0x10;
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const audio = await decodeFlac(damaged);
      expect(audio.corruptFrames).toBe(1);
      expect(audio.channels[0]).toHaveLength(88200);
      const clean = await decodeFlac(flac);
      // Frames before and after the damaged one are intact and in place.
      const part = (channels: Float32Array[], from: number, to?: number) => channels.map((c) => c.subarray(from, to));
      expect(firstDifference(part(audio.channels, 0, 4608 * 6), part(clean.channels, 0, 4608 * 6))).toBe(-1);
      expect(firstDifference(part(audio.channels, 4608 * 7), part(clean.channels, 4608 * 7))).toBe(-1);
      expect(audio.channels[0]!.subarray(4608 * 6, 4608 * 7).every((x) => x === 0)).toBe(true);
      await expect(decodeFlac(damaged, { strict: true })).rejects.toThrow(CorruptAudioError);
    } finally {
      error.mockRestore();
    }
  });

  it("a file cut inside the audio is truncated; allowTruncated returns the whole frames before the cut", async () => {
    const cut = flac.subarray(0, frameOffset(flac, 10) + 500);
    await expect(decodeFlac(cut)).rejects.toThrow(TruncatedAudioError);
    const audio = await decodeFlac(cut, { allowTruncated: true });
    expect(audio.truncated).toBe(true);
    expect(audio.channels[0]).toHaveLength(4608 * 10);
  });

  it("a file cut exactly between frames is truncated (STREAMINFO declares more)", async () => {
    await expect(decodeFlac(flac.subarray(0, frameOffset(flac, 10)))).rejects.toThrow(TruncatedAudioError);
  });

  it("rejects metadata whose first block is not STREAMINFO as corrupt", async () => {
    const bad = Uint8Array.from(flac);
    bad[4] = (bad[4]! & 0x80) | 4;
    await expect(decodeFlac(bad)).rejects.toThrow(/first FLAC metadata block is not STREAMINFO/);
  });

  it("rejects a sample rate of 0 in STREAMINFO as corrupt", async () => {
    const bad = Uint8Array.from(flac);
    bad[8 + 10] = 0;
    bad[8 + 11] = 0;
    bad[8 + 12]! &= 0x0f;
    await expect(decodeFlac(bad)).rejects.toThrow(CorruptAudioError);
  });

  it("rejects metadata followed by bytes that hold no frame as corrupt", async () => {
    const { audioStart } = readFlacStreamInfo(flac, 0);
    const bytes = concat(flac.subarray(0, audioStart), new Uint8Array(5000).fill(0x55));
    await expect(decodeFlac(bytes)).rejects.toThrow(/no FLAC frame/);
  });
});
