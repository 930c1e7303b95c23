import { describe, expect, it } from "vitest";
import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { db, meanSquare, musicLike, pcmOf, peakFrequency, sameSamples, tone } from "../testing/measure.js";
import { pitchShift } from "./pitch-shift.js";

const RATE = 44_100;

describe("pitchShift", () => {
  it.each([1, -1, 2, -12])("%i semitone(s) scales a tone's frequency by 2^(st/12) and keeps the length", (semitones) => {
    const x = tone(440, RATE, RATE);
    const out = pitchShift(pcmOf(RATE, x, x), { semitones });
    const y = out.channels[0]!;
    expect(y).toHaveLength(x.length);
    expect(out.channels[1]).toHaveLength(x.length);
    const expected = 440 * 2 ** (semitones / 12);
    expect(Math.abs(peakFrequency(y, RATE, 4096, y.length - 8192) / expected - 1)).toBeLessThan(0.001);
    expect(Math.abs(db(meanSquare(y, 4096, y.length - 4096) / meanSquare(x)))).toBeLessThan(0.1);
  });

  it("returns a copy for 0 semitones and does not mutate its input", () => {
    const x = musicLike(RATE, 0.3);
    const copy = x.slice();
    expect(sameSamples(pitchShift(pcmOf(RATE, x), { semitones: 0 }).channels[0], x)).toBe(true);
    pitchShift(pcmOf(RATE, x), { semitones: 1 });
    expect(sameSamples(x, copy)).toBe(true);
  });

  it("rejects shifts beyond two octaves", () => {
    const pcm = pcmOf(RATE, new Float32Array(100));
    for (const semitones of [25, -30, Number.NaN]) {
      expect(() => pitchShift(pcm, { semitones })).toThrow(InvalidAttackParameterError);
    }
  });
});
