import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { AvResampler } from "./av-resample.js";
import { SwrResampler, besselI0, type SwrSampleFormat } from "./swresample.js";
import { FIXTURES_DIR } from "./test-support.js";
import { roundToInt16 } from "./to-int16.js";

interface Reference {
  frames: number;
  chunk: number;
  cases: { format: SwrSampleFormat; sampleRate: number; channels: number; output: number[]; flushedFrom: number }[];
}

/** The synthetic signal of fixtures/chromaprint/swresample-reference.py. */
function signal(i: number, ch: number): number {
  const [a, b] = ch === 0 ? [1237, 97] : [1301, 89];
  return ((i * a) % 8192) * 3 - 12288 + ((i * b) % 301) * 20 - 3000 + ((i * i) % 977) * 4;
}

/**
 * Resamples the signal in `chunk`-frame pieces, then flushes, and converts to mono 16-bit as fpcalc's converter does
 * (16-bit: (L + R + 1) >> 1; float: 0.5 L + 0.5 R in float, then lrintf(x * 32768)).
 */
function run(format: SwrSampleFormat, sampleRate: number, channels: number, frames: number, chunk: number): { output: number[]; flushedFrom: number } {
  const input =
    format === "s16"
      ? Array.from({ length: channels }, (_, ch) => Int16Array.from({ length: frames }, (_, i) => signal(i, ch)))
      : Array.from({ length: channels }, (_, ch) => Float32Array.from({ length: frames }, (_, i) => (signal(i, ch) * 0.9) / 32768));
  const resampler = new SwrResampler(sampleRate, 11025, channels, { format });
  const output: number[] = [];
  const take = (n: number) => {
    const l = resampler.output(0);
    const r = resampler.output(channels - 1);
    for (let i = 0; i < n; i++) {
      if (format === "s16") output.push(channels === 1 ? l[i]! : (l[i]! + r[i]! + 1) >> 1);
      else output.push(roundToInt16((channels === 1 ? l[i]! : Math.fround(0.5 * l[i]! + 0.5 * r[i]!)) * 32768));
    }
  };
  for (let from = 0; from < frames; from += chunk) take(resampler.process(input, from, Math.min(chunk, frames - from)));
  const flushedFrom = output.length;
  take(resampler.flush());
  return { output, flushedFrom };
}

describe("SwrResampler against FFmpeg 5.1 libswresample (fpcalc's settings)", async () => {
  const reference = JSON.parse(await readFile(`${FIXTURES_DIR}swresample-reference.json`, "utf8")) as Reference;

  it.each(reference.cases.map((c) => [`${c.format} ${c.sampleRate} Hz x ${c.channels}`, c] as const))("%s: sample-exact, flushed tail included", (_, c) => {
    const mine = run(c.format, c.sampleRate, c.channels, reference.frames, reference.chunk);
    expect(mine.flushedFrom).toBe(c.flushedFrom);
    expect(mine.output).toEqual(c.output);
  });

  it("does not depend on how the input is chunked", () => {
    for (const format of ["s16", "float"] as const) {
      const whole = run(format, 48000, 2, reference.frames, reference.frames);
      for (const chunk of [1, 7, 81, 1000]) expect(run(format, 48000, 2, reference.frames, chunk)).toEqual(whole);
    }
  });

  it("picks swresample's filter geometry", () => {
    // 44.1 kHz -> 11025: factor 0.2, 80 taps; the ratio 1/4 needs a single phase (exact_rational)
    expect(new SwrResampler(44100, 11025, 1)).toMatchObject({ filterLength: 80, phaseCount: 1 });
    // 48 kHz: 147/640, 88 taps, 147 phases
    expect(new SwrResampler(48000, 11025, 1)).toMatchObject({ filterLength: 88, phaseCount: 147 });
    // 32 kHz: factor 0.2756, ceil(58.05) rounded up to even = 60 taps; 441/1280 needs more than 2^8 phases: 256 + interpolation
    expect(new SwrResampler(32000, 11025, 1)).toMatchObject({ filterLength: 60, phaseCount: 256 });
    // upsampling from 8 kHz: no low-pass below Nyquist, 16 taps
    expect(new SwrResampler(8000, 11025, 1)).toMatchObject({ filterLength: 16, phaseCount: 256 });
  });

  it("passes DC at unit gain and keeps the 11025 Hz output rate", () => {
    const n = 44100;
    const dc = Int16Array.from({ length: n }, () => 10000);
    const r = new SwrResampler(44100, 11025, 1);
    const k = r.process([dc], 0, n);
    expect(k).toBe(Math.floor((n - 41) / 4) + 1); // outputs whose 80-tap window fits
    const out = r.output(0).subarray(0, k);
    for (const v of out.subarray(20)) expect(Math.abs(v - 10000)).toBeLessThanOrEqual(1);
  });
});

describe("besselI0", () => {
  it("matches the power series", () => {
    const series = (x: number) => {
      let v = 1;
      let t = 1;
      for (let k = 1; k < 60; k++) {
        t *= (x * x) / 4 / (k * k);
        v += t;
      }
      return v;
    };
    for (const x of [0, 0.5, 1, 3, 9, 14.9, 20]) expect(besselI0(x) / series(x)).toBeCloseTo(1, 12);
  });
});

describe("AvResampler (Chromaprint's internal resample2.c)", () => {
  it("decimates 44.1 kHz by 4 with a DC gain of one, mirroring the start", () => {
    const r = new AvResampler(11025, 44100);
    expect(r.filterLength).toBe(80);
    const n = 32768;
    const dc = Int16Array.from({ length: n }, () => -12000);
    const out = new Int16Array(n);
    const [written, consumed] = r.resample(out, dc, n, n);
    // the last output's window must end inside the input: index = 4 k - 39 (in samples) plus 80 taps <= n
    expect(written).toBe(Math.floor((n - 80 + 39) / 4) + 1);
    expect(consumed).toBe(written * 4 - 39);
    for (const v of out.subarray(0, written)) expect(Math.abs(v + 12000)).toBeLessThanOrEqual(2);
  });

  it("keeps its position across calls", () => {
    const x = Int16Array.from({ length: 20000 }, (_, i) => signal(i, 0));
    const whole = new AvResampler(11025, 22050);
    const all = new Int16Array(20000);
    const [n] = whole.resample(all, x, x.length, all.length);
    const split = new AvResampler(11025, 22050);
    const first = new Int16Array(20000);
    const [n1, used] = split.resample(first, x, 9000, first.length);
    const second = new Int16Array(20000);
    const [n2] = split.resample(second, x.subarray(used), x.length - used, second.length);
    expect(n1 + n2).toBe(n);
    expect([...first.subarray(0, n1), ...second.subarray(0, n2)]).toEqual([...all.subarray(0, n)]);
  });
});
