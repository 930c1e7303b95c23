import { describe, expect, it } from "vitest";
import { AudioError } from "../errors/audio-error.js";
import { InvalidResampleQualityError, InvalidResampleRatioError, InvalidSampleRateError } from "../errors/resample-error.js";
import { db, meanSquare, musicLike, pcmOf, peakFrequency, sameSamples, tone, tonePower } from "../testing/measure.js";
import { RESAMPLE_QUALITIES, resolveQuality, type ResampleQualityName } from "./quality.js";
import { approximateFraction } from "./rational.js";
import { resample } from "./resample.js";
import { resampleByRatio } from "./resample-by-ratio.js";
import { Resampler } from "./resampler.js";

/** Error power of y against the ideal sin(2 pi f t / from) sampled at output instants j / ratio, in dB below the tone. */
function errorDb(y: Float32Array, f: number, fromRate: number, ratio: number, edge: number): number {
  let err = 0;
  let sig = 0;
  for (let j = edge; j < y.length - edge; j++) {
    const ideal = 0.5 * Math.sin((2 * Math.PI * f * (j / ratio)) / fromRate);
    err += (y[j]! - ideal) ** 2;
    sig += ideal * ideal;
  }
  return db(err / sig);
}

describe("resample", () => {
  it.each([
    [44_100, 48_000, 1000],
    [48_000, 44_100, 1000],
    [44_100, 22_050, 3000],
    [44_100, 11_025, 2500],
    [22_050, 44_100, 5000],
    [44_100, 8000, 440],
  ])("keeps a tone's frequency: %i Hz -> %i Hz, %i Hz tone", (from, to, f) => {
    const out = resample(pcmOf(from, tone(f, from, from)), to);
    expect(out.sampleRate).toBe(to);
    const y = out.channels[0]!;
    const measured = peakFrequency(y, to, 200, y.length - 400);
    expect(Math.abs(measured / f - 1)).toBeLessThan(1e-4);
  });

  it.each([
    [44_100, 48_000],
    [48_000, 44_100],
    [44_100, 32_000],
    [16_000, 44_100],
  ])("matches the band-limited interpolation of a tone to better than -90 dB: %i -> %i", (from, to) => {
    const f = 997;
    const y = resample(pcmOf(from, tone(f, from, from)), to).channels[0]!;
    expect(errorDb(y, f, from, to / from, 200)).toBeLessThan(-90);
  });

  it("matches it for an irrational ratio too (interpolated kernel table)", () => {
    const from = 44_100;
    const ratio = 2 ** (-1 / 12);
    expect(Resampler.forRatio(ratio).fraction).toBeUndefined();
    const y = resampleByRatio(tone(1234, from, from), ratio);
    expect(errorDb(y, 1234, from, ratio, 200)).toBeLessThan(-90);
  });

  it.each([
    [44_100, 22_050, 12_000],
    [44_100, 22_050, 19_000],
    [48_000, 22_050, 11_600],
    [44_100, 11_025, 6000],
    [44_100, 16_000, 15_000],
  ])("suppresses a tone above the new Nyquist by more than 60 dB: %i -> %i, %i Hz", (from, to, f) => {
    const x = tone(f, from, from);
    const y = resample(pcmOf(from, x), to).channels[0]!;
    const attenuation = db(meanSquare(y, 300, y.length - 300) / meanSquare(x));
    expect(attenuation).toBeLessThan(-60);
    // The high preset reaches its 100 dB design at Nyquist (float32 output noise is about -140 dB).
    expect(attenuation).toBeLessThan(-95);
  });

  it("passes a tone at 80% of the new Nyquist with a flat gain", () => {
    const y = resample(pcmOf(44_100, tone(0.8 * 11_025, 44_100, 44_100)), 22_050).channels[0]!;
    expect(Math.abs(db(tonePower(y, 0.8 * 11_025, 22_050, 200, y.length - 200) / 0.125))).toBeLessThan(0.01);
  });

  it.each(Object.keys(RESAMPLE_QUALITIES) as ResampleQualityName[])(
    "the %s preset reaches its stopband at the new Nyquist",
    (quality) => {
      const spec = RESAMPLE_QUALITIES[quality];
      // 3% above the new Nyquist: inside the stopband of every preset.
      const x = tone(11_025 * 1.03, 44_100, 44_100);
      const y = resample(pcmOf(44_100, x), 22_050, { quality }).channels[0]!;
      const attenuation = db(meanSquare(y, 600, y.length - 600) / meanSquare(x));
      expect(attenuation).toBeLessThan(-spec.stopbandDb + 6);
    },
  );

  it("gives round(n * to / from) samples", () => {
    for (const [from, to] of [
      [44_100, 48_000],
      [48_000, 44_100],
      [44_100, 11_025],
      [8000, 44_100],
      [44_100, 22_050],
      [32_000, 44_100],
    ] as const) {
      for (const n of [0, 1, 2, 3, 7, 100, 1001, 44_101]) {
        const out = resample(pcmOf(from, new Float32Array(n), new Float32Array(n)), to);
        expect(out.channels).toHaveLength(2);
        for (const ch of out.channels) expect(ch.length).toBe(Math.round((n * to) / from));
      }
    }
    expect(resampleByRatio(new Float32Array(1000), 1 / 1.03)).toHaveLength(Math.round(1000 / 1.03));
    expect(resampleByRatio(new Float32Array(1000), 0.5, { length: 10 })).toHaveLength(10);
  });

  it("preserves DC away from the edges", () => {
    const x = new Float32Array(20_000).fill(0.3);
    for (const ratio of [48_000 / 44_100, 44_100 / 48_000, 0.25, 2, 1 / 1.03, 2 ** (1 / 12), Math.SQRT1_2]) {
      const y = resampleByRatio(x, ratio);
      // The kernel spans zeroCrossings / min(1, ratio) input samples, that is this many output samples:
      const edge = Math.ceil((RESAMPLE_QUALITIES.high.zeroCrossings / Math.min(1, ratio)) * ratio) + 2;
      let worst = 0;
      for (let j = edge; j < y.length - edge; j++) worst = Math.max(worst, Math.abs(y[j]! - 0.3));
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it("is the identity for ratio 1, in new arrays", () => {
    const x = musicLike(44_100, 0.5);
    const pcm = pcmOf(44_100, x, x.map((v) => -v));
    const out = resample(pcm, 44_100);
    expect(sameSamples(out.channels[0], pcm.channels[0])).toBe(true);
    expect(sameSamples(out.channels[1], pcm.channels[1])).toBe(true);
    expect(out.channels[0]).not.toBe(pcm.channels[0]);
    const y = resampleByRatio(x, 1);
    expect(sameSamples(y, x)).toBe(true);
    expect(y).not.toBe(x);
  });

  it("round-trips a signal inside the passband through 48 kHz and 32 kHz", () => {
    // Partials up to 13 kHz: inside the high preset's passband (87% of 16 kHz Nyquist) at every rate on the way.
    const x = new Float32Array(44_100);
    for (const [f, a] of [[220, 0.2], [1375.5, 0.1], [4400, 0.05], [9001, 0.03], [13_000, 0.02]] as const) {
      const t = tone(f, 44_100, x.length, a);
      for (let i = 0; i < x.length; i++) x[i]! += t[i]!;
    }
    const back = resample(resample(resample(pcmOf(44_100, x), 48_000), 32_000), 44_100).channels[0]!;
    expect(back).toHaveLength(x.length);
    let err = 0;
    for (let i = 300; i < x.length - 300; i++) err += (back[i]! - x[i]!) ** 2;
    expect(db(err / (x.length - 600) / meanSquare(x))).toBeLessThan(-80);
  });

  it("does not mutate its input", () => {
    const x = musicLike(44_100, 0.3);
    const copy = x.slice();
    resample(pcmOf(44_100, x), 16_000);
    resampleByRatio(x, 1.37);
    expect(sameSamples(x, copy)).toBe(true);
  });

  it("rejects bad rates, ratios and qualities with typed errors", () => {
    const pcm = pcmOf(44_100, new Float32Array(10));
    for (const rate of [0, -8000, Number.NaN, Number.POSITIVE_INFINITY, "44100" as unknown as number]) {
      expect(() => resample(pcm, rate)).toThrow(InvalidSampleRateError);
      expect(() => resample(pcmOf(rate, new Float32Array(10)), 44_100)).toThrow(InvalidSampleRateError);
    }
    try {
      resample(pcm, -1);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AudioError);
      expect((error as InvalidSampleRateError).code).toBe("INVALID_SAMPLE_RATE");
    }
    expect(() => resample(pcm, 44_100 * 1000)).toThrow(InvalidResampleRatioError);
    for (const ratio of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e-6]) {
      expect(() => resampleByRatio(new Float32Array(10), ratio)).toThrow(InvalidResampleRatioError);
    }
    expect(() => resample(pcm, 22_050, { quality: "ultra" as ResampleQualityName })).toThrow(InvalidResampleQualityError);
    expect(() => resolveQuality({ zeroCrossings: 4, stopbandDb: 150 })).toThrow(InvalidResampleQualityError);
    expect(() => resolveQuality({ zeroCrossings: 1.5, stopbandDb: 80 })).toThrow(InvalidResampleQualityError);
  });
});

describe("approximateFraction", () => {
  it("finds small exact fractions and refuses irrational ratios", () => {
    expect(approximateFraction(1 / 1.03, 1 << 16)).toEqual({ p: 100, q: 103 });
    expect(approximateFraction(48_000 / 44_100, 1 << 16)).toEqual({ p: 160, q: 147 });
    expect(approximateFraction(2, 1 << 16)).toEqual({ p: 2, q: 1 });
    expect(approximateFraction(2 ** (1 / 12), 1 << 16)).toBeUndefined();
    expect(approximateFraction(Math.PI, 1 << 16)).toBeUndefined();
  });
});
