import { describe, expect, it } from "vitest";
import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { bestLag, correlationAt, musicLike, pcmOf, peakFrequency, sameSamples, tone } from "../testing/measure.js";
import { frameSampleRate, mp3, MP3_CODEC_DELAY, type Mp3Bitrate } from "./mp3.js";

const RATE = 44_100;

describe("mp3", () => {
  it.each([
    [128, 1],
    [64, 1],
    [64, 2], // coded at 24 kHz by LAME's choice: resampled both ways here
    [32, 2], // 16 kHz stream
  ] as const)(
    "%i kbps, %i channel(s): same length, time-aligned (codec delay removed), highly correlated",
    async (bitrate, channels) => {
      const inputs = [musicLike(RATE, 1.5, 5), musicLike(RATE, 1.5, 6)].slice(0, channels);
      const out = await mp3(pcmOf(RATE, ...inputs), { bitrate });
      expect(out.sampleRate).toBe(RATE);
      expect(out.channels).toHaveLength(channels);
      inputs.forEach((x, c) => {
        const y = out.channels[c]!;
        expect(y).toHaveLength(x.length);
        const { lag, correlation } = bestLag(x, y, 64);
        expect(lag).toBe(0);
        expect(correlation).toBeGreaterThan(0.95);
        // Each channel is its own: the other input correlates much less.
        const other = inputs[1 - c];
        if (other) expect(correlationAt(other, y, 0, 64, x.length - 64)).toBeLessThan(0.5);
      });
    },
  );

  it("keeps a tone's frequency", async () => {
    const out = await mp3(pcmOf(RATE, tone(1000, RATE, RATE)), { bitrate: 64 });
    const y = out.channels[0]!;
    expect(Math.abs(peakFrequency(y, RATE, 2048, y.length - 4096) / 1000 - 1)).toBeLessThan(1e-4);
  });

  it("handles rates LAME does not code and more than two channels", async () => {
    const x = musicLike(37_800, 0.5, 7);
    const out = await mp3(pcmOf(37_800, x, x, x), { bitrate: 128 });
    expect(out.sampleRate).toBe(37_800);
    expect(out.channels).toHaveLength(3);
    for (const y of out.channels) {
      expect(y).toHaveLength(x.length);
      expect(bestLag(x, y, 32).lag).toBe(0);
    }
  });

  it("does not mutate its input, clips to 16 bits, and is deterministic", async () => {
    const x = musicLike(RATE, 0.5, 8).map((v) => v * 4);
    const copy = x.slice();
    const a = await mp3(pcmOf(RATE, x), { bitrate: 128 });
    const b = await mp3(pcmOf(RATE, x), { bitrate: 128 });
    expect(sameSamples(x, copy)).toBe(true);
    expect(sameSamples(a.channels[0], b.channels[0])).toBe(true);
  });

  it("rejects bitrates MP3 does not have", async () => {
    const pcm = pcmOf(RATE, new Float32Array(100));
    for (const bitrate of [0, 100, 512, Number.NaN]) {
      await expect(mp3(pcm, { bitrate: bitrate as Mp3Bitrate })).rejects.toThrow(InvalidAttackParameterError);
    }
  });

  it("reads the sample rate of MPEG-1, 2 and 2.5 frame headers", () => {
    expect(frameSampleRate(Uint8Array.of(0, 0xff, 0xfb, 0x90, 0xc4))).toBe(44_100);
    expect(frameSampleRate(Uint8Array.of(0xff, 0xf3, 0x84, 0xc4))).toBe(24_000);
    expect(frameSampleRate(Uint8Array.of(0xff, 0xe3, 0x48, 0xc4))).toBe(8000);
    expect(frameSampleRate(Uint8Array.of(1, 2, 3))).toBeUndefined();
    expect(MP3_CODEC_DELAY).toBe(576 + 529);
  });
});
