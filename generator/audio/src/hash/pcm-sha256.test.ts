import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { InvalidPcmError } from "../errors/pcm-error.js";
import { SeededRandom } from "../random/seeded-random.js";
import { decodeAudio } from "../decode/decode-audio.js";
import { buildRiff, chunk, ds64Body, fmtBody, fmtExtensibleBody, interleave } from "../decode/testing/build-wav.js";
import { readFixture } from "../decode/testing/fixtures.js";
import { pcmSha256, quantise16 } from "./pcm-sha256.js";

/** `ffmpeg -v error -i FILE -f s16le - | sha256sum` (generator/audio/fixtures/README.md). */
const FFMPEG_S16LE_SHA256 = {
  s16: "2c4be74deee382f449ecc42d469abbfaf0a72f715450cefa238a98058e981bae",
  flac: "2c4be74deee382f449ecc42d469abbfaf0a72f715450cefa238a98058e981bae",
  u8: "d29811e4748ca9c6d369a08eae2b71b8f2bb19246bbe13764d0ed2e16eba8989",
  mono: "e2d663fcc863b7576153bd38f4346586a6495f34de8f1951184a24ebf350ce31",
  quad: "d7de0bb51ac58d1e0d98249638f748b2158b2834a08407bce56bcfb068e81cee",
} as const;

/** The straightforward definition: one buffer of all interleaved samples. */
function referenceDigest(channels: Float32Array[]): string {
  const frames = channels[0]!.length;
  const bytes = new Uint8Array(frames * channels.length * 2);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (let i = 0; i < frames; i++) {
    for (const ch of channels) {
      const q = Math.min(32767, Math.max(-32768, Math.round(ch[i]! * 32768)));
      view.setInt16(at, Number.isNaN(q) ? 0 : q, true);
      at += 2;
    }
  }
  return createHash("sha256").update(bytes).digest("hex");
}

describe("pcmSha256", () => {
  it("is the same for the 16-bit WAV and the FLAC made from it", async () => {
    const [wav, flac] = await Promise.all([decodeAudio(readFixture("s16")), decodeAudio(readFixture("flac"))]);
    expect(pcmSha256(wav)).toBe(pcmSha256(flac));
  });

  it.each(Object.keys(FFMPEG_S16LE_SHA256) as (keyof typeof FFMPEG_S16LE_SHA256)[])(
    "%s: equals ffmpeg's 16-bit little-endian output hashed by sha256sum",
    async (name) => {
      expect(pcmSha256(await decodeAudio(readFixture(name)))).toBe(FFMPEG_S16LE_SHA256[name]);
    },
  );

  it("is the same across WAV chunk layouts of the same 16-bit samples", async () => {
    const source = await decodeAudio(readFixture("s16"));
    const ints = source.channels.map((c) => Array.from(c, (x) => Math.round(x * 32768)));
    const data = interleave(ints, 2, "int");
    const fmt = { channels: 2, sampleRate: 44100, bits: 16 };
    const layouts = {
      "minimal": buildRiff([chunk("fmt ", fmtBody(fmt)), chunk("data", data)]),
      "18-byte fmt": buildRiff([chunk("fmt ", fmtBody({ ...fmt, withCbSize: true })), chunk("data", data)]),
      "extensible": buildRiff([chunk("fmt ", fmtExtensibleBody({ ...fmt, channelMask: 3 })), chunk("data", data)]),
      "tags around the data, odd chunk": buildRiff([
        chunk("JUNK", new Uint8Array(28)),
        chunk("fmt ", fmtBody(fmt)),
        chunk("odd ", new Uint8Array(5)),
        chunk("data", data),
        chunk("LIST", new Uint8Array(30)),
      ]),
      "RF64": buildRiff([chunk("ds64", ds64Body(0, data.length, data.length / 4)), chunk("fmt ", fmtBody(fmt)), chunk("data", data, { size: 0xffffffff })], { form: "RF64", riffSize: 0xffffffff }),
      "streamed sizes": buildRiff([chunk("fmt ", fmtBody(fmt)), chunk("data", data, { size: 0xffffffff })], { riffSize: 0xffffffff }),
    };
    const expected = pcmSha256(source);
    for (const [layout, bytes] of Object.entries(layouts)) {
      expect(pcmSha256(await decodeAudio(bytes)), layout).toBe(expected);
    }
  });

  it("hashes in chunks exactly what one buffer of all samples gives (lengths around the chunk size, clipping)", () => {
    const rng = new SeededRandom(16);
    for (const frames of [0, 1, 8191, 8192, 8193, 20000]) {
      for (const count of [1, 2, 3]) {
        const channels = Array.from({ length: count }, () => Float32Array.from({ length: frames }, () => rng.gaussian() * 0.6));
        expect(pcmSha256({ sampleRate: 44100, channels }), `${frames} x ${count}`).toBe(referenceDigest(channels));
      }
    }
  });

  it("covers the samples only: rate is not hashed, channel layout is (interleaving)", () => {
    const a = Float32Array.of(0.1, 0.2, 0.3, 0.4);
    const b = Float32Array.of(-0.1, -0.2, -0.3, -0.4);
    expect(pcmSha256({ sampleRate: 8000, channels: [a, b] })).toBe(pcmSha256({ sampleRate: 48000, channels: [a, b] }));
    expect(pcmSha256({ sampleRate: 8000, channels: [a, b] })).not.toBe(pcmSha256({ sampleRate: 8000, channels: [b, a] }));
  });

  it("rejects Pcm without channels or with channels of different lengths", () => {
    expect(() => pcmSha256({ sampleRate: 8000, channels: [] })).toThrow(InvalidPcmError);
    expect(() => pcmSha256({ sampleRate: 8000, channels: [new Float32Array(2), new Float32Array(3)] })).toThrow(
      InvalidPcmError,
    );
  });
});

describe("quantise16", () => {
  it.each([
    [0, 0],
    [-0, 0],
    [1, 32767],
    [-1, -32768],
    [1.5, 32767],
    [-7, -32768],
    [0.5 / 32768, 1],
    [-0.5 / 32768, 0],
    [-1.5 / 32768, -1],
    [1594 / 32768, 1594],
    [Number.NaN, 0],
  ])("%f -> %i", (x, q) => {
    expect(Object.is(quantise16(x), q)).toBe(true);
  });
});
