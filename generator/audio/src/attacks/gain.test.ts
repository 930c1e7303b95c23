import { describe, expect, it } from "vitest";
import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { pcmOf, sameSamples, tone } from "../testing/measure.js";
import { gain } from "./gain.js";

describe("gain", () => {
  it("scales by 10^(dB / 20)", () => {
    const x = tone(440, 8000, 800, 0.8);
    const out = gain(pcmOf(8000, x), { db: -6 }).channels[0]!;
    for (let i = 0; i < x.length; i++) expect(out[i]).toBeCloseTo(x[i]! * 10 ** (-6 / 20), 6);
  });

  it("hard-clips at +/-1", () => {
    const x = tone(440, 8000, 800, 0.8);
    const out = gain(pcmOf(8000, x), { db: 6 }).channels[0]!;
    const g = 10 ** (6 / 20);
    let clipped = 0;
    for (let i = 0; i < x.length; i++) {
      expect(Math.abs(out[i]!)).toBeLessThanOrEqual(1);
      if (Math.abs(x[i]! * g) > 1) {
        expect(Math.abs(out[i]!)).toBe(1);
        clipped++;
      } else expect(out[i]).toBeCloseTo(x[i]! * g, 6);
    }
    expect(clipped).toBeGreaterThan(100);
  });

  it("does not mutate its input and rejects a non-finite gain", () => {
    const x = tone(440, 8000, 100);
    const copy = x.slice();
    gain(pcmOf(8000, x), { db: 20 });
    expect(sameSamples(x, copy)).toBe(true);
    expect(() => gain(pcmOf(8000, x), { db: Number.NaN })).toThrow(InvalidAttackParameterError);
  });
});
