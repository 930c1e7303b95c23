import { describe, expect, it } from "vitest";
import {
  AudioTooLargeError,
  CorruptAudioError,
  EmptyAudioError,
  TruncatedAudioError,
  UnsupportedFormatError,
} from "../errors/decode-error.js";
import { decodeWav } from "./wav.js";
import {
  buildRiff,
  chunk,
  ds64Body,
  fmtBody,
  fmtExtensibleBody,
  interleave,
  type FmtOptions,
} from "./testing/build-wav.js";
import { chordAt, maxAbsDiff, readFixture, render, type FixtureName } from "./testing/fixtures.js";

const LSB16 = 1 / 32768;

/** A 16-bit WAV of the given integer channels with chunks around the data. */
function wav16(channels: number[][], extra: { before?: ReturnType<typeof chunk>[]; after?: ReturnType<typeof chunk>[] } = {}) {
  const fmt = chunk("fmt ", fmtBody({ channels: channels.length, sampleRate: 8000, bits: 16 }));
  return buildRiff([fmt, ...(extra.before ?? []), chunk("data", interleave(channels, 2, "int")), ...(extra.after ?? [])]);
}

describe("decodeWav: ffmpeg fixtures", () => {
  it.each<[FixtureName, number, number]>([
    ["s16", 88200, 2 * LSB16],
    ["s24", 33075, 1e-6],
    ["f32", 22050, 1e-6],
    ["u8", 44100, 1 / 128],
  ])("%s: 44.1 kHz stereo, %i frames, within %f of the analytic chord", async (name, frames, tolerance) => {
    const audio = await decodeWav(readFixture(name));
    expect(audio).toMatchObject({ format: "wav", sampleRate: 44100, truncated: false, corruptFrames: 0 });
    expect(audio.channels).toHaveLength(2);
    for (const c of [0, 1] as const) {
      expect(audio.channels[c]).toHaveLength(frames);
      expect(maxAbsDiff(audio.channels[c]!, render((t) => chordAt(c, t), 44100, frames))).toBeLessThanOrEqual(tolerance);
    }
  });

  it("mono 11025 Hz 16-bit", async () => {
    const audio = await decodeWav(readFixture("mono"));
    expect(audio.sampleRate).toBe(11025);
    expect(audio.channels).toHaveLength(1);
    expect(audio.channels[0]).toHaveLength(11025);
    const reference = render((t) => 0.4 * Math.sin(2 * Math.PI * 440 * t), 11025, 11025);
    expect(maxAbsDiff(audio.channels[0]!, reference)).toBeLessThanOrEqual(2 * LSB16);
  });

  it("4-channel WAVE_FORMAT_EXTENSIBLE keeps the channel order", async () => {
    const audio = await decodeWav(readFixture("quad"));
    expect(audio.channels).toHaveLength(4);
    [220, 330, 440, 550].forEach((f, c) => {
      const reference = render((t) => 0.3 * Math.sin(2 * Math.PI * f * t), 44100, 11025);
      expect(maxAbsDiff(audio.channels[c]!, reference)).toBeLessThanOrEqual(2 * LSB16);
    });
  });
});

