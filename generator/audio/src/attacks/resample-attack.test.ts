import { describe, expect, it } from "vitest";
import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { db, meanSquare, musicLike, pcmOf, sameSamples, tone } from "../testing/measure.js";
import { resampleAttack } from "./resample-attack.js";

describe("resampleAttack", () => {
  it("keeps what lies below the intermediate Nyquist, aligned, and removes what lies above", () => {
    const rate = 44_100;
    const low = tone(3000, rate, rate, 0.4);
    const high = tone(15_000, rate, rate, 0.4);
    const x = low.map((v, i) => v + high[i]!);
    const y = resampleAttack(pcmOf(rate, x), { rate: 22_050 }).channels[0]!;
    expect(y).toHaveLength(x.length);
    let err = 0;
    for (let i = 500; i < y.length - 500; i++) err += (y[i]! - low[i]!) ** 2;
    expect(db(err / (y.length - 1000) / meanSquare(low))).toBeLessThan(-60);
  });

  it("keeps the length for awkward rates and does not mutate its input", () => {
    const x = musicLike(44_100, 0.1234);
    const copy = x.slice();
    for (const rate of [22_050, 16_000, 11_025, 8000, 12_345]) {
      const out = resampleAttack(pcmOf(44_100, x, x), { rate });
      expect(out.sampleRate).toBe(44_100);
      for (const c of out.channels) expect(c).toHaveLength(x.length);
    }
    expect(sameSamples(x, copy)).toBe(true);
  });

  it("rejects a non-positive or absurd rate", () => {
    const pcm = pcmOf(44_100, new Float32Array(10));
    for (const rate of [0, -1, Number.NaN, 100, 1e9]) {
      expect(() => resampleAttack(pcm, { rate })).toThrow(InvalidAttackParameterError);
    }
  });
});
