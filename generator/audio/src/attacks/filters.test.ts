import { describe, expect, it } from "vitest";
import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { db, pcmOf, sameSamples, tone, tonePower } from "../testing/measure.js";
import { highpass } from "./highpass.js";
import { lowpass } from "./lowpass.js";

const RATE = 44_100;

/** Steady-state gain of the filter at f in dB (tone power after the transient over tone power before). */
function gainAt(filter: (pcm: ReturnType<typeof pcmOf>) => ReturnType<typeof pcmOf>, f: number): number {
  const x = tone(f, RATE, RATE / 2);
  const y = filter(pcmOf(RATE, x)).channels[0]!;
  return db(tonePower(y, f, RATE, 4410, y.length) / tonePower(x, f, RATE, 4410, x.length));
}

describe("lowpass", () => {
  const lp = (pcm: ReturnType<typeof pcmOf>) => lowpass(pcm, { cutoffHz: 4000 });

  it("is -3 dB at the cutoff, flat below, 24 dB per octave above (order 4)", () => {
    expect(Math.abs(gainAt(lp, 4000) + 3.01)).toBeLessThan(0.05);
    expect(Math.abs(gainAt(lp, 1000))).toBeLessThan(0.01);
    expect(gainAt(lp, 8000)).toBeLessThan(-24);
    expect(gainAt(lp, 16_000)).toBeLessThan(-48);
    expect(gainAt((pcm) => lowpass(pcm, { cutoffHz: 4000, order: 8 }), 8000)).toBeLessThan(-48);
  });

  it("keeps length and channels and does not mutate its input", () => {
    const x = tone(5000, RATE, 1000);
    const copy = x.slice();
    const out = lp(pcmOf(RATE, x, x));
    expect(out.channels).toHaveLength(2);
    expect(out.channels[1]).toHaveLength(1000);
    expect(sameSamples(x, copy)).toBe(true);
  });

  it("rejects cutoffs outside (0, Nyquist) and odd orders", () => {
    const pcm = pcmOf(RATE, new Float32Array(10));
    for (const cutoffHz of [0, -1, RATE / 2, 30_000, Number.NaN]) {
      expect(() => lowpass(pcm, { cutoffHz })).toThrow(InvalidAttackParameterError);
    }
    expect(() => lowpass(pcm, { cutoffHz: 1000, order: 3 })).toThrow(/even/);
    expect(() => lowpass(pcm, { cutoffHz: 1000, order: 0 })).toThrow(InvalidAttackParameterError);
  });
});

describe("highpass", () => {
  const hp = (pcm: ReturnType<typeof pcmOf>) => highpass(pcm, { cutoffHz: 500 });

  it("is -3 dB at the cutoff, flat above, 24 dB per octave below (order 4)", () => {
    expect(Math.abs(gainAt(hp, 500) + 3.01)).toBeLessThan(0.05);
    expect(Math.abs(gainAt(hp, 4000))).toBeLessThan(0.01);
    expect(gainAt(hp, 250)).toBeLessThan(-23.5);
    expect(gainAt(hp, 125)).toBeLessThan(-47.5);
  });

  it("removes DC", () => {
    const y = highpass(pcmOf(RATE, new Float32Array(RATE).fill(0.5)), { cutoffHz: 100 }).channels[0]!;
    expect(Math.abs(y[y.length - 1]!)).toBeLessThan(1e-4);
  });

  it("rejects cutoffs outside (0, Nyquist)", () => {
    expect(() => highpass(pcmOf(8000, new Float32Array(10)), { cutoffHz: 4000 })).toThrow(InvalidAttackParameterError);
  });
});
