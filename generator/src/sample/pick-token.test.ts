import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../audio/src/random/seeded-random.js";
import { pickToken } from "./pick-token.js";
import { defaultSamplingParameters } from "./sampling-parameters.js";

const logits = new Float32Array([2, 1, 0, 3, -1]);
const all = new Uint8Array([1, 1, 1, 1, 1]);
const draw = (overrides: Partial<typeof defaultSamplingParameters>, mask = all, n = 4000): number[] => {
  const random = new SeededRandom(1);
  const counts = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) counts[pickToken(logits, mask, { ...defaultSamplingParameters, ...overrides }, random)]!++;
  return counts;
};

describe("pickToken", () => {
  it("is greedy at temperature 0, top-k 1 or a tiny top-p", () => {
    expect(draw({ temperature: 0 }, all, 10)).toEqual([0, 0, 0, 10, 0]);
    expect(draw({ topK: 1 }, all, 10)).toEqual([0, 0, 0, 10, 0]);
    expect(draw({ topP: 0.01 }, all, 10)).toEqual([0, 0, 0, 10, 0]);
  });

  it("never picks a masked token", () => {
    expect(draw({ temperature: 5 }, new Uint8Array([1, 0, 1, 0, 1]))).toSatisfy((c: number[]) => c[1] === 0 && c[3] === 0 && c[0]! > 0);
  });

  it("samples the softmax at temperature 1 (frequencies within 3 standard errors)", () => {
    const n = 4000;
    const counts = draw({}, all, n);
    const exp = Array.from(logits, Math.exp);
    const total = exp.reduce((a, b) => a + b, 0);
    exp.forEach((e, i) => {
      const p = e / total;
      expect(Math.abs(counts[i]! / n - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / n) + 1e-3);
    });
  });

  it("keeps only the top k, and only the nucleus", () => {
    const topK = draw({ topK: 2, temperature: 2 });
    expect(topK[1]! + topK[2]! + topK[4]!).toBe(0);
    // p(3) = 0.64, p(0) = 0.24: a 0.8 nucleus holds exactly these two.
    const nucleus = draw({ topP: 0.8 });
    expect(nucleus[1]! + nucleus[2]! + nucleus[4]!).toBe(0);
    expect(nucleus[0]!).toBeGreaterThan(0);
  });
});
