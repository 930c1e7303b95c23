import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { AudioError } from "../../errors/audio-error.js";
import { decodeAudio } from "../../decode/index.js";
import type { Pcm } from "../../pcm.js";
import {
  CHROMAPRINT_CONFIGS,
  ChromaprintEmptyFingerprintError,
  ChromaprintInputError,
  ChromaprintStream,
  chromaprint,
  chromaprintConfigOf,
  compressFingerprint,
} from "./index.js";
import { FIXTURES_DIR, FIXTURE_NAMES, bitAgreement, loadFixture } from "./test-support.js";

/** Asserts equality with fpcalc's integers, reporting the bit agreement (and requiring >= 99%) if they differ. */
function expectSameFingerprint(actual: Uint32Array, expected: readonly number[], label: string): void {
  const { agreement, lengthDifference } = bitAgreement(actual, expected);
  const report = `${label}: ${actual.length} vs ${expected.length} items, ${(agreement * 100).toFixed(3)}% identical bits`;
  expect(lengthDifference, report).toBe(0);
  expect(agreement, report).toBeGreaterThanOrEqual(0.99);
  expect(Array.from(actual), report).toEqual(expected);
}

describe("chromaprint against fpcalc 1.5.1 (committed outputs)", () => {
  const fingerprinted = FIXTURE_NAMES.filter((name) => name !== "tiny-8k-mono");

  it.each(fingerprinted)("%s: raw integers and compressed string equal fpcalc's", async (name) => {
    const { fixture, pcm } = await loadFixture(name);
    const result = chromaprint(pcm);
    expectSameFingerprint(result.raw, fixture.raw!, name);
    expect(result.algorithm).toBe(1);
    expect(compressFingerprint(result.raw, result.algorithm)).toBe(fixture.compressed);
    // fpcalc prints the container's duration; ours is that of the decoded audio (MP3 padding makes them differ)
    expect(Math.abs(result.durationSeconds - fixture.duration!)).toBeLessThan(name.startsWith("mp3") ? 0.1 : 0.005);
  });

  it.each(fingerprinted)("%s: maxSeconds 10 equals fpcalc -length 10", async (name) => {
    const { fixture, pcm } = await loadFixture(name);
    expectSameFingerprint(chromaprint(pcm, { maxSeconds: 10 }).raw, fixture.raw10!, `${name} -length 10`);
  });

  it.each(fingerprinted)("%s: the libchromaprint front end equals chromaprint_feed at the clip's own rate", async (name) => {
    const { fixture, pcm } = await loadFixture(name);
    expectSameFingerprint(chromaprint(pcm, { frontEnd: "libchromaprint" }).raw, fixture.library, `${name} (library)`);
  });

  it.each(["fade-in-11k-stereo", "chords-44k-stereo"])("%s: all five algorithms equal fpcalc -algorithm 1..5", async (name) => {
    const { fixture, pcm } = await loadFixture(name);
    for (const [algorithm, expected] of Object.entries(fixture.algorithms!)) {
      const config = chromaprintConfigOf(Number(algorithm))!;
      const result = chromaprint(pcm, { config });
      expectSameFingerprint(result.raw, expected.raw, `${name} ${config.name}`);
      expect(compressFingerprint(result.raw, result.algorithm)).toBe(expected.compressed);
    }
  });

  it("stops one sample short of a frame where fpcalc does (it never flushes its resampler)", async () => {
    const before = await loadFixture("boundary-62810-22k-mono");
    const after = await loadFixture("boundary-62811-22k-mono");
    expect(before.fixture.raw).toHaveLength(1);
    expect(after.fixture.raw).toHaveLength(2);
    expect(Array.from(chromaprint(before.pcm).raw)).toEqual(before.fixture.raw);
    expect(Array.from(chromaprint(after.pcm).raw)).toEqual(after.fixture.raw);
  });

  it("silence gives fpcalc's constant fingerprint", async () => {
    const { fixture, pcm } = await loadFixture("silence-44k-stereo");
    const { raw } = chromaprint(pcm);
    expect(new Set(raw)).toEqual(new Set([627964279]));
    expect(Array.from(raw)).toEqual(fixture.raw);
  });

  it("audio too short for one sub-fingerprint fails as fpcalc does (Empty fingerprint)", async () => {
    const { fixture, pcm } = await loadFixture("tiny-8k-mono");
    expect(fixture.error).toBe("Empty fingerprint");
    expect(fixture.exitCode).toBe(2);
    expect(() => chromaprint(pcm)).toThrow(ChromaprintEmptyFingerprintError);
    try {
      chromaprint(pcm);
    } catch (error) {
      expect(error).toBeInstanceOf(AudioError);
      expect((error as AudioError).code).toBe("CHROMAPRINT_EMPTY_FINGERPRINT");
    }
  });

  it("the package decoder feeds it the same integers (decodeAudio, FLAC and WAV)", async () => {
    for (const name of ["chords-44k-stereo", "short-8k-mono"]) {
      const { fixture } = await loadFixture(name);
      const audio = await decodeAudio(new Uint8Array(await readFile(`${FIXTURES_DIR}${fixture.file}`)));
      expectSameFingerprint(chromaprint(audio).raw, fixture.raw!, `${name} via decodeAudio`);
    }
  });
});

