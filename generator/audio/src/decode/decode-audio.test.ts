import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AudioError } from "../errors/audio-error.js";
import {
  AudioTooLargeError,
  CorruptAudioError,
  EmptyAudioError,
  TruncatedAudioError,
  UnsupportedFormatError,
} from "../errors/decode-error.js";
import { decodeAudio, decodeAudioFile } from "./decode-audio.js";
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_SECONDS, resolveLimits } from "./limits.js";
import { ascii, buildRiff, chunk, fmtBody } from "./testing/build-wav.js";
import { fixturePath, readFixture, type FixtureName } from "./testing/fixtures.js";
import { pcmProblem } from "./testing/pcm-problem.js";

describe("decodeAudio", () => {
  it.each<[FixtureName, string, number, number, number]>([
    ["s16", "wav", 44100, 2, 88200],
    ["s24", "wav", 44100, 2, 33075],
    ["f32", "wav", 44100, 2, 22050],
    ["u8", "wav", 44100, 2, 44100],
    ["mono", "wav", 11025, 1, 11025],
    ["quad", "wav", 44100, 4, 11025],
    ["flac", "flac", 44100, 2, 88200],
    ["flac24", "flac", 44100, 2, 11025],
    ["mp3", "mp3", 44100, 2, 88200],
    ["vorbis", "ogg-vorbis", 44100, 2, 88200],
    ["opus", "opus", 48000, 2, 96000],
  ])("%s: %s, %i Hz, %i channels, %i samples", async (name, format, sampleRate, channels, length) => {
    const audio = await decodeAudio(readFixture(name));
    expect(audio).toMatchObject({ format, sampleRate, truncated: false, corruptFrames: 0 });
    expect(audio.channels).toHaveLength(channels);
    expect(pcmProblem(audio)).toBeUndefined();
    // Opus resamples internally; its granule positions land within a few samples of the source length.
    expect(Math.abs(audio.channels[0]!.length - length)).toBeLessThanOrEqual(format === "opus" ? 48 : 0);
  });

  it("mono MP3 at 11025 Hz", async () => {
    const audio = await decodeAudio(readFixture("monoMp3"));
    expect(audio).toMatchObject({ format: "mp3", sampleRate: 11025 });
    expect(audio.channels).toHaveLength(1);
  });

  it.each<[string, Uint8Array, new (...args: never[]) => AudioError, string]>([
    ["a PNG header", ascii("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10"), UnsupportedFormatError, "UNSUPPORTED_AUDIO_FORMAT"],
    ["text", ascii("title,artist\nSong,Someone\n"), UnsupportedFormatError, "UNSUPPORTED_AUDIO_FORMAT"],
    ["no bytes", new Uint8Array(0), EmptyAudioError, "EMPTY_AUDIO"],
    ["a WAV with zero-length data", buildRiff([chunk("fmt ", fmtBody({ channels: 2, sampleRate: 44100, bits: 16 })), chunk("data", new Uint8Array(0))]), EmptyAudioError, "EMPTY_AUDIO"],
    ["a WAV with a broken fmt", buildRiff([chunk("fmt ", new Uint8Array(10)), chunk("data", new Uint8Array(8))]), CorruptAudioError, "CORRUPT_AUDIO"],
    ["half a WAV", readFixture("s16").subarray(0, 1000), TruncatedAudioError, "TRUNCATED_AUDIO"],
  ])("rejects %s with a typed error", async (_, bytes, type, code) => {
    const error = await decodeAudio(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(AudioError);
    expect((error as AudioError).code).toBe(code);
  });

  it.each<FixtureName>(["s16", "flac", "mp3", "vorbis", "opus"])("%s: checks maxBytes and maxSeconds", async (name) => {
    const bytes = readFixture(name);
    await expect(decodeAudio(bytes, { maxBytes: bytes.length - 1 })).rejects.toMatchObject({ code: "AUDIO_TOO_LARGE", limit: "maxBytes" });
    await expect(decodeAudio(bytes, { maxSeconds: 1 })).rejects.toMatchObject({ code: "AUDIO_TOO_LARGE", limit: "maxSeconds" });
    await expect(decodeAudio(bytes, { maxBytes: bytes.length, maxSeconds: 3 })).resolves.toMatchObject({ truncated: false });
  });

  it("treats invalid limits as the caller's bug (RangeError)", async () => {
    await expect(decodeAudio(readFixture("s16"), { maxSeconds: 0 })).rejects.toThrow(RangeError);
    await expect(decodeAudio(readFixture("s16"), { maxBytes: Number.NaN })).rejects.toThrow(RangeError);
  });

  it("has 200 MiB and 20 minutes as default caps, and Infinity lifts a cap", () => {
    expect(resolveLimits()).toEqual({ maxBytes: 200 * 1024 * 1024, maxSeconds: 1200 });
    expect([DEFAULT_MAX_BYTES, DEFAULT_MAX_SECONDS]).toEqual([209715200, 1200]);
    expect(resolveLimits({ maxSeconds: Infinity }).maxSeconds).toBe(Infinity);
  });
});

describe("decodeAudioFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "soundmark-decode-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("decodes a file like decodeAudio decodes its bytes", async () => {
    const audio = await decodeAudioFile(fixturePath("flac"));
    expect(audio).toMatchObject({ format: "flac", sampleRate: 44100 });
    expect(audio.channels[0]).toHaveLength(88200);
  });

  it("rejects a file over maxBytes from its size, without reading it", async () => {
    // A sparse 1 GiB file: reading it would take seconds and a gigabyte; the size check takes neither.
    const path = join(dir, "huge.wav");
    await writeFile(path, "");
    await truncate(path, 1024 ** 3);
    const error = await decodeAudioFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioTooLargeError);
    expect(error).toMatchObject({ limit: "maxBytes" });
  });

  it("lets file-system errors through as they are", async () => {
    await expect(decodeAudioFile(join(dir, "missing.wav"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
