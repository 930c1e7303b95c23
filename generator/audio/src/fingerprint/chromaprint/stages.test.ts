import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../random/seeded-random.js";
import { Chroma, pitchClassOfBin } from "./chroma.js";
import { ChromaFilter } from "./chroma-filter.js";
import { ChromaNormalizer } from "./chroma-normalizer.js";
import { CHROMAPRINT_CONFIGS, type ChromaprintClassifier } from "./chromaprint-config.js";
import { classify } from "./classifier.js";
import type { AudioConsumer, FeatureConsumer } from "./consumers.js";
import { FftStage } from "./fft-stage.js";
import { applyFilter } from "./filter.js";
import { grayCode } from "./gray-code.js";
import { quantize } from "./quantizer.js";
import { RollingIntegralImage } from "./rolling-integral-image.js";
import { SilenceRemover } from "./silence-remover.js";
import { isInt16Audio, roundToInt16, toInt16 } from "./to-int16.js";

/** Collects copies of the vectors a stage emits. */
function collector(): FeatureConsumer & { vectors: Float64Array[] } {
  const vectors: Float64Array[] = [];
  return { vectors, consume: (v) => void vectors.push(v.slice()) };
}

function toneInt16(frequency: number, n: number, amplitude = 12000): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * frequency * i) / 11025)));
}

describe("FftStage", () => {
  it("emits |X[k]|^2 of the Hamming-windowed frame (scaled by 1/32767), frames every 1365 samples", () => {
    const out = collector();
    const fft = new FftStage(4096, 4096 - 1365, out);
    const rng = new SeededRandom(3);
    const x = Int16Array.from({ length: 4096 + 2 * 1365 + 100 }, () => Math.round((rng.next() - 0.5) * 20000));
    fft.consume(x.subarray(0, 1000), 1000);
    fft.consume(x.subarray(1000), x.length - 1000);
    expect(out.vectors).toHaveLength(3);
    const frame = x.subarray(1365, 1365 + 4096);
    for (const k of [0, 1, 17, 500, 1307, 2047, 2048]) {
      let re = 0;
      let im = 0;
      for (let n = 0; n < 4096; n++) {
        const w = Math.fround((1 / 32767) * (0.54 - 0.46 * Math.cos((n * 2 * Math.PI) / 4095)));
        const v = Math.fround(frame[n]! * w);
        re += v * Math.cos((2 * Math.PI * k * n) / 4096);
        im -= v * Math.sin((2 * Math.PI * k * n) / 4096);
      }
      expect(out.vectors[1]![k]! / (re * re + im * im)).toBeCloseTo(1, 8);
    }
  });
});

describe("Chroma", () => {
  // Chromaprint's class c spans [c, c + 1) semitones above A (27.5 Hz * 2^k): an equal-tempered note sits on the
  // lower edge of its class, so the tones here are a quarter tone sharp, in the middle of their class.
  const centre = (note: number) => 440 * 2 ** (note / 12 + 1 / 24);
  it.each([
    ["A", -12, 0],
    ["A", 0, 0],
    ["A#", 1, 1],
    ["C", -9, 3],
    ["E", 7, 7],
    ["G", -14, 10],
    ["G#", 11, 11],
  ])("a pure %s (%i semitones from A440, a quarter tone sharp) lands in pitch class %i", (_, note, pitchClass) => {
    const out = collector();
    const fft = new FftStage(4096, 4096 - 1365, new Chroma(28, 3520, 4096, 11025, out));
    const x = toneInt16(centre(note as number), 4096);
    fft.consume(x, x.length);
    const chroma = out.vectors[0]!;
    expect(chroma.indexOf(Math.max(...chroma))).toBe(pitchClass);
    expect(chroma[pitchClass as number]! / chroma.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.9);
  });

  it("maps bins to A = 0 .. G# = 11 and ignores bins outside 28..3520 Hz", () => {
    const binOf = (f: number) => Math.round((4096 * f) / 11025);
    expect(pitchClassOfBin(binOf(centre(0)), 4096, 11025)).toBe(0);
    expect(pitchClassOfBin(binOf(centre(12)), 4096, 11025)).toBe(0);
    expect(pitchClassOfBin(binOf(centre(3)), 4096, 11025)).toBe(3);
    expect(pitchClassOfBin(163, 4096, 11025)).toBe(11); // 438.7 Hz: just below A4, so still G#
    const out = collector();
    const chroma = new Chroma(28, 3520, 4096, 11025, out);
    const frame = new Float64Array(2049);
    frame[5] = 1e6; // below 28 Hz
    frame[1400] = 1e6; // above 3520 Hz
    chroma.consume(frame);
    expect(Array.from(out.vectors[0]!)).toEqual(new Array(12).fill(0));
  });
});

describe("ChromaFilter and ChromaNormalizer", () => {
  it("smooths with 0.25, 0.75, 1, 0.75, 0.25 once five vectors have arrived", () => {
    const out = collector();
    const filter = new ChromaFilter(CHROMAPRINT_CONFIGS.TEST2.chromaFilter, out);
    for (let t = 0; t < 7; t++) filter.consume(new Float64Array(12).fill(t));
    expect(out.vectors).toHaveLength(3);
    expect(out.vectors[0]![0]).toBeCloseTo(0.25 * 0 + 0.75 * 1 + 2 + 0.75 * 3 + 0.25 * 4, 12);
    expect(out.vectors[2]![5]).toBeCloseTo(0.25 * 2 + 0.75 * 3 + 4 + 0.75 * 5 + 0.25 * 6, 12);
  });

  it("scales to unit norm, and zeroes vectors with norm below 0.01", () => {
    const out = collector();
    const normalizer = new ChromaNormalizer(out);
    normalizer.consume(Float64Array.from({ length: 12 }, (_, i) => i));
    normalizer.consume(new Float64Array(12).fill(0.002));
    expect(Math.hypot(...out.vectors[0]!)).toBeCloseTo(1, 12);
    expect(Array.from(out.vectors[1]!)).toEqual(new Array(12).fill(0));
  });
});

