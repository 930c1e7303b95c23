import { describe, expect, it } from "vitest";
import { AudioTooLargeError, CorruptAudioError, UnsupportedFormatError } from "../errors/decode-error.js";
import { resolveLimits } from "./limits.js";
import { PcmAccumulator } from "./pcm-accumulator.js";

const block = (sampleRate: number, ...channels: number[][]) => ({
  channelData: channels.map((c) => Float32Array.from(c)),
  samplesDecoded: channels[0]?.length ?? 0,
  sampleRate,
});

describe("PcmAccumulator", () => {
  it("joins blocks per channel, skips empty blocks, zeroes non-finite samples", () => {
    const output = new PcmAccumulator(resolveLimits());
    output.add(block(8000, [1, 2], [3, 4]));
    output.add({ channelData: [], samplesDecoded: 0, sampleRate: 12345 });
    output.add(block(8000, [NaN, 0.5], [Infinity, -0.5]));
    const pcm = output.toPcm()!;
    expect(pcm.sampleRate).toBe(8000);
    expect(pcm.channels.map((c) => Array.from(c))).toEqual([
      [1, 2, 0, 0.5],
      [3, 4, 0, -0.5],
    ]);
  });

  it("is undefined when nothing was decoded", () => {
    expect(new PcmAccumulator(resolveLimits()).toPcm()).toBeUndefined();
  });

  it("stops as soon as the output passes maxSeconds", () => {
    const output = new PcmAccumulator(resolveLimits({ maxSeconds: 1 }));
    output.add(block(4, [0, 0, 0, 0]));
    expect(() => output.add(block(4, [0]))).toThrow(AudioTooLargeError);
  });

  it("rejects a format change mid-stream and channels of different lengths", () => {
    const output = new PcmAccumulator(resolveLimits());
    output.add(block(8000, [0], [0]));
    expect(() => output.add(block(16000, [0], [0]))).toThrow(UnsupportedFormatError);
    expect(() => output.add(block(8000, [0]))).toThrow(UnsupportedFormatError);
    expect(() => output.add(block(8000, [0, 1], [0]))).toThrow(CorruptAudioError);
    expect(() => new PcmAccumulator(resolveLimits()).add(block(0, [1]))).toThrow(CorruptAudioError);
  });
});
