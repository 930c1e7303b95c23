import { describe, expect, it } from "vitest";
import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { db, meanSquare, musicLike, pcmOf, peakFrequency, sameSamples, tone } from "../testing/measure.js";
import { mix } from "./mix.js";

describe("mix", () => {
  it.each([-10, -20, 0, 6])("mixes the other track at %i dB relative to the input's power", (levelDb) => {
    const x = musicLike(22_050, 1, 1);
    const other = pcmOf(22_050, tone(3000, 22_050, 22_050, 0.01));
    const y = mix(pcmOf(22_050, x), { other, levelDb }).channels[0]!;
    const added = y.map((v, i) => v - x[i]!);
    expect(Math.abs(db(meanSquare(added) / meanSquare(x)) - levelDb)).toBeLessThan(0.01);
    expect(Math.abs(peakFrequency(added, 22_050) - 3000)).toBeLessThan(1);
  });

  it("loops a shorter track, honours the offset, broadcasts mono and resamples", () => {
    const x = pcmOf(8000, new Float32Array(1000).fill(0.1), new Float32Array(1000).fill(-0.1));
    const other = pcmOf(16_000, tone(500, 16_000, 800, 0.3)); // 0.05 s at another rate
    const y = mix(x, { other, levelDb: -6, offsetSeconds: 0.01 });
    expect(y.sampleRate).toBe(8000);
    expect(y.channels).toHaveLength(2);
    const a = y.channels[0]!.map((v) => v - 0.1);
    const b = y.channels[1]!.map((v) => v + 0.1);
    for (let i = 0; i < 1000; i++) expect(a[i]).toBeCloseTo(b[i]!, 6);
    // Looped: the 500 Hz tone (period 16 samples at 8 kHz) continues past the other track's 400 samples.
    expect(meanSquare(a, 600, 1000)).toBeGreaterThan(0.5 * meanSquare(a, 0, 400));
    const noLoop = mix(x, { other, levelDb: -6, loop: false }).channels[0]!;
    for (let i = 420; i < 1000; i++) expect(noLoop[i]).toBeCloseTo(0.1, 6);
  });

  it("downmixes a stereo track into a mono input and leaves silence alone", () => {
    const other = pcmOf(8000, tone(500, 8000, 800), tone(500, 8000, 800).map((v) => -v));
    const x = pcmOf(8000, musicLike(8000, 0.1));
    expect(sameSamples(mix(x, { other, levelDb: -10 }).channels[0], x.channels[0])).toBe(true); // L + R cancel: nothing to mix
    const silent = pcmOf(8000, new Float32Array(800));
    expect(sameSamples(mix(silent, { other, levelDb: -10 }).channels[0], silent.channels[0])).toBe(true);
  });

  it("does not mutate its inputs and validates its parameters", () => {
    const x = musicLike(8000, 0.2);
    const o = musicLike(8000, 0.1, 2);
    const [xc, oc] = [x.slice(), o.slice()];
    mix(pcmOf(8000, x), { other: pcmOf(8000, o), levelDb: -3 });
    expect(sameSamples(x, xc)).toBe(true);
    expect(sameSamples(o, oc)).toBe(true);
    expect(() => mix(pcmOf(8000, x), { other: pcmOf(8000, o), levelDb: Number.NaN })).toThrow(InvalidAttackParameterError);
    expect(() => mix(pcmOf(8000, x), { other: pcmOf(8000), levelDb: -3 })).toThrow(/other\.channels/);
    expect(() => mix(pcmOf(8000, x), { other: pcmOf(8000, o), levelDb: -3, offsetSeconds: -1 })).toThrow(/offsetSeconds/);
  });
});