describe("decodeWav: sample encodings", () => {
  const cases: [string, FmtOptions, boolean, number[], "int" | "float" | "uint8", number[]][] = [
    ["8-bit unsigned", { channels: 1, sampleRate: 8000, bits: 8 }, false, [0, 128, 255, 64], "uint8", [-1, 0, 127 / 128, -0.5]],
    ["16-bit", { channels: 1, sampleRate: 8000, bits: 16 }, false, [-32768, 0, 32767, 16384], "int", [-1, 0, 32767 / 32768, 0.5]],
    ["24-bit", { channels: 1, sampleRate: 8000, bits: 24 }, false, [-8388608, -1, 8388607, 4194304], "int", [-1, -1 / 8388608, 8388607 / 8388608, 0.5]],
    ["32-bit integer", { channels: 1, sampleRate: 8000, bits: 32 }, false, [-2147483648, 1073741824, 0, 2147483647], "int", [-1, 0.5, 0, 1]],
    ["24-bit in 4-byte containers", { channels: 1, sampleRate: 8000, bits: 24, container: 4 }, true, [-2147483648, 1073741824, 256, 0], "int", [-1, 0.5, 256 / 2147483648, 0]],
    ["32-bit float (plain tag 3)", { channels: 1, sampleRate: 8000, bits: 32, tag: 3 }, false, [0.25, -0.75, 1.5, -1], "float", [0.25, -0.75, 1.5, -1]],
    ["64-bit float", { channels: 1, sampleRate: 8000, bits: 64, tag: 3 }, false, [0.1, -0.3, 1e-9, 0.999], "float", [0.1, -0.3, 1e-9, 0.999]],
    ["32-bit float, extensible", { channels: 1, sampleRate: 8000, bits: 32, tag: 3 }, true, [0.5, -0.5, 0, 0.125], "float", [0.5, -0.5, 0, 0.125]],
  ];
  it.each(cases)("%s", async (_, fmt, extensible, samples, kind, expected) => {
    const bytesPerSample = fmt.container ?? fmt.bits / 8;
    const body = extensible ? fmtExtensibleBody(fmt) : fmtBody(fmt);
    const bytes = buildRiff([chunk("fmt ", body), chunk("data", interleave([samples], bytesPerSample, kind))]);
    const audio = await decodeWav(bytes);
    expect(Array.from(audio.channels[0]!)).toEqual(expected.map((x) => Math.fround(x)));
  });

  it("turns NaN and infinite float samples into 0", async () => {
    const fmt = fmtBody({ channels: 1, sampleRate: 8000, bits: 32, tag: 3 });
    const bytes = buildRiff([chunk("fmt ", fmt), chunk("data", interleave([[NaN, Infinity, -Infinity, 0.5]], 4, "float"))]);
    expect(Array.from((await decodeWav(bytes)).channels[0]!)).toEqual([0, 0, 0, 0.5]);
  });

  it("de-interleaves six 24-bit channels", async () => {
    const channels = Array.from({ length: 6 }, (_, c) => [c * 1000, -(c + 1) * 1000, c]);
    const fmt = fmtExtensibleBody({ channels: 6, sampleRate: 48000, bits: 24 });
    const audio = await decodeWav(buildRiff([chunk("fmt ", fmt), chunk("data", interleave(channels, 3, "int"))]));
    expect(audio.channels).toHaveLength(6);
    audio.channels.forEach((ch, c) => expect(Array.from(ch)).toEqual(channels[c]!.map((v) => v / 8388608)));
  });
});

describe("decodeWav: chunk layouts", () => {
  const samples = [[100, -200, 300, -400]];
  const expected = samples[0]!.map((v) => v / 32768);
  const odd = new Uint8Array([1, 2, 3]);

  it.each([
    ["unknown chunks before and after the data", wav16(samples, { before: [chunk("JUNK", new Uint8Array(12)), chunk("bext", new Uint8Array(40))], after: [chunk("LIST", new Uint8Array(10))] })],
    ["an odd-sized chunk with its pad byte", wav16(samples, { before: [chunk("odd ", odd)] })],
    ["an odd-sized chunk without its pad byte (writer bug)", wav16(samples, { before: [chunk("odd ", odd, { pad: false })] })],
    ["a cut-off chunk after the data", wav16(samples, { after: [chunk("LIST", new Uint8Array(4), { size: 1000 })] })],
    ["an 18-byte fmt (cbSize)", buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 8000, bits: 16, withCbSize: true })), chunk("data", interleave(samples, 2, "int"))])],
    ["data before fmt", buildRiff([chunk("data", interleave(samples, 2, "int")), chunk("fmt ", fmtBody({ channels: 1, sampleRate: 8000, bits: 16 }))])],
    ["a wrong RIFF size", buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 8000, bits: 16 })), chunk("data", interleave(samples, 2, "int"))], { riffSize: 12345 })],
  ])("reads %s", async (_, bytes) => {
    const audio = await decodeWav(bytes);
    expect(Array.from(audio.channels[0]!)).toEqual(expected);
  });

  it("reads RF64 with the data size in ds64", async () => {
    const data = interleave(samples, 2, "int");
    const bytes = buildRiff(
      [
        chunk("ds64", ds64Body(0, data.length, 4)),
        chunk("fmt ", fmtBody({ channels: 1, sampleRate: 8000, bits: 16 })),
        chunk("data", data, { size: 0xffffffff }),
      ],
      { form: "RF64", riffSize: 0xffffffff },
    );
    expect(Array.from((await decodeWav(bytes)).channels[0]!)).toEqual(expected);
  });

  it("reads a streamed WAV (placeholder sizes 0xFFFFFFFF) to the end, dropping a partial frame", async () => {
    const data = interleave([[1, 2, 3], [4, 5, 6]], 2, "int");
    const bytes = buildRiff(
      [chunk("fmt ", fmtBody({ channels: 2, sampleRate: 8000, bits: 16 })), chunk("data", data.subarray(0, 10), { size: 0xffffffff })],
      { riffSize: 0xffffffff },
    );
    const audio = await decodeWav(bytes);
    expect(audio.truncated).toBe(false);
    expect(audio.channels.map((c) => Array.from(c, (x) => x * 32768))).toEqual([[1, 2], [4, 5]]);
  });

  it("reads a streamed WAV whose placeholder sizes are 0", async () => {
    const bytes = buildRiff(
      [chunk("fmt ", fmtBody({ channels: 1, sampleRate: 8000, bits: 16 })), chunk("data", interleave(samples, 2, "int"), { size: 0 })],
      { riffSize: 0 },
    );
    expect(Array.from((await decodeWav(bytes)).channels[0]!)).toEqual(expected);
  });
});

