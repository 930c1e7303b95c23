import { describe, expect, it } from "vitest";
import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { bestLag, db, meanSquare, musicLike, pcmOf, peakFrequency, sameSamples, tone } from "../testing/measure.js";
import { timeStretch } from "./time-stretch.js";

const RATE = 44_100;

describe("timeStretch", () => {
  it.each([1.05, 0.95, 1.25])("tempo %f keeps a tone's frequency and level and scales the length by 1 / tempo", (tempo) => {
    const x = tone(1000, RATE, RATE);
    const y = timeStretch(pcmOf(RATE, x), { tempo }).channels[0]!;
    expect(y).toHaveLength(Math.round(RATE / tempo));
    expect(Math.abs(peakFrequency(y, RATE, 4096, y.length - 8192) / 1000 - 1)).toBeLessThan(0.001);
    expect(Math.abs(db(meanSquare(y, 4096, y.length - 4096) / meanSquare(x)))).toBeLessThan(0.1);
  });

  it("keeps a chord's partials", () => {
    const x = tone(440, RATE, RATE, 0.3);
    const fifth = tone(660, RATE, RATE, 0.2);
    for (let i = 0; i < x.length; i++) x[i]! += fifth[i]!;
    const y = timeStretch(pcmOf(RATE, x), { tempo: 1.05 }).channels[0]!;
    expect(Math.abs(peakFrequency(y, RATE, 4096, y.length - 8192) / 440 - 1)).toBeLessThan(0.001);
  });

  it("keeps the stereo image: the delay between channels survives", () => {
    const left = musicLike(RATE, 1, 3);
    const right = new Float32Array(left.length);
    right.set(left.subarray(0, left.length - 7), 7);
    const out = timeStretch(pcmOf(RATE, left, right), { tempo: 1.05 });
    const { lag, correlation } = bestLag(out.channels[0]!, out.channels[1]!, 20);
    expect(lag).toBe(7);
    expect(correlation).toBeGreaterThan(0.99);
  });

  it("moves onsets to time / tempo and keeps them sharp (phase reset)", () => {
    const clicks = new Float32Array(2 * RATE);
    for (let k = 1; k < 8; k++) clicks[(k * RATE) / 4] = 0.9;
    const y = timeStretch(pcmOf(RATE, clicks), { tempo: 1.05 }).channels[0]!;
    for (let k = 1; k < 7; k++) {
      const expected = Math.round((k * RATE) / 4 / 1.05);
      let peak = 0;
      let at = 0;
      for (let i = expected - 2000; i < expected + 2000; i++) {
        if (Math.abs(y[i]!) > peak) [peak, at] = [Math.abs(y[i]!), i];
      }
      // Within a frame the time axis is not scaled: up to (frameSize / 2) * (1 - 1 / tempo) = 98 samples (2.2 ms).
      expect(Math.abs(at - expected)).toBeLessThan(100);
      expect(peak).toBeGreaterThan(0.6);
    }
  });

  it("returns a copy for tempo 1 and does not mutate its input", () => {
    const x = musicLike(RATE, 0.3);
    const copy = x.slice();
    const same = timeStretch(pcmOf(RATE, x), { tempo: 1 }).channels[0]!;
    expect(sameSamples(same, x)).toBe(true);
    expect(same).not.toBe(x);
    timeStretch(pcmOf(RATE, x, x), { tempo: 1.1 });
    expect(sameSamples(x, copy)).toBe(true);
  });

  it("rejects tempos outside [0.25, 4] and frame sizes that are not powers of two", () => {
    const pcm = pcmOf(RATE, new Float32Array(100));
    for (const tempo of [0, -1, 0.2, 5, Number.NaN]) {
      expect(() => timeStretch(pcm, { tempo })).toThrow(InvalidAttackParameterError);
    }
    expect(() => timeStretch(pcm, { tempo: 1.1, frameSize: 1000 })).toThrow(/power of two/);
    expect(() => timeStretch(pcm, { tempo: 1.1, frameSize: 128 })).toThrow(InvalidAttackParameterError);
  });
});
