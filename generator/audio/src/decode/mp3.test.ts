import { describe, expect, it } from "vitest";
import { CorruptAudioError, TruncatedAudioError } from "../errors/decode-error.js";
import { decodeMp3 } from "./mp3.js";
import { findMpegFrame, scanMpegStream } from "./mpeg-frames.js";
import { parseMpegFrameHeader } from "./mpeg-frame-header.js";
import { ascii, concat } from "./testing/build-wav.js";
import { chordAt, firstDifference, readFixture, render, snrDb } from "./testing/fixtures.js";

const mp3 = readFixture("mp3");
const mono = readFixture("monoMp3");

describe("parseMpegFrameHeader", () => {
  it("reads MPEG-1 layer III 128 kbit/s 44.1 kHz stereo", () => {
    expect(parseMpegFrameHeader(Uint8Array.of(0xff, 0xfb, 0x90, 0x00), 0)).toEqual({
      version: 1, layer: 3, bitrateKbps: 128, sampleRate: 44100, channels: 2, frameLength: 417, samplesPerFrame: 1152,
    });
  });

  it("reads MPEG-2.5 layer III 32 kbit/s 11025 Hz mono", () => {
    expect(parseMpegFrameHeader(Uint8Array.of(0xff, 0xe3, 0x40, 0xc0), 0)).toMatchObject({
      version: 2.5, layer: 3, bitrateKbps: 32, sampleRate: 11025, channels: 1, frameLength: 208, samplesPerFrame: 576,
    });
  });

  it.each([
    ["no sync", [0xff, 0x7b, 0x90, 0x00]],
    ["reserved version", [0xff, 0xeb, 0x90, 0x00]],
    ["reserved layer (ADTS)", [0xff, 0xf1, 0x50, 0x80]],
    ["free-format bitrate", [0xff, 0xfb, 0x00, 0x00]],
    ["bad bitrate", [0xff, 0xfb, 0xf0, 0x00]],
    ["reserved sample rate", [0xff, 0xfb, 0x9c, 0x00]],
  ])("rejects %s", (_, bytes) => {
    expect(parseMpegFrameHeader(Uint8Array.from(bytes), 0)).toBeUndefined();
  });
});

describe("scanMpegStream", () => {
  it("counts the frames the Info tag declares, past the ID3v2 tag", () => {
    const scan = scanMpegStream(mp3, findMpegFrame(mp3, 45))!;
    expect(scan).toMatchObject({ frames: 78, declaredFrames: 78, truncated: false, resyncs: 0 });
  });

  it("sees junk between frames as a resync and a cut frame as truncation", () => {
    const start = findMpegFrame(mp3, 0);
    const split = start + 417 * 10;
    const junk = concat(mp3.subarray(0, split), ascii("some junk bytes"), mp3.subarray(split));
    expect(scanMpegStream(junk, start)).toMatchObject({ resyncs: 1, truncated: false });
    expect(scanMpegStream(mp3.subarray(0, mp3.length - 100), start)).toMatchObject({ truncated: true });
  });
});

describe("decodeMp3", () => {
  it("decodes the stereo fixture gaplessly: 44.1 kHz, 2 channels, exactly the 88200 source samples", async () => {
    const audio = await decodeMp3(mp3);
    expect(audio).toMatchObject({ format: "mp3", sampleRate: 44100, truncated: false, corruptFrames: 0 });
    expect(audio.channels).toHaveLength(2);
    expect(audio.channels[0]).toHaveLength(88200);
    for (const c of [0, 1] as const) {
      const reference = render((t) => chordAt(c, t), 44100, 88200);
      // 128 kbit/s of three sines: well above 20 dB with no time shift (the encoder delay is trimmed).
      expect(snrDb(audio.channels[c]!, reference, 4410, 83790)).toBeGreaterThan(20);
    }
  });

  it("returns a mono stream as one channel (mpg123 always outputs two)", async () => {
    const audio = await decodeMp3(mono);
    expect(audio.sampleRate).toBe(11025);
    expect(audio.channels).toHaveLength(1);
    // Gapless to within a frame of the 1 s source.
    expect(Math.abs(audio.channels[0]!.length - 11025)).toBeLessThanOrEqual(576);
    const reference = render((t) => 0.4 * Math.sin(2 * Math.PI * 440 * t), 11025, 11025);
    expect(snrDb(audio.channels[0]!, reference, 1000, 10000, 600)).toBeGreaterThan(10);
  });

  it("decodes the same without the ID3v2 tag, and with an ID3v1 tag appended", async () => {
    const reference = (await decodeMp3(mp3)).channels;
    const start = findMpegFrame(mp3, 0);
    expect(firstDifference((await decodeMp3(mp3.subarray(start))).channels, reference)).toBe(-1);
    const id3v1 = concat(ascii("TAG"), new Uint8Array(125));
    const tagged = await decodeMp3(concat(mp3, id3v1));
    expect(tagged).toMatchObject({ truncated: false, corruptFrames: 0 });
    expect(firstDifference(tagged.channels, reference)).toBe(-1);
  });

  it("checks maxSeconds from the frame headers before decoding", async () => {
    await expect(decodeMp3(mp3, { maxSeconds: 1.5 })).rejects.toMatchObject({ limit: "maxSeconds" });
  });

  it("a file cut inside a frame, or with fewer frames than its Info tag declares, is truncated", async () => {
    const start = findMpegFrame(mp3, 0);
    await expect(decodeMp3(mp3.subarray(0, mp3.length - 100))).rejects.toThrow(TruncatedAudioError);
    await expect(decodeMp3(mp3.subarray(0, start + 417 * 40))).rejects.toThrow(TruncatedAudioError);
    const prefix = await decodeMp3(mp3.subarray(0, start + 417 * 40), { allowTruncated: true });
    expect(prefix.truncated).toBe(true);
    expect(prefix.channels[0]!.length).toBeGreaterThan(1152 * 35);
    expect(prefix.channels[0]!.length).toBeLessThan(1152 * 40);
  });

  it("junk between frames is concealed and counted, or CorruptAudioError when strict", async () => {
    const split = findMpegFrame(mp3, 0) + 417 * 10;
    const junk = concat(mp3.subarray(0, split), new Uint8Array(300).fill(0x41), mp3.subarray(split));
    const audio = await decodeMp3(junk);
    expect(audio.corruptFrames).toBeGreaterThan(0);
    expect(audio.channels[0]!.length).toBeGreaterThan(80000);
    await expect(decodeMp3(junk, { strict: true })).rejects.toThrow(CorruptAudioError);
  });
});
