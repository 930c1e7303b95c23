import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noise, pitchShift, speed, timeStretch } from "../attacks/index.js";
import { IndexClosedError, IndexFormatError, IndexTrackExistsError } from "../errors/index-error.js";
import type { Pcm } from "../pcm.js";
import { SeededRandom } from "../random/seeded-random.js";
import { excerpt, syntheticMusic } from "../testing/synthetic-music.js";
import { SoundmarkIndex, type QueryResult } from "./soundmark-index.js";

const TRACKS = 12;
const DURATION = 40;
const tracks: Pcm[] = Array.from({ length: TRACKS }, (_, i) =>
  syntheticMusic({ seed: 100 + i, durationSeconds: DURATION }),
);
const id = (i: number) => `tracks/song-${i}.wav`;
const rng = new SeededRandom(7);
/** One query per track at a seeded offset. */
const queries = tracks.map((_, i) => ({ track: i, start: Math.round(rng.next() * (DURATION - 12) * 100) / 100 }));

let root: string;
let index: SoundmarkIndex;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "soundmark-index-"));
  index = SoundmarkIndex.open(join(root, "db"));
  tracks.forEach((pcm, i) => index.add(id(i), pcm, { path: `/music/song-${i}.wav` }));
});

afterAll(() => {
  index.close();
  rmSync(root, { recursive: true, force: true });
});

function identified(result: QueryResult, track: number): boolean {
  return !result.noMatch && result.matches[0]?.id === id(track);
}

describe("SoundmarkIndex: identification", () => {
  it("identifies clean 10 s excerpts with the offset within 0.1 s", () => {
    for (const q of queries) {
      const result = index.query(excerpt(tracks[q.track]!, q.start, 10));
      expect(identified(result, q.track)).toBe(true);
      const match = result.matches[0]!;
      expect(Math.abs(match.offsetSeconds - q.start)).toBeLessThanOrEqual(0.1);
      expect(match.path).toBe(`/music/song-${q.track}.wav`);
      expect(match.matchedSeconds).toBeGreaterThan(7);
      expect(result.confidence).toBeGreaterThan(0.999);
      expect(match.speedFactor).toBe(1);
    }
  });

  it("identifies excerpts under 10 dB SNR white noise", () => {
    for (const q of queries) {
      const degraded = noise(excerpt(tracks[q.track]!, q.start, 10), { snrDb: 10 }, new SeededRandom(q.track));
      const result = index.query(degraded);
      expect(identified(result, q.track)).toBe(true);
      expect(Math.abs(result.matches[0]!.offsetSeconds - q.start)).toBeLessThanOrEqual(0.1);
    }
  });

  it("identifies a 3% speed-up and estimates its speed and pitch factors", () => {
    for (const q of queries) {
      const result = index.query(speed(excerpt(tracks[q.track]!, q.start, 10), { factor: 1.03 }));
      expect(identified(result, q.track)).toBe(true);
      const match = result.matches[0]!;
      expect(match.speedFactor).toBeCloseTo(1.03, 2);
      expect(match.pitchFactor).toBeCloseTo(1.03, 1);
      expect(Math.abs(match.offsetSeconds - q.start)).toBeLessThanOrEqual(0.15);
    }
  });

  it("identifies a pitch shift of +1 semitone at the same tempo", () => {
    for (const q of queries) {
      const result = index.query(pitchShift(excerpt(tracks[q.track]!, q.start, 10), { semitones: 1 }));
      expect(identified(result, q.track)).toBe(true);
      const match = result.matches[0]!;
      expect(match.speedFactor).toBeCloseTo(1, 2);
      expect(Math.abs(match.pitchFactor! - 2 ** (1 / 12))).toBeLessThan(0.02);
    }
  });

  it("identifies a 5% tempo increase at the same pitch", () => {
    for (const q of queries) {
      const result = index.query(timeStretch(excerpt(tracks[q.track]!, q.start, 10), { tempo: 1.05 }));
      expect(identified(result, q.track)).toBe(true);
      const match = result.matches[0]!;
      expect(match.speedFactor).toBeCloseTo(1.05, 2);
      expect(match.pitchFactor).toBeCloseTo(1, 1);
    }
  });

  it("answers no match for audio that was never indexed, silence and noise", () => {
    for (let s = 0; s < 10; s++) {
      const other = syntheticMusic({ seed: 5000 + s, durationSeconds: 10 });
      const result = index.query(other);
      expect(result.noMatch).toBe(true);
      expect(result.matches).toEqual([]);
      expect(result.confidence).toBe(0);
    }
    const silence: Pcm = { sampleRate: 8000, channels: [new Float32Array(80_000)] };
    expect(index.query(silence).noMatch).toBe(true);
    const white = noise({ sampleRate: 8000, channels: [new Float32Array(80_000).fill(0.1)] }, { snrDb: -20 });
    expect(index.query(white).noMatch).toBe(true);
    expect(index.query({ sampleRate: 8000, channels: [new Float32Array(100)] }).noMatch).toBe(true);
  });

  it("reports weak candidates only on request, never as a match", () => {
    const other = syntheticMusic({ seed: 5000, durationSeconds: 10 });
    const result = index.query(other, { includeWeak: true, exhaustive: true });
    expect(result.noMatch).toBe(true);
    for (const m of result.matches) expect(m.pValue).toBeGreaterThan(1e-6);
  });

  it("fingerprints input at another sample rate through the resampler", () => {
    const q = queries[0]!;
    const hi = syntheticMusic({ seed: 100 + q.track, durationSeconds: DURATION, sampleRate: 22_050 });
    const result = index.query(excerpt(hi, q.start, 10));
    expect(identified(result, q.track)).toBe(true);
  });
});

