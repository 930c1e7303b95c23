/**
 * The watermark benchmark's attack rows (issue 4's list). Each row is a chain of steps: a preset of the audio core's
 * attack registry (generator/audio/src/attacks, ATTACKS) or one of the few steps only this benchmark needs (crops of
 * a 10 s excerpt to 5 s and 3 s, a mix with another corpus track, and ffmpeg's AAC and Opus codecs).
 */
import { ATTACKS, crop, mix } from "../../generator/audio/src/attacks/index.js";
import { pcmDuration, type Pcm } from "../../generator/audio/src/pcm.js";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import { FFMPEG_CODECS, ffmpegRoundTrip } from "./lib/ffmpeg-round-trip.js";
import { seedOf } from "./lib/seed-of.js";

/** What the issue asks of a row: the exact payload (>= 99%), or detection only (speed, pitch and tempo: >= 95%). */
export type AttackTarget = "exact" | "detect";

export interface BenchAttack {
  name: string;
  description: string;
  /** Applied in order; each a key of ATTACKS or of BENCH_STEPS. */
  steps: readonly string[];
  target: AttackTarget;
  /** Runs only when ffmpeg is on PATH. */
  ffmpeg?: boolean;
}

/** What a step may need besides the audio: another (unmarked) corpus track to mix in. */
export interface StepContext {
  other?: Pcm;
}

type Step = (pcm: Pcm, rng: SeededRandom, context: StepContext) => Pcm | Promise<Pcm>;

/** A seeded window of `seconds` inside the input (the whole input when it is not longer). */
const cropTo =
  (seconds: number): Step =>
  (pcm, rng) => {
    const spare = pcmDuration(pcm) - seconds;
    if (spare <= 0) return pcm;
    return crop(pcm, { startSeconds: Math.floor(rng.next() * spare * 1000) / 1000, durationSeconds: seconds });
  };

export const BENCH_STEPS: Readonly<Record<string, Step>> = {
  "crop-5s": cropTo(5),
  "crop-3s": cropTo(3),
  "mix-track-10db": (pcm, rng, { other }) => {
    if (!other) throw new Error("mix-track-10db needs another track in its context");
    const spare = Math.max(0, pcmDuration(other) - pcmDuration(pcm));
    return mix(pcm, { other, levelDb: -10, offsetSeconds: Math.floor(rng.next() * spare * 100) / 100 });
  },
  "aac-64k": (pcm) => ffmpegRoundTrip(pcm, FFMPEG_CODECS["aac-64k"]),
  "opus-32k": (pcm) => ffmpegRoundTrip(pcm, FFMPEG_CODECS["opus-32k"]),
};

const preset = (name: string, target: AttackTarget = "exact"): BenchAttack => {
  const attack = ATTACKS[name];
  if (!attack) throw new Error(`the attack registry has no preset ${name}`);
  return { name, description: attack.description, steps: [name], target };
};

export const BENCH_ATTACKS: readonly BenchAttack[] = [
  { name: "none", description: "the marked excerpt as is", steps: [], target: "exact" },
  preset("mp3-128k"),
  preset("mp3-64k"),
  { name: "mp3-128k-x2", description: "MP3 128 kbps, decoded, encoded again at 128 kbps", steps: ["mp3-128k", "mp3-128k"], target: "exact" },
  {
    name: "mp3-128k-x2-gain-6db",
    description: "the issue's platform case: MP3 128 kbps twice, then turned down 6 dB",
    steps: ["mp3-128k", "mp3-128k", "gain-6db"],
    target: "exact",
  },
  preset("resample-16k"),
  preset("noise-20db"),
  preset("noise-10db"),
  preset("gain-6db"),
  preset("gain+6db"),
  preset("lowpass-4k"),
  preset("highpass-500"),
  preset("echo"),
  { name: "crop-5s", description: "a seeded 5 s window of the 10 s excerpt", steps: ["crop-5s"], target: "exact" },
  { name: "crop-3s", description: "a seeded 3 s window of the 10 s excerpt", steps: ["crop-3s"], target: "exact" },
  preset("speed+5%", "detect"),
  preset("speed-5%", "detect"),
  preset("pitch+1st", "detect"),
  preset("pitch-1st", "detect"),
  preset("tempo+5%", "detect"),
  preset("tempo-5%", "detect"),
  {
    name: "mix-track-10db",
    description: "another corpus track (unmarked) mixed in 10 dB below the excerpt's power",
    steps: ["mix-track-10db"],
    target: "exact",
  },
  { name: "aac-64k", description: FFMPEG_CODECS["aac-64k"].description, steps: ["aac-64k"], target: "exact", ffmpeg: true },
  { name: "opus-32k", description: FFMPEG_CODECS["opus-32k"].description, steps: ["opus-32k"], target: "exact", ffmpeg: true },
];

/** Attacks applied to unwatermarked music in the false-positive run (cycled through; all cheap but one MP3). */
export const FPR_ATTACKS: readonly string[] = [
  "noise-20db",
  "gain-6db",
  "resample-16k",
  "lowpass-4k",
  "highpass-500",
  "echo",
  "speed+5%",
  "pitch-1st",
  "tempo+5%",
  "mp3-64k",
];

/**
 * Applies the steps of `attack` to `pcm`. Step i draws from SeededRandom(seedOf(seed, i)), so a chain that shares a
 * prefix with an earlier one (mp3-128k, then mp3-128k-x2) gives the same intermediate audio; `cache` keeps those
 * intermediates for one excerpt so each is computed once.
 */
export async function applyBenchAttack(
  steps: readonly string[],
  pcm: Pcm,
  seed: number,
  context: StepContext = {},
  cache: Map<string, Pcm> = new Map(),
): Promise<Pcm> {
  let out = pcm;
  for (let i = 0; i < steps.length; i++) {
    const prefix = steps.slice(0, i + 1).join(" > ");
    const cached = cache.get(prefix);
    if (cached) {
      out = cached;
      continue;
    }
    const name = steps[i]!;
    const rng = new SeededRandom(seedOf(seed, i));
    const local = Object.hasOwn(BENCH_STEPS, name) ? BENCH_STEPS[name] : undefined;
    const attack = Object.hasOwn(ATTACKS, name) ? ATTACKS[name] : undefined;
    if (local) out = await local(out, rng, context);
    else if (attack) out = await attack.apply(out, rng);
    else throw new Error(`unknown attack step ${name}`);
    cache.set(prefix, out);
  }
  return out;
}
