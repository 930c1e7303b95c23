import { describe, expect, it } from "vitest";
import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { SeededRandom } from "../random/seeded-random.js";
import { db, musicLike, pcmOf, sameSamples, tone } from "../testing/measure.js";
import { noise } from "./noise.js";

function snrOf(input: Float32Array[], output: Float32Array[]): number {
  let s = 0;
  let e = 0;
  input.forEach((x, c) => {
    for (let i = 0; i < x.length; i++) {
      s += x[i]! * x[i]!;
      e += (output[c]![i]! - x[i]!) ** 2;
    }
  });
  return db(s / e);
}

describe("noise", () => {
  it.each([30, 20, 10, 0, -5])("hits the requested SNR of %i dB within 0.1 dB", (snrDb) => {
    const pcm = pcmOf(44_100, musicLike(44_100, 0.5, 1), tone(330, 44_100, 22_050, 0.1));
    const out = noise(pcm, { snrDb }, new SeededRandom(3));
    expect(Math.abs(snrOf(pcm.channels, out.channels) - snrDb)).toBeLessThan(0.1);
    // Exact up to float32 rounding in fact.
    expect(Math.abs(snrOf(pcm.channels, out.channels) - snrDb)).toBeLessThan(0.001);
  });

  it("adds white noise: flat spectrum, independent channels", () => {
    const n = 1 << 14;
    const pcm = pcmOf(8000, new Float32Array(n).fill(0.5), new Float32Array(n).fill(0.5));
    const out = noise(pcm, { snrDb: 0 }, new SeededRandom(9));
    const a = out.channels[0]!.map((v) => v - 0.5);
    const b = out.channels[1]!.map((v) => v - 0.5);
    let ab = 0;
    let aa = 0;
    let lag1 = 0;
    for (let i = 0; i < n; i++) {
      ab += a[i]! * b[i]!;
      aa += a[i]! * a[i]!;
      if (i > 0) lag1 += a[i]! * a[i - 1]!;
    }
    expect(Math.abs(ab / aa)).toBeLessThan(0.05);
    expect(Math.abs(lag1 / aa)).toBeLessThan(0.05);
  });

  it("is deterministic per seed and does not mutate its input", () => {
    const x = musicLike(22_050, 0.3);
    const copy = x.slice();
    const pcm = pcmOf(22_050, x);
    const a = noise(pcm, { snrDb: 20 }, new SeededRandom(1));
    const b = noise(pcm, { snrDb: 20 }, new SeededRandom(1));
    const c = noise(pcm, { snrDb: 20 }, new SeededRandom(2));
    expect(sameSamples(a.channels[0], b.channels[0])).toBe(true);
    expect(sameSamples(a.channels[0], c.channels[0])).toBe(false);
    expect(sameSamples(noise(pcm, { snrDb: 20 }).channels[0], noise(pcm, { snrDb: 20 }).channels[0])).toBe(true);
    expect(sameSamples(x, copy)).toBe(true);
  });

  it("leaves silence silent", () => {
    const out = noise(pcmOf(8000, new Float32Array(100)), { snrDb: 10 }, new SeededRandom(1));
    expect(out.channels[0]!.every((v) => v === 0)).toBe(true);
  });

  it("rejects a non-finite SNR and a malformed input", () => {
    const pcm = pcmOf(8000, new Float32Array(10));
    expect(() => noise(pcm, { snrDb: Number.NaN })).toThrow(InvalidAttackParameterError);
    expect(() => noise(pcm, { snrDb: Number.POSITIVE_INFINITY })).toThrow(/snrDb/);
    expect(() => noise(pcmOf(0, new Float32Array(10)), { snrDb: 10 })).toThrow(InvalidAttackParameterError);
    expect(() => noise(pcmOf(8000), { snrDb: 10 })).toThrow(InvalidAttackParameterError);
    expect(() => noise(pcmOf(8000, new Float32Array(10), new Float32Array(9)), { snrDb: 10 })).toThrow(/equal length/);
    try {
      noise(pcm, { snrDb: Number.NaN });
    } catch (error) {
      expect((error as InvalidAttackParameterError).code).toBe("INVALID_ATTACK_PARAMETER");
      expect((error as InvalidAttackParameterError).parameter).toBe("snrDb");
    }
  });
});