describe("SoundmarkIndex: tracks and persistence", () => {
  it("lists tracks with the configurations that fingerprinted them", () => {
    expect(index.size).toBe(TRACKS);
    expect(index.has(id(3))).toBe(true);
    expect(index.has("nope")).toBe(false);
    const listed = index.list();
    expect(listed.map((t) => t.id)).toEqual(tracks.map((_, i) => id(i)));
    expect(listed[0]!.configs).toEqual(["pairs_v1", "triplets_v1"]);
    expect(listed[0]!.durationSeconds).toBeCloseTo(DURATION, 6);
  });

  it("refuses a duplicate id unless asked to replace it", () => {
    expect(() => index.add(id(0), tracks[0]!)).toThrow(IndexTrackExistsError);
    index.add(id(0), tracks[0]!, { path: "/music/song-0.wav", replace: true });
    const result = index.query(excerpt(tracks[0]!, queries[0]!.start, 10));
    expect(identified(result, 0)).toBe(true);
    expect(index.size).toBe(TRACKS);
  });

  it("gives the same answers after close and reopen", () => {
    const dir = join(root, "db");
    const probe = queries.slice(0, 4).map((q) => speed(excerpt(tracks[q.track]!, q.start, 10), { factor: 1.03 }));
    const before = probe.map((p) => index.query(p));
    index.close();
    expect(() => index.query(probe[0]!)).toThrow(IndexClosedError);
    index = SoundmarkIndex.open(dir);
    expect(index.openReport.created).toBe(false);
    expect(index.openReport.log.truncatedBytes).toBe(0);
    expect(index.size).toBe(TRACKS);
    expect(probe.map((p) => index.query(p))).toEqual(before);
  });

  it("makes a removed track unmatchable, durably", () => {
    const q = queries[5]!;
    const clip = excerpt(tracks[q.track]!, q.start, 10);
    expect(identified(index.query(clip), q.track)).toBe(true);
    expect(index.remove(id(q.track))).toBe(true);
    expect(index.remove(id(q.track))).toBe(false);
    expect(index.has(id(q.track))).toBe(false);
    const after = index.query(clip, { exhaustive: true });
    expect(after.noMatch).toBe(true);
    index.close();
    index = SoundmarkIndex.open(join(root, "db"));
    expect(index.has(id(q.track))).toBe(false);
    expect(index.query(clip).noMatch).toBe(true);
    // Other tracks are unaffected.
    const other = queries[6]!;
    expect(identified(index.query(excerpt(tracks[other.track]!, other.start, 10)), other.track)).toBe(true);
  });

  it("compacts the log without the removed tracks", () => {
    const before = index.stats().logBytes;
    index.compact();
    expect(index.stats().logBytes).toBeLessThan(before);
    index.close();
    index = SoundmarkIndex.open(join(root, "db"));
    expect(index.size).toBe(TRACKS - 1);
    const q = queries[7]!;
    expect(identified(index.query(excerpt(tracks[q.track]!, q.start, 10)), q.track)).toBe(true);
  });

  it("creates an index with chosen configurations and refuses a foreign directory", () => {
    const dir = join(root, "pairs-only");
    const small = SoundmarkIndex.open(dir, { configs: ["pairs_v1"] });
    small.add("a", tracks[0]!);
    expect(small.list()[0]!.configs).toEqual(["pairs_v1"]);
    expect(small.query(excerpt(tracks[0]!, 3, 10)).matches[0]?.id).toBe("a");
    small.close();
    expect(() => SoundmarkIndex.open(join(root))).toThrow(IndexFormatError);
  });
});
