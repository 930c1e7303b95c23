/**
 * Child process of bench:watermark (see lib/process-pool.ts): runs one task at a time, single-threaded, and times
 * embedding and detection on this core. A track task decodes the track, embeds a mark in the whole track (as the
 * generator does), cuts the planned excerpts from the marked track, attacks and detects each, then detects the
 * unwatermarked excerpts with fresh keys. A noise task detects white and pink Gaussian noise with fresh keys.
 */
import { crop } from "../../generator/audio/src/attacks/index.js";
import { decodeAudioFile } from "../../generator/audio/src/decode/index.js";
import { pcmDuration, type Pcm } from "../../generator/audio/src/pcm.js";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import {
  detectWatermark,
  embedWatermark,
  generateWatermarkKey,
  WATERMARK_PAYLOAD_BYTES,
  type WatermarkKey,
} from "../../generator/audio/src/watermark/index.js";
import { pinkNoise } from "./lib/pink-noise.js";
import { serveTasks } from "./lib/process-pool.js";
import { seedOf } from "./lib/seed-of.js";
import { snrDb } from "./lib/snr.js";
import { applyBenchAttack, BENCH_ATTACKS } from "./watermark-attacks.js";
import { benchKey, benchPayload, type NoiseTask, type TrackTask, type WatermarkTask } from "./watermark-plan.js";
import type { AttackRecord, FprRecord, TaskResult } from "./watermark-records.js";

/** The key for `label`: derived from the run seed, or fresh from the OS CSPRNG with --random-keys. */
const keyFor = (task: WatermarkTask, label: string): WatermarkKey => (task.randomKeys ? generateWatermarkKey() : benchKey(task.seed, label));

/** Progress ticks are batched so that IPC stays negligible. */
const TICK = 5;

function timed<T>(run: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = run();
  return { value, ms: performance.now() - t0 };
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && a.every((v, i) => v === b[i]);
}

function detectFpr(pcm: Pcm, key: WatermarkKey, category: FprRecord["category"], attackMs: number, attack?: string): FprRecord {
  const { value: d, ms } = timed(() => detectWatermark(pcm, key));
  const record: FprRecord = {
    category,
    seconds: pcmDuration(pcm),
    detected: d.detected,
    falsePositiveProbability: d.falsePositiveProbability,
    detectMs: ms,
    attackMs,
  };
  if (attack) record.attack = attack;
  // The statistic is not part of every version of the detector's result: recorded where it is.
  if ("score" in d && typeof d.score === "number") record.score = d.score;
  return record;
}

async function runTrack(task: TrackTask, progress: (units: number) => void): Promise<TaskResult> {
  const result: TaskResult = { tracks: [], excerpts: [], attacks: [], fpr: [] };
  let pending = 0;
  const tick = () => {
    if (++pending >= TICK) {
      progress(pending);
      pending = 0;
    }
  };
  const { track, seed, excerptSeconds } = task;
  const original = await decodeAudioFile(track.file);
  const pcm: Pcm = { sampleRate: original.sampleRate, channels: original.channels };
  const needsOther = task.excerpts.length > 0 && task.attacks.includes("mix-track-10db");
  const other = needsOther ? await decodeAudioFile(task.other.file) : undefined;
  const key = keyFor(task, `track\u0000${track.name}`);
  const payload = benchPayload(seed, `track\u0000${track.name}`, WATERMARK_PAYLOAD_BYTES);

  const embedded = timed(() => embedWatermark(pcm, key, payload));
  const marked = embedded.value.pcm;
  const firstStart = task.excerpts[0]?.startSeconds ?? 0;
  const excerptEmbed = timed(() => embedWatermark(crop(pcm, { startSeconds: firstStart, durationSeconds: excerptSeconds }), key, payload));
  result.tracks.push({
    track: track.name,
    seconds: pcmDuration(pcm),
    embedMs: embedded.ms,
    embedSnrDb: embedded.value.snrDb,
    excerptEmbedMs: excerptEmbed.ms,
    excerptSeconds,
  });

  const attacks = task.attacks.map((name) => {
    const attack = BENCH_ATTACKS.find((a) => a.name === name);
    if (!attack) throw new Error(`unknown attack row ${name}`);
    return attack;
  });
  for (const spec of task.excerpts) {
    const window = { startSeconds: spec.startSeconds, durationSeconds: excerptSeconds };
    const markedExcerpt = crop(marked, window);
    result.excerpts.push({
      track: track.name,
      excerpt: spec.id,
      startSeconds: spec.startSeconds,
      snrDb: snrDb(crop(pcm, window), markedExcerpt),
    });
    const cache = new Map<string, Pcm>();
    const excerptSeed = seedOf(seed, track.name, "excerpt", spec.id);
    for (const attack of attacks) {
      const t0 = performance.now();
      const attacked = await applyBenchAttack(attack.steps, markedExcerpt, excerptSeed, other ? { other } : {}, cache);
      const attackMs = performance.now() - t0;
      const { value: d, ms } = timed(() => detectWatermark(attacked, key));
      const record: AttackRecord = {
        attack: attack.name,
        track: track.name,
        excerpt: spec.id,
        seconds: pcmDuration(attacked),
        detected: d.detected,
        payloadRecovered: d.payload !== undefined,
        exact: sameBytes(d.payload, payload),
        bitErrors: d.bitErrors,
        falsePositiveProbability: d.falsePositiveProbability,
        detectMs: ms,
        attackMs,
      };
      result.attacks.push(record);
      tick();
    }
  }

  for (const spec of task.fpr) {
    const source = spec.category === "marked-other-key" ? marked : pcm;
    let excerpt = crop(source, { startSeconds: spec.startSeconds, durationSeconds: excerptSeconds });
    const t0 = performance.now();
    if (spec.attack) excerpt = await applyBenchAttack([spec.attack], excerpt, seedOf(seed, track.name, "fpr", spec.id));
    const attackMs = performance.now() - t0;
    const fprKey = keyFor(task, `fpr\u0000${track.name}\u0000${spec.id}`);
    result.fpr.push(detectFpr(excerpt, fprKey, spec.category, attackMs, spec.attack));
    tick();
  }
  if (pending > 0) progress(pending);
  return result;
}

/** Stereo noise, independent channels, at a seeded level between -30 and -10 dBFS RMS. */
function noiseExcerpt(task: NoiseTask, id: number, pink: boolean): Pcm {
  const rng = new SeededRandom(seedOf(task.seed, "noise", id));
  const n = Math.round(task.excerptSeconds * task.sampleRate);
  const rms = 10 ** ((-30 + 20 * rng.next()) / 20);
  const channels = [0, 1].map(() => {
    const x = pink ? pinkNoise(n, rng) : Float32Array.from({ length: n }, () => rng.gaussian());
    for (let i = 0; i < n; i++) x[i] = Math.max(-1, Math.min(1, x[i]! * rms));
    return x;
  });
  return { sampleRate: task.sampleRate, channels };
}

function runNoise(task: NoiseTask, progress: (units: number) => void): TaskResult {
  const fpr: FprRecord[] = [];
  for (const item of task.items) {
    const pcm = noiseExcerpt(task, item.id, item.category === "pink-noise");
    fpr.push(detectFpr(pcm, keyFor(task, `noise\u0000${item.id}`), item.category, 0));
    progress(1);
  }
  return { tracks: [], excerpts: [], attacks: [], fpr };
}

serveTasks<WatermarkTask, TaskResult>(async (task, progress) =>
  task.kind === "track" ? runTrack(task, progress) : runNoise(task, progress),
);
