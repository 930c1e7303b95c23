import { describe, expect, it } from "vitest";
import { limitPeaks } from "./limiter.js";

const RATE = 44_100;

describe("limitPeaks", () => {
  it("passes audio under the ceiling through untouched", () => {
    const x = Float32Array.from({ length: RATE }, (_, i) => 0.5 * Math.sin(i / 10));
    const copy = Float32Array.from(x);
    limitPeaks({ sampleRate: RATE, channels: [x] });
    expect(x).toEqual(copy);
  });

  it("holds every sample at or under the ceiling, reaching it at the peaks, and recovers after them", () => {
    const left = Float32Array.from({ length: RATE }, (_, i) => 0.4 * Math.sin(i / 7));
    const right = Float32Array.from(left);
    for (let i = 20_000; i < 20_100; i++) left[i] = 3 * Math.sin(i / 3); // a loud burst on one channel only
    limitPeaks({ sampleRate: RATE, channels: [left, right] }, { ceiling: 0.8 });
    let peak = 0;
    for (const ch of [left, right]) for (const v of ch) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeLessThanOrEqual(0.8 + 1e-6);
    expect(peak).toBeGreaterThan(0.75);
    // Linked channels: the quiet channel ducks with the loud one during the burst...
    expect(Math.abs(right[20_050]!)).toBeLessThan(0.4 * 0.8 / 3 + 1e-3);
    // ...and both recover once it is over (release time constant 150 ms: 97% of unity gain 0.54 s later).
    const tail = (ch: Float32Array) => Math.max(...ch.subarray(RATE - 200).map(Math.abs));
    expect(tail(right) / 0.4).toBeGreaterThan(0.95);
  });

  it("starts attenuating before the peak (look-ahead) instead of clipping it", () => {
    const x = new Float32Array(RATE / 10).fill(0.5);
    x[2000] = 2;
    limitPeaks({ sampleRate: RATE, channels: [x] }, { ceiling: 0.8, lookaheadSeconds: 0.005 });
    expect(x[2000]).toBeCloseTo(0.8, 5);
    expect(x[1990]!).toBeLessThan(0.5); // gain already falling 10 samples ahead
    expect(x[1000]!).toBe(0.5); // far before the peak: untouched
  });
});
