import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import { classifyPiece, classLogProbabilities, trainClassifier } from "./generator-classifier.js";

/** Points around a centre, with a noisy feature that carries no class information and a constant one. */
function cluster(label: string, centre: [number, number], count: number, random: SeededRandom) {
  return Array.from({ length: count }, () => ({
    label,
    features: [centre[0] + random.next() * 0.6 - 0.3, centre[1] + random.next() * 0.6 - 0.3, random.next() * 100, 7],
  }));
}

describe("trainClassifier", () => {
  const random = new SeededRandom(3);
  const samples = [...cluster("a", [0, 0], 40, random), ...cluster("b", [1, 0], 40, random), ...cluster("c", [0, 1], 8, random)];
  const model = trainClassifier(samples);

  it("separates clusters, the small class included (classes weigh the same)", () => {
    expect(model.classes).toEqual(["a", "b", "c"]);
    const test = [...cluster("a", [0, 0], 20, random), ...cluster("b", [1, 0], 20, random), ...cluster("c", [0, 1], 20, random)];
    const correct = test.filter((s) => classifyPiece(model, [s.features]) === s.label).length;
    expect(correct / test.length).toBeGreaterThan(0.95);
    expect(classifyPiece(model, [[0, 1, 50, 7]])).toBe("c");
  });

  it("gives normalised log-probabilities, confident at a class centre", () => {
    const log = classLogProbabilities(model, [1, 0, 50, 7]);
    expect(log.reduce((s, l) => s + Math.exp(l), 0)).toBeCloseTo(1, 10);
    expect(Math.exp(log[1]!)).toBeGreaterThan(0.8);
  });

  it("classifies a piece of several chunks by their summed evidence", () => {
    // One ambiguous chunk and two clear ones of class b.
    expect(classifyPiece(model, [[0.5, 0.5, 50, 7], [1, 0, 50, 7], [1.1, -0.1, 50, 7]])).toBe("b");
  });

  it("is deterministic", () => {
    expect(trainClassifier(samples)).toEqual(model);
  });

  it("refuses no samples, ragged or non-finite features, and a piece without chunks", () => {
    expect(() => trainClassifier([])).toThrow(RangeError);
    expect(() => trainClassifier([{ label: "a", features: [1, 2] }, { label: "b", features: [1] }])).toThrow(RangeError);
    expect(() => trainClassifier([{ label: "a", features: [Number.NaN] }])).toThrow(RangeError);
    expect(() => classifyPiece(model, [])).toThrow(RangeError);
  });
});