describe("RollingIntegralImage", () => {
  it("sums any rectangle of the last 256 rows, like the brute-force sum", () => {
    const rng = new SeededRandom(11);
    const image = new RollingIntegralImage(12, 256);
    const rows: Float64Array[] = [];
    for (let r = 0; r < 600; r++) {
      const row = Float64Array.from({ length: 12 }, () => rng.next());
      rows.push(row);
      image.addRow(row);
    }
    for (let trial = 0; trial < 200; trial++) {
      const r1 = 600 - 256 + rng.int(0, 240);
      const r2 = r1 + rng.int(0, 600 - r1 + 1);
      const c1 = rng.int(0, 12);
      const c2 = c1 + rng.int(0, 13 - c1);
      let sum = 0;
      for (let r = r1; r < r2; r++) for (let c = c1; c < c2; c++) sum += rows[r]![c]!;
      expect(image.area(r1, c1, r2, c2)).toBeCloseTo(sum, 8);
    }
  });
});

describe("Gray code, quantizer, classifier", () => {
  it("Gray-codes 0..3 as 00, 01, 11, 10: neighbouring levels differ in one bit", () => {
    expect([0, 1, 2, 3].map(grayCode)).toEqual([0b00, 0b01, 0b11, 0b10]);
    for (let level = 0; level < 3; level++) {
      const diff = grayCode(level) ^ grayCode(level + 1);
      expect(diff === 1 || diff === 2).toBe(true);
    }
  });

  it("quantizes with thresholds as lower bounds of the upper level", () => {
    const t = [-1, 0, 2] as const;
    expect([-5, -1, -0.5, 0, 1.9, 2, 9].map((v) => quantize(v, t))).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });

  it("classifies through the filter response: log((1 + a) / (1 + b)) of the two regions", () => {
    const image = new RollingIntegralImage(12, 256);
    // rows 0..3: pitch classes 0..5 hold 1, 6..11 hold 0
    for (let r = 0; r < 4; r++) image.addRow(Float64Array.from({ length: 12 }, (_, c) => (c < 6 ? 1 : 0)));
    const box = { type: 0, y: 0, height: 3, width: 2 } as const; // 6 cells of 1
    expect(applyFilter(box, image, 0)).toBeCloseTo(Math.log(7), 12);
    const upperVsLower = { type: 1, y: 4, height: 4, width: 4 } as const; // a = classes 6, 7 (0), b = 4, 5 (8)
    expect(applyFilter(upperVsLower, image, 0)).toBeCloseTo(Math.log(1 / 9), 12);
    const classifier: ChromaprintClassifier = { filter: upperVsLower, thresholds: [-3, -1, 1] };
    expect(classify(classifier, image, 0)).toBe(1); // log(1/9) = -2.2 lies between t0 = -3 and t1 = -1
  });
});

describe("SilenceRemover", () => {
  it("drops leading samples until the 55-sample mean |x| exceeds the threshold, then passes all", () => {
    const got: number[] = [];
    const sink: AudioConsumer = { consume: (s, n) => void got.push(...s.subarray(0, n)) };
    const remover = new SilenceRemover(50, sink);
    const x = new Int16Array(300);
    for (let i = 100; i < 300; i++) x[i] = i % 2 ? 3000 : -3000;
    remover.consume(x.subarray(0, 150), 150);
    remover.consume(x.subarray(150), 150);
    // mean |x| over 55 samples first exceeds 50 when sum > 50 * 55: after 1 loud sample (3000 / 55 = 54)
    expect(got.length).toBe(200);
    expect(got[0]).toBe(-3000);
  });
});

describe("toInt16", () => {
  it("recovers 16-bit integers from k / 32768 and from k / 32767 floats exactly", () => {
    const ints = Int16Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 65536) - 32768);
    for (const scale of [32768, 32767]) {
      const floats = Float32Array.from(ints, (k) => k / scale);
      const out = new Int16Array(1000);
      toInt16(floats, 0, 1000, out);
      expect(Array.from(out)).toEqual(Array.from(ints));
    }
  });

  it("rounds other floats as FFmpeg does (lrintf(x * 32768), ties to even) and clips", () => {
    const out = new Int16Array(6);
    toInt16(Float32Array.from([0.5 / 32768, 1.5 / 32768, -2.5 / 32768, 0.1, 2, -2]), 0, 6, out);
    expect(Array.from(out)).toEqual([0, 2, -2, 3277, 32767, -32768]);
  });
});

describe("isInt16Audio and roundToInt16", () => {
  it("tells 16-bit sources (either scale) from float ones", () => {
    const ints = Int16Array.from({ length: 500 }, (_, i) => ((i * 7919) % 65536) - 32768);
    expect(isInt16Audio(Float32Array.from(ints, (k) => k / 32768), 0, 500)).toBe(true);
    expect(isInt16Audio(Float32Array.from(ints, (k) => k / 32767), 0, 500)).toBe(true);
    expect(isInt16Audio(Float32Array.from(ints, (k) => (k * 0.9) / 32768), 0, 500)).toBe(false);
    expect(isInt16Audio(new Float32Array(10), 0, 10)).toBe(true);
  });

  it("rounds like lrintf and saturates", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 32766.6, 40000, -40000, -32768.4].map(roundToInt16)).toEqual([0, 2, 2, 0, -2, 32767, 32767, -32768, -32768]);
  });
});
