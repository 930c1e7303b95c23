import { describe, expect, it } from "vitest";
import { snrDb } from "./snr.js";

const pcm = (...channels: number[][]) => ({ sampleRate: 8000, channels: channels.map((c) => Float32Array.from(c)) });

describe("snrDb", () => {
  it("is the ratio of signal energy to difference energy over all channels, in dB", () => {
    // signal energy 4 * 1 + 4 * 1 = 8; difference 0.1 on two samples: 0.02 -> 10 log10(400) = 26.02 dB
    const reference = pcm([1, -1, 1, -1], [1, 1, -1, -1]);
    const test = pcm([1.1, -1, 1, -1], [1, 1, -1, -0.9]);
    expect(snrDb(reference, test)).toBeCloseTo(10 * Math.log10(8 / 0.02), 3);
  });

  it("is Infinity for identical audio and -Infinity for a silent reference with a difference", () => {
    expect(snrDb(pcm([0.5, 0.25]), pcm([0.5, 0.25]))).toBe(Infinity);
    expect(snrDb(pcm([0, 0]), pcm([0, 0.1]))).toBe(-Infinity);
  });

  it("refuses audio of different shapes", () => {
    expect(() => snrDb(pcm([1, 2]), pcm([1, 2], [1, 2]))).toThrow(/channels/);
    expect(() => snrDb(pcm([1, 2]), pcm([1, 2, 3]))).toThrow(/lengths differ/);
  });
});
