import { describe, expect, it } from "vitest";
import { decodeAudio } from "../decode/index.js";
import { pcmSha256 } from "../hash/index.js";
import { InvalidPcmError } from "../errors/pcm-error.js";
import { SeededRandom } from "../random/seeded-random.js";
import { encodeWav } from "./wav-writer.js";

const rng = new SeededRandom(3);
const noise = (n: number) => Float32Array.from({ length: n }, () => Math.round((rng.next() * 2 - 1) * 30000) / 32768);

describe("encodeWav", () => {
  it("round-trips 16-bit audio bit-exactly (same pcmSha256)", async () => {
    const pcm = { sampleRate: 44100, channels: [noise(4410), noise(4410)] };
    const decoded = await decodeAudio(encodeWav(pcm));
    expect(decoded.format).toBe("wav");
    expect(decoded.sampleRate).toBe(44100);
    expect(pcmSha256(decoded)).toBe(pcmSha256(pcm));
  });

  it.each(["s24", "f32"] as const)("round-trips %s within its precision", async (format) => {
    const pcm = { sampleRate: 22050, channels: [Float32Array.from({ length: 500 }, (_, i) => Math.sin(i / 7) * 0.9)] };
    const decoded = await decodeAudio(encodeWav(pcm, format));
    for (let i = 0; i < 500; i++) expect(decoded.channels[0]![i]).toBeCloseTo(pcm.channels[0]![i]!, 6);
  });

  it("clips out-of-range samples and writes NaN as silence", async () => {
    const pcm = { sampleRate: 8000, channels: [Float32Array.from([2, -2, Number.NaN, 0.5])] };
    const decoded = await decodeAudio(encodeWav(pcm));
    expect(Array.from(decoded.channels[0]!)).toEqual([32767 / 32768, -1, 0, 0.5]);
  });

  it("refuses audio without channels, with unequal channels or a bad rate", () => {
    expect(() => encodeWav({ sampleRate: 8000, channels: [] })).toThrow(InvalidPcmError);
    expect(() => encodeWav({ sampleRate: 0, channels: [new Float32Array(1)] })).toThrow(InvalidPcmError);
    expect(() => encodeWav({ sampleRate: 8000, channels: [new Float32Array(2), new Float32Array(3)] })).toThrow(
      InvalidPcmError,
    );
  });
});