describe("decodeWav: errors", () => {
  const fmt16 = chunk("fmt ", fmtBody({ channels: 1, sampleRate: 8000, bits: 16 }));

  it("a data chunk larger than the file is truncated, or its whole frames with allowTruncated", async () => {
    const bytes = buildRiff([fmt16, chunk("data", interleave([[1, 2, 3]], 2, "int"), { size: 100 })]);
    await expect(decodeWav(bytes)).rejects.toThrow(TruncatedAudioError);
    const audio = await decodeWav(bytes, { allowTruncated: true });
    expect(audio.truncated).toBe(true);
    expect(Array.from(audio.channels[0]!, (x) => x * 32768)).toEqual([1, 2, 3]);
  });

  it("zero-length data is empty", async () => {
    await expect(decodeWav(buildRiff([fmt16, chunk("data", new Uint8Array(0))]))).rejects.toThrow(EmptyAudioError);
    // Less than one whole frame is no audio either.
    await expect(decodeWav(buildRiff([fmt16, chunk("data", new Uint8Array(1))]))).rejects.toThrow(EmptyAudioError);
  });

  it.each([
    ["A-law", fmtBody({ channels: 1, sampleRate: 8000, bits: 8, tag: 6 }), /A-law/],
    ["IMA ADPCM", fmtBody({ channels: 1, sampleRate: 8000, bits: 4, tag: 0x11 }), /IMA ADPCM/],
    ["48-bit integers", fmtBody({ channels: 1, sampleRate: 8000, bits: 48 }), /48-bit integer/],
    ["16-bit float", fmtBody({ channels: 1, sampleRate: 8000, bits: 16, tag: 3 }), /16-bit float/],
    ["a non-standard extensible GUID", (() => {
      const body = fmtExtensibleBody({ channels: 1, sampleRate: 8000, bits: 16 });
      body[30] = 0x77;
      return body;
    })(), /GUID/],
  ])("%s is unsupported", async (_, fmt, message) => {
    const bytes = buildRiff([chunk("fmt ", fmt), chunk("data", new Uint8Array(8))]);
    await expect(decodeWav(bytes)).rejects.toThrow(UnsupportedFormatError);
    await expect(decodeWav(bytes)).rejects.toThrow(message);
  });

  it.each([
    ["a 14-byte fmt", buildRiff([chunk("fmt ", new Uint8Array(14)), chunk("data", new Uint8Array(8))]), /fewer than 16/],
    ["0 channels", buildRiff([chunk("fmt ", fmtBody({ channels: 0, sampleRate: 8000, bits: 16 })), chunk("data", new Uint8Array(8))]), /0 channels/],
    ["a sample rate of 0", buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 0, bits: 16 })), chunk("data", new Uint8Array(8))]), /sample rate of 0/],
    ["a 4 GHz sample rate (a hostile header)", buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 4_000_000_000, bits: 16 })), chunk("data", new Uint8Array(8))]), /sample rate of 4000000000 Hz/],
    ["no fmt chunk", buildRiff([chunk("data", new Uint8Array(8))]), /no fmt chunk/],
    ["no data chunk", buildRiff([fmt16, chunk("LIST", new Uint8Array(8))]), /no data chunk/],
  ])("%s is corrupt", async (_, bytes, message) => {
    await expect(decodeWav(bytes)).rejects.toThrow(CorruptAudioError);
    await expect(decodeWav(bytes)).rejects.toThrow(message);
  });

  it("a file that ends before its data chunk (by the RIFF size) is truncated", async () => {
    const whole = buildRiff([fmt16, chunk("data", new Uint8Array(8))]);
    await expect(decodeWav(whole.subarray(0, 36))).rejects.toThrow(TruncatedAudioError);
    await expect(decodeWav(whole.subarray(0, 40))).rejects.toThrow(TruncatedAudioError);
  });

  it("checks maxSeconds from the header", async () => {
    const error = await decodeWav(readFixture("s16"), { maxSeconds: 1.5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioTooLargeError);
    expect(error).toMatchObject({ code: "AUDIO_TOO_LARGE", limit: "maxSeconds" });
    // 64 KiB of 8-bit mono at 8 Hz claims more than two hours.
    const slow = buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 8, bits: 8 })), chunk("data", new Uint8Array(65536))]);
    await expect(decodeWav(slow)).rejects.toMatchObject({ limit: "maxSeconds" });
  });

  it("checks maxBytes", async () => {
    await expect(decodeWav(readFixture("s16"), { maxBytes: 1000 })).rejects.toMatchObject({ limit: "maxBytes" });
  });
});
