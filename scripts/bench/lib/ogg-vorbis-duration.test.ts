import { describe, expect, it } from "vitest";
import { oggPage } from "../../../generator/audio/src/decode/testing/build-ogg.js";
import { oggVorbisDuration } from "./ogg-vorbis-duration.js";

/** A Vorbis identification header: "\x01vorbis", version 0, channels, rate, three bitrates, block sizes, framing. */
function vorbisIdHeader(channels: number, sampleRate: number): Uint8Array {
  const out = new Uint8Array(30);
  out.set([1, ..."vorbis"].map((c) => (typeof c === "number" ? c : c.charCodeAt(0))));
  const view = new DataView(out.buffer);
  out[11] = channels;
  view.setUint32(12, sampleRate, true);
  out[28] = 0xb8;
  out[29] = 1;
  return out;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe("oggVorbisDuration", () => {
  it("reads the duration from the last granule position and the identification header's rate", () => {
    const file = concat(oggPage(vorbisIdHeader(2, 44_100), 2, 0n), oggPage(new Uint8Array(40), 0, 220_500n), oggPage(new Uint8Array(40), 4, 441_000n));
    expect(oggVorbisDuration(file)).toEqual({ seconds: 10, sampleRate: 44_100 });
  });

  it("refuses a stream that is not Vorbis, and a header with a zero rate", () => {
    const opus = concat(oggPage(new TextEncoder().encode("OpusHead........"), 2), oggPage(new Uint8Array(8), 4, 48_000n));
    expect(() => oggVorbisDuration(opus)).toThrow(/not an Ogg Vorbis stream/);
    expect(() => oggVorbisDuration(new Uint8Array(100))).toThrow(/not an Ogg Vorbis stream/);
    expect(() => oggVorbisDuration(concat(oggPage(vorbisIdHeader(2, 0), 2), oggPage(new Uint8Array(8), 4, 10n)))).toThrow(/sample rate of 0/);
  });
});
