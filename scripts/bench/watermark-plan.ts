/**
 * The watermark benchmark's plan: which excerpts of which tracks, which unwatermarked excerpts for the false-positive
 * run, and every key, payload and seed, all derived from one run seed so that a run is reproducible whatever the
 * number of workers.
 */
import { createHash } from "node:crypto";
import { parseWatermarkKey, type WatermarkKey } from "../../generator/audio/src/watermark/index.js";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import type { FprCategory } from "./watermark-records.js";
import { FPR_ATTACKS } from "./watermark-attacks.js";
import { seedOf } from "./lib/seed-of.js";

function keyedBytes(label: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) blocks.push(createHash("sha256").update(`${label}\u0000${i}`).digest());
  return Buffer.concat(blocks).subarray(0, length);
}

/**
 * A watermark key for `label`, derived from the run seed (SHA-256) instead of the OS CSPRNG that generateWatermarkKey
 * uses, so that a run can be repeated; same format and same validation (parseWatermarkKey).
 */
export function benchKey(seed: number, label: string): WatermarkKey {
  return parseWatermarkKey({ secret: keyedBytes(`soundmark-bench-key\u0000${seed}\u0000${label}`, 32).toString("hex") });
}

/** A payload of `bytes` random-looking bytes for `label`, derived from the run seed. */
export function benchPayload(seed: number, label: string, bytes: number): Uint8Array {
  return new Uint8Array(keyedBytes(`soundmark-bench-payload\u0000${seed}\u0000${label}`, bytes));
}

export interface CorpusTrack {
  file: string;
  name: string;
  seconds: number;
}

export interface ExcerptSpec {
  id: number;
  startSeconds: number;
}

export interface FprMusicSpec {
  id: number;
  startSeconds: number;
  category: Extract<FprCategory, "music" | "music-attacked" | "marked-other-key">;
  attack?: string;
}

export interface TrackTask {
  kind: "track";
  track: CorpusTrack;
  /** Another eligible track, mixed in by the mix attack. */
  other: CorpusTrack;
  excerpts: ExcerptSpec[];
  fpr: FprMusicSpec[];
  seed: number;
  excerptSeconds: number;
  attacks: string[];
  /** Keys from generateWatermarkKey (the OS CSPRNG) instead of benchKey: not reproducible. */
  randomKeys: boolean;
}

export interface NoiseTask {
  kind: "noise";
  items: { id: number; category: Extract<FprCategory, "white-noise" | "pink-noise"> }[];
  seed: number;
  randomKeys: boolean;
  excerptSeconds: number;
  sampleRate: number;
}

export type WatermarkTask = TrackTask | NoiseTask;

export interface PlanOptions {
  tracks: readonly CorpusTrack[];
  /** Marked excerpts per attack (at least; spread round-robin over the eligible tracks). */
  excerpts: number;
  /** Unwatermarked excerpts for the false-positive run. */
  fpr: number;
  seed: number;
  /** Names of the attack rows to run. */
  attacks: readonly string[];
  excerptSeconds?: number;
  /** Tracks shorter than this are left out (BENCHMARKS.md's standard query set: >= 30 s). */
  minTrackSeconds?: number;
  /** Share of the false-positive excerpts that are synthetic noise (half white, half pink). */
  noiseShare?: number;
  noiseBatch?: number;
  sampleRate?: number;
  /** Keys from generateWatermarkKey instead of the seed (default false). */
  randomKeys?: boolean;
}

export interface WatermarkPlan {
  eligible: CorpusTrack[];
  tasks: WatermarkTask[];
  /** Detector calls the plan makes (the unit of the progress line). */
  detections: number;
}

/** Cycle of false-positive categories per track: clean music 4/10, attacked music 4/10, marked with another key 2/10. */
const FPR_CYCLE: FprMusicSpec["category"][] = [
  "music",
  "music-attacked",
  "music",
  "music-attacked",
  "marked-other-key",
  "music",
  "music-attacked",
  "music",
  "music-attacked",
  "marked-other-key",
];

/** A seeded excerpt start in [0, seconds - length - 0.1], on a 10 ms grid. */
function excerptStart(seed: number, track: CorpusTrack, what: string, j: number, length: number): number {
  const rng = new SeededRandom(seedOf(seed, track.name, what, j));
  return Math.floor(rng.next() * Math.max(0, track.seconds - length - 0.1) * 100) / 100;
}

/**
 * Spreads `excerpts` marked excerpts and `fpr` unwatermarked ones over the eligible tracks round-robin (global index g
 * goes to track g mod E as its (g div E)-th), one task per track, largest first for load balance; noise excerpts go
 * in batches.
 */
export function planWatermarkBench(options: PlanOptions): WatermarkPlan {
  const length = options.excerptSeconds ?? 10;
  const minSeconds = options.minTrackSeconds ?? 30;
  const noiseShare = options.noiseShare ?? 0.1;
  const batch = options.noiseBatch ?? 50;
  const { seed } = options;
  const randomKeys = options.randomKeys ?? false;
  const eligible = options.tracks.filter((t) => t.seconds >= minSeconds).sort((a, b) => a.name.localeCompare(b.name));
  if (eligible.length < 2) throw new Error(`the corpus needs at least 2 tracks of >= ${minSeconds} s, found ${eligible.length}`);
  const noiseCount = Math.round(options.fpr * noiseShare);
  const musicFpr = options.fpr - noiseCount;
  const E = eligible.length;
  const tasks: WatermarkTask[] = [];
  let detections = 0;
  eligible.forEach((track, t) => {
    const excerpts: ExcerptSpec[] = [];
    for (let g = t, j = 0; g < options.excerpts; g += E, j++) {
      excerpts.push({ id: j, startSeconds: excerptStart(seed, track, "excerpt", j, length) });
    }
    const fpr: FprMusicSpec[] = [];
    for (let g = t, j = 0; g < musicFpr; g += E, j++) {
      const category = FPR_CYCLE[j % FPR_CYCLE.length]!;
      const spec: FprMusicSpec = { id: j, startSeconds: excerptStart(seed, track, "fpr", j, length), category };
      if (category === "music-attacked") spec.attack = FPR_ATTACKS[(t + j) % FPR_ATTACKS.length]!;
      fpr.push(spec);
    }
    tasks.push({ kind: "track", track, other: eligible[(t + 1) % E]!, excerpts, fpr, seed, excerptSeconds: length, attacks: [...options.attacks], randomKeys });
    detections += excerpts.length * options.attacks.length + fpr.length;
  });
  tasks.sort((a, b) => (a.kind === "track" && b.kind === "track" ? b.track.seconds - a.track.seconds : 0));
  for (let start = 0; start < noiseCount; start += batch) {
    const items: NoiseTask["items"] = [];
    for (let id = start; id < Math.min(noiseCount, start + batch); id++) items.push({ id, category: id % 2 === 0 ? "white-noise" : "pink-noise" });
    tasks.push({ kind: "noise", items, seed, excerptSeconds: length, sampleRate: options.sampleRate ?? 44_100, randomKeys });
    detections += items.length;
  }
  return { eligible, tasks, detections };
}
