import { describe, expect, it } from "vitest";
import { decodeAudio } from "../decode/index.js";
import { syntheticMusic } from "../testing/synthetic-music.js";
import { encodeMp3 } from "./mp3-writer.js";

describe("encodeMp3", () => {
  it("writes an MP3 file the decoder reads back at the input's rate, length and level", async () => {
    const pcm = syntheticMusic({ seed: 3, durationSeconds: 4, sampleRate: 44_100 });
    const bytes = encodeMp3(pcm, 128);
    // 128 kbps for 4 s is about 64 kB (plus the encoder's padding frames).
    expect(bytes.length).toBeGreaterThan(60_000);
    expect(bytes.length).toBeLessThan(70_000);
    const decoded = await decodeAudio(bytes);
    expect(decoded.sampleRate).toBe(44_100);
    expect(Math.abs(decoded.channels[0]!.length - pcm.channels[0]!.length)).toBeLessThan(44_100 * 0.1);
    const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    // The codec drops what it cannot hear (a few % of the energy here), it does not change the level.
    const ratio = rms(decoded.channels[0]!) / rms(pcm.channels[0]!);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.1);
  });

  it("refuses more than two channels", () => {
    const c = new Float32Array(1152);
    expect(() => encodeMp3({ sampleRate: 44_100, channels: [c, c, c] })).toThrow(RangeError);
  });
});
