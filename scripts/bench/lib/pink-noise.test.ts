import { describe, expect, it } from "vitest";
import { Fft } from "../../../generator/audio/src/fft/fft.js";
import { SeededRandom } from "../../../generator/audio/src/random/seeded-random.js";
import { pinkNoise } from "./pink-noise.js";

/** Mean power of x in [lowHz, highHz) from averaged 4096-point periodograms. */
function bandPower(x: Float32Array, sampleRate: number, lowHz: number, highHz: number): number {
  const n = 4096;
  const fft = new Fft(n);
  let total = 0;
  for (let start = 0; start + n <= x.length; start += n) {
    const re = Float64Array.from(x.subarray(start, start + n), (v, i) => v * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)));
    const im = new Float64Array(n);
    fft.transform(re, im);
    for (let k = Math.round((lowHz * n) / sampleRate); k < Math.round((highHz * n) / sampleRate); k++) total += re[k]! ** 2 + im[k]! ** 2;
  }
  return total;
}

describe("pinkNoise", () => {
  const x = pinkNoise(1 << 18, new SeededRandom(3));

  it("has unit variance and is reproducible from its seed", () => {
    const variance = x.reduce((s, v) => s + v * v, 0) / x.length;
    expect(variance).toBeCloseTo(1, 6);
    expect(pinkNoise(4096, new SeededRandom(3))).toEqual(pinkNoise(4096, new SeededRandom(3)));
    expect(pinkNoise(4096, new SeededRandom(4))).not.toEqual(pinkNoise(4096, new SeededRandom(3)));
  });

  it("has equal power per octave (-3 dB per octave), unlike white noise", () => {
    const low = bandPower(x, 44_100, 500, 1000);
    const high = bandPower(x, 44_100, 4000, 8000);
    expect(Math.abs(10 * Math.log10(high / low))).toBeLessThan(1);
  });
});
