import { describe, expect, it } from "vitest";
import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { musicLike, pcmOf, peakFrequency, sameSamples, tone } from "../testing/measure.js";
import { speed } from "./speed.js";

describe("speed", () => {
  it.each([1.03, 0.97, 1.5])("x%f scales a tone's frequency by the factor and the length by its inverse", (factor) => {
    const rate = 44_100;
    const x = tone(1000, rate, rate);
    const out = speed(pcmOf(rate, x, x), { factor });
    expect(out.sampleRate).toBe(rate);
    expect(out.channels[1]).toHaveLength(Math.round(rate / factor));
    const y = out.channels[0]!;
    expect(Math.abs(peakFrequency(y, rate, 500, y.length - 1000) / (1000 * factor) - 1)).toBeLessThan(1e-4);
  });

  it("does not mutate its input", () => {
    const x = musicLike(8000, 0.5);
    const copy = x.slice();
    speed(pcmOf(8000, x), { factor: 1.03 });
    expect(sameSamples(x, copy)).toBe(true);
  });

  it("rejects factors outside [0.25, 4]", () => {
    const pcm = pcmOf(8000, new Float32Array(10));
    for (const factor of [0, -1, 0.1, 5, Number.NaN]) {
      expect(() => speed(pcm, { factor })).toThrow(InvalidAttackParameterError);
    }
  });
});