describe("ChromaprintStream", () => {
  it("gives the same fingerprint whatever the chunking", async () => {
    const { fixture, pcm } = await loadFixture("arpeggio-48k-stereo");
    for (const frontEnd of ["fpcalc", "libchromaprint"] as const) {
      const stream = new ChromaprintStream({ frontEnd });
      const n = pcm.channels[0]!.length;
      for (let from = 0, step = 1; from < n; from += step, step = (step * 7 + 13) % 9001) {
        stream.feed({ sampleRate: pcm.sampleRate, channels: pcm.channels.map((ch) => ch.subarray(from, Math.min(n, from + step))) });
      }
      const result = stream.finish();
      expect(Array.from(result.raw)).toEqual(frontEnd === "fpcalc" ? fixture.raw : fixture.library);
      expect(result.durationSeconds).toBeCloseTo(fixture.duration!, 6);
    }
  });

  it("maxSeconds 0 fingerprints everything; the default stops at 120 s", () => {
    const pcm = syntheticPcm(11025, 125);
    const whole = chromaprint(pcm, { maxSeconds: 0 });
    const limited = chromaprint(pcm);
    // (N - 4096) / 1365 + 1 frames, less the 4 + 15 frames the chroma filter and the widest classifier need
    expect(whole.raw.length).toBe(Math.floor((125 * 11025 - 4096) / 1365) + 1 - 19);
    expect(limited.raw.length).toBe(Math.floor((120 * 11025 - 4096) / 1365) + 1 - 19);
    expect(Array.from(limited.raw)).toEqual(Array.from(whole.raw.subarray(0, limited.raw.length)));
    expect(limited.durationSeconds).toBe(125);
  });

  it("refuses chunks of a different format, and use after finish", () => {
    const stream = new ChromaprintStream().feed(syntheticPcm(44100, 1));
    expect(() => stream.feed(syntheticPcm(48000, 1))).toThrow(ChromaprintInputError);
    stream.feed(syntheticPcm(44100, 3));
    expect(stream.finish().raw.length).toBeGreaterThan(0);
    expect(() => stream.feed(syntheticPcm(44100, 1))).toThrow(ChromaprintInputError);
    expect(() => new ChromaprintStream().finish()).toThrow(ChromaprintEmptyFingerprintError);
  });
});

describe("bad input", () => {
  const good = syntheticPcm(44100, 5);
  const cases: [string, () => unknown][] = [
    ["sample rate 0", () => chromaprint({ sampleRate: 0, channels: good.channels })],
    ["sample rate 1000 (Chromaprint needs more)", () => chromaprint({ sampleRate: 1000, channels: good.channels })],
    ["fractional sample rate", () => chromaprint({ sampleRate: 44100.5, channels: good.channels })],
    ["NaN sample rate", () => chromaprint({ sampleRate: Number.NaN, channels: good.channels })],
    ["no channels", () => chromaprint({ sampleRate: 44100, channels: [] })],
    ["channels of different lengths", () => chromaprint({ sampleRate: 44100, channels: [good.channels[0]!, good.channels[0]!.subarray(1)] })],
    ["NaN samples", () => chromaprint({ sampleRate: 44100, channels: [withSample(good.channels[0]!, 1234, Number.NaN)] })],
    ["infinite samples", () => chromaprint({ sampleRate: 44100, channels: [withSample(good.channels[0]!, 99, Number.POSITIVE_INFINITY)] })],
    ["negative maxSeconds", () => chromaprint(good, { maxSeconds: -1 })],
  ];

  it.each(cases)("%s: ChromaprintInputError (an AudioError)", (_, run) => {
    expect(run).toThrow(ChromaprintInputError);
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(AudioError);
      expect((error as AudioError).code).toBe("CHROMAPRINT_INVALID_INPUT");
      expect((error as AudioError).shortMessage.length).toBeGreaterThan(0);
    }
  });

  it("clips out-of-range float samples instead of failing", () => {
    const loud = good.channels[0]!.map((x) => x * 4);
    expect(chromaprint({ sampleRate: 44100, channels: [loud] }).raw.length).toBeGreaterThan(0);
  });
});

describe("CHROMAPRINT_CONFIGS", () => {
  it("holds Chromaprint's five algorithms, TEST2 the default", () => {
    expect(Object.values(CHROMAPRINT_CONFIGS).map((c) => c.algorithm)).toEqual([0, 1, 2, 3, 4]);
    expect(CHROMAPRINT_CONFIGS.TEST2.frameSize - CHROMAPRINT_CONFIGS.TEST2.frameOverlap).toBe(1365);
    for (const config of Object.values(CHROMAPRINT_CONFIGS)) {
      expect(config.classifiers).toHaveLength(16);
      for (const { thresholds } of config.classifiers) expect([...thresholds].sort((a, b) => a - b)).toEqual([...thresholds]);
    }
    expect(chromaprintConfigOf(1)).toBe(CHROMAPRINT_CONFIGS.TEST2);
    expect(chromaprintConfigOf(7)).toBeUndefined();
  });
});

/** A deterministic two-voice signal with note changes (enough for non-trivial fingerprints). */
function syntheticPcm(sampleRate: number, seconds: number): Pcm {
  const n = Math.round(sampleRate * seconds);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    const f = 220 * 2 ** (((Math.floor(t * 3) * 7) % 12) / 12);
    x[i] = 0.3 * Math.sin(2 * Math.PI * f * t) + 0.2 * Math.sin(2 * Math.PI * 1.5 * f * t) * Math.exp(-3 * (t % (1 / 3)));
  }
  return { sampleRate, channels: [x] };
}

function withSample(x: Float32Array, index: number, value: number): Float32Array {
  const copy = x.slice();
  copy[index] = value;
  return copy;
}
