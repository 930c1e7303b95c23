import { describe, expect, it } from "vitest";
import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { pcmOf, sameSamples } from "../testing/measure.js";
import { crop } from "./crop.js";

describe("crop", () => {
  const ramp = Float32Array.from({ length: 1000 }, (_, i) => i / 1000);
  const pcm = pcmOf(100, ramp, ramp.map((v) => -v));

  it("takes the samples [start, start + duration) of every channel", () => {
    const out = crop(pcm, { startSeconds: 2.5, durationSeconds: 3 });
    expect(out.sampleRate).toBe(100);
    expect(sameSamples(out.channels[0], ramp.slice(250, 550))).toBe(true);
    expect(sameSamples(out.channels[1], ramp.slice(250, 550).map((v) => -v))).toBe(true);
  });

  it("rounds to the nearest sample and runs to the end without a duration", () => {
    expect(sameSamples(crop(pcm, { startSeconds: 0.014, durationSeconds: 0.026 }).channels[0], ramp.slice(1, 4))).toBe(true);
    expect(sameSamples(crop(pcm, { startSeconds: 9 }).channels[0], ramp.slice(900))).toBe(true);
    expect(sameSamples(crop(pcm, { startSeconds: 0, durationSeconds: 10 }).channels[0], ramp)).toBe(true);
  });

  it("copies (the output is not a view of the input)", () => {
    const out = crop(pcm, { startSeconds: 0, durationSeconds: 1 });
    out.channels[0]![0] = 42;
    expect(ramp[0]).toBe(0);
  });

  it("rejects excerpts outside the signal", () => {
    expect(() => crop(pcm, { startSeconds: -1 })).toThrow(InvalidAttackParameterError);
    expect(() => crop(pcm, { startSeconds: 10 })).toThrow(/startSeconds/);
    expect(() => crop(pcm, { startSeconds: 5, durationSeconds: 6 })).toThrow(/durationSeconds/);
    expect(() => crop(pcm, { startSeconds: 5, durationSeconds: 0 })).toThrow(InvalidAttackParameterError);
    expect(() => crop(pcm, { startSeconds: 5, durationSeconds: 0.001 })).toThrow(InvalidAttackParameterError);
  });
});
