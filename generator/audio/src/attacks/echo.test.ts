import { describe, expect, it } from "vitest";
import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { musicLike, pcmOf, sameSamples } from "../testing/measure.js";
import { echo } from "./echo.js";

describe("echo", () => {
  it("adds one copy `decay` times as loud, `delaySeconds` later, and keeps the length", () => {
    const x = new Float32Array(1000);
    x[10] = 1;
    x[500] = 0.5;
    const y = echo(pcmOf(1000, x), { delaySeconds: 0.1, decay: 0.4 }).channels[0]!;
    expect(y).toHaveLength(1000);
    const expected = new Float32Array(1000);
    expected[10] = 1;
    expected[110] = 0.4;
    expected[500] = 0.5;
    expected[600] = 0.2;
    for (let i = 0; i < 1000; i++) expect(y[i]).toBeCloseTo(expected[i]!, 6);
  });

  it("does not mutate its input", () => {
    const x = musicLike(8000, 0.5);
    const copy = x.slice();
    echo(pcmOf(8000, x, x), { delaySeconds: 0.05, decay: 0.5 });
    expect(sameSamples(x, copy)).toBe(true);
  });

  it("rejects a non-positive delay and a decay outside [0, 1]", () => {
    const pcm = pcmOf(8000, new Float32Array(10));
    expect(() => echo(pcm, { delaySeconds: 0, decay: 0.5 })).toThrow(InvalidAttackParameterError);
    expect(() => echo(pcm, { delaySeconds: 0.1, decay: 1.5 })).toThrow(/decay/);
    expect(() => echo(pcm, { delaySeconds: 0.1, decay: -0.1 })).toThrow(InvalidAttackParameterError);
  });
});
