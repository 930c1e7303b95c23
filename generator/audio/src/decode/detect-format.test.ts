import { describe, expect, it } from "vitest";
import { EmptyAudioError, TruncatedAudioError, UnsupportedFormatError } from "../errors/decode-error.js";
import { detectFormat } from "./detect-format.js";
import { ascii, buildRiff, chunk, concat, fmtBody } from "./testing/build-wav.js";
import { oggPage } from "./testing/build-ogg.js";
import { readFixture, type FixtureName } from "./testing/fixtures.js";

/** An ID3v2.4 tag with `size` bytes of (zero) body. */
function id3(size: number): Uint8Array {
  const tag = new Uint8Array(10 + size);
  tag.set(ascii("ID3\x04\x00\x00"), 0);
  tag.set([(size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f], 6);
  return tag;
}

describe("detectFormat", () => {
  it.each<[FixtureName, string]>([
    ["s16", "wav"],
    ["s24", "wav"],
    ["f32", "wav"],
    ["u8", "wav"],
    ["mono", "wav"],
    ["quad", "wav"],
    ["flac", "flac"],
    ["mp3", "mp3"],
    ["monoMp3", "mp3"],
    ["vorbis", "ogg-vorbis"],
    ["opus", "opus"],
  ])("%s fixture is %s", (name, format) => {
    expect(detectFormat(readFixture(name))).toEqual({ format, offset: 0 });
  });

  it("finds FLAC after a prepended ID3v2 tag, and says where it starts", () => {
    const flac = readFixture("flac");
    expect(detectFormat(concat(id3(100), flac))).toEqual({ format: "flac", offset: 110 });
  });

  it("finds MP3 by frame sync alone once the ID3v2 tag is stripped", () => {
    const mp3 = readFixture("mp3");
    const firstFrame = mp3.indexOf(0xff);
    expect(detectFormat(mp3.subarray(firstFrame)).format).toBe("mp3");
  });

  it("recognises RF64 and BW64 as WAV", () => {
    const wav = buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 8000, bits: 16 })), chunk("data", new Uint8Array(4))]);
    for (const form of ["RF64", "BW64"]) {
      const bytes = Uint8Array.from(wav);
      bytes.set(ascii(form), 0);
      expect(detectFormat(bytes).format).toBe("wav");
    }
  });

  it.each<[string, Uint8Array, RegExp]>([
    ["a PNG", concat(ascii("\x89PNG\r\n\x1a\n"), new Uint8Array(64)), /PNG image/],
    ["text", ascii("Hello, this is not audio at all, just some words.\n"), /unrecognised data \(starts with 48 65/],
    ["a RIFF AVI", concat(ascii("RIFF\x00\x10\x00\x00AVI LIST"), new Uint8Array(32)), /RIFF form "AVI " is not WAVE/],
    ["an MP4", concat(ascii("\x00\x00\x00\x20ftypM4A "), new Uint8Array(32)), /MP4\/M4A/],
    ["ADTS AAC", concat(Uint8Array.of(0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc), new Uint8Array(64)), /AAC in ADTS/],
    ["AIFF", concat(ascii("FORM\x00\x00\x10\x00AIFFCOMM"), new Uint8Array(32)), /AIFF/],
    ["Ogg FLAC", oggPage(concat(ascii("\x7fFLAC\x01\x00\x00\x01fLaC"), new Uint8Array(38))), /Ogg FLAC/],
    ["Ogg Theora", oggPage(concat(ascii("\x80theora"), new Uint8Array(34))), /Theora/],
    ["an ID3v2 tag over text", concat(id3(20), ascii("just text after the tag, no frames")), /ID3v2 tag followed by/],
    ["one lone MPEG sync word in noise", concat(ascii("noise"), Uint8Array.of(0xff, 0xfb, 0x90, 0x00), new Uint8Array(600).fill(7)), /unrecognised/],
  ])("rejects %s as unsupported", (_, bytes, message) => {
    expect(() => detectFormat(bytes)).toThrow(UnsupportedFormatError);
    expect(() => detectFormat(bytes)).toThrow(message);
  });

  it("rejects no bytes as empty", () => {
    expect(() => detectFormat(new Uint8Array(0))).toThrow(EmptyAudioError);
  });

  it.each<[string, Uint8Array]>([
    ["RIFF cut before WAVE", ascii("RIFF\x24\x00\x00\x00WA")],
    ["a prefix of RIFF", ascii("RI")],
    ["a prefix of fLaC", ascii("fLa")],
    ["a prefix of OggS", ascii("Og")],
    ["a prefix of an ID3 header", ascii("ID3\x04\x00")],
    ["an ID3v2 tag longer than the input", id3(500).subarray(0, 200)],
    ["an Ogg page cut short", oggPage(concat(ascii("OpusHead\x01\x02"), new Uint8Array(9))).subarray(0, 30)],
  ])("rejects %s as truncated", (_, bytes) => {
    expect(() => detectFormat(bytes)).toThrow(TruncatedAudioError);
  });
});
