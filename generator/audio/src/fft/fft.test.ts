import { describe, expect, it } from "vitest";
import { Fft } from "./fft.js";
import { SeededRandom } from "../random/seeded-random.js";

/** The O(N^2) DFT, as the reference. */
function dft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n;
      outRe[k]! += re[t]! * Math.cos(a) - im[t]! * Math.sin(a);
      outIm[k]! += re[t]! * Math.sin(a) + im[t]! * Math.cos(a);
    }
  }
  return [outRe, outIm];
}

describe("Fft", () => {
  it.each([2, 8, 64, 512])("matches the direct DFT for N = %i", (n) => {
    const rng = new SeededRandom(n);
    const re = Float64Array.from({ length: n }, () => rng.gaussian());
    const im = Float64Array.from({ length: n }, () => rng.gaussian());
    const [eRe, eIm] = dft(re, im);
    new Fft(n).transform(re, im);
    for (let k = 0; k < n; k++) {
      expect(re[k]).toBeCloseTo(eRe[k]!, 8);
      expect(im[k]).toBeCloseTo(eIm[k]!, 8);
    }
  });

  it("inverse undoes forward", () => {
    const rng = new SeededRandom(7);
    const re = Float64Array.from({ length: 256 }, () => rng.next());
    const im = new Float64Array(256);
    const original = re.slice();
    const fft = new Fft(256);
    fft.transform(re, im);
    fft.inverse(re, im);
    for (let i = 0; i < 256; i++) expect(re[i]).toBeCloseTo(original[i]!, 10);
  });

  it("puts a sinusoid's power in its bin", () => {
    const n = 1024;
    const frame = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 37 * i) / n));
    const power = new Float64Array(n / 2 + 1);
    new Fft(n).powerSpectrum(frame, new Float64Array(n), power);
    const peak = power.indexOf(Math.max(...power));
    expect(peak).toBe(37);
  });

  it("refuses sizes that are not powers of two", () => {
    expect(() => new Fft(1000)).toThrow(RangeError);
    expect(() => new Fft(1)).toThrow(RangeError);
  });
});
