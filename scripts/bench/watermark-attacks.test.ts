import { describe, expect, it } from "vitest";
import { ATTACKS } from "../../generator/audio/src/attacks/index.js";
import { pcmDuration } from "../../generator/audio/src/pcm.js";
import { bestLag, musicLike } from "../../generator/audio/src/testing/measure.js";
import { FFMPEG_CODECS, ffmpegRoundTrip, hasFfmpeg } from "./lib/ffmpeg-round-trip.js";
import { snrDb } from "./lib/snr.js";
import { applyBenchAttack, BENCH_ATTACKS, BENCH_STEPS, FPR_ATTACKS } from "./watermark-attacks.js";

const rate = 44_100;
const stereo = (seconds: number, seed: number) => ({
  sampleRate: rate,
  channels: [musicLike(rate, seconds, seed), musicLike(rate, seconds, seed + 1)],
});

describe("BENCH_ATTACKS", () => {
  it("covers issue 4's list with steps that all exist", () => {
    const names = BENCH_ATTACKS.map((a) => a.name);
    for (const name of ["none", "mp3-128k", "mp3-64k", "mp3-128k-x2", "resample-16k", "noise-20db", "noise-10db", "gain-6db", "gain+6db", "lowpass-4k", "highpass-500", "echo", "crop-5s", "crop-3s", "speed+5%", "speed-5%", "pitch+1st", "pitch-1st", "tempo+5%", "tempo-5%", "mix-track-10db", "aac-64k", "opus-32k"]) {
      expect(names).toContain(name);
    }
    expect(new Set(names).size).toBe(names.length);
    for (const step of [...BENCH_ATTACKS.flatMap((a) => a.steps), ...FPR_ATTACKS]) {
      expect(Object.hasOwn(ATTACKS, step) || Object.hasOwn(BENCH_STEPS, step)).toBe(true);
    }
    expect(BENCH_ATTACKS.filter((a) => a.target === "detect").map((a) => a.name)).toEqual(["speed+5%", "speed-5%", "pitch+1st", "pitch-1st", "tempo+5%", "tempo-5%"]);
  });
});

describe("applyBenchAttack", () => {
  const excerpt = stereo(10, 3);

  it("crops to seeded windows of 5 s and 3 s, reproducibly", async () => {
    const a = await applyBenchAttack(["crop-3s"], excerpt, 11);
    expect(pcmDuration(a)).toBeCloseTo(3, 6);
    expect(await applyBenchAttack(["crop-3s"], excerpt, 11)).toEqual(a);
    expect(await applyBenchAttack(["crop-3s"], excerpt, 12)).not.toEqual(a);
    expect(pcmDuration(await applyBenchAttack(["crop-5s"], excerpt, 11))).toBeCloseTo(5, 6);
  });

  it("mixes another track 10 dB under the excerpt, and says so when none is given", async () => {
    const other = stereo(30, 9);
    const mixed = await applyBenchAttack(["mix-track-10db"], excerpt, 5, { other });
    expect(snrDb(excerpt, mixed)).toBeCloseTo(10, 1);
    await expect(applyBenchAttack(["mix-track-10db"], excerpt, 5)).rejects.toThrow(/needs another track/);
    await expect(applyBenchAttack(["no-such-step"], excerpt, 5)).rejects.toThrow(/unknown attack step/);
  });

  it("reuses a shared prefix from the cache and gives the same audio as without it", async () => {
    const short = stereo(1, 4);
    const cache = new Map();
    const once = await applyBenchAttack(["gain-6db"], short, 2, {}, cache);
    const chained = await applyBenchAttack(["gain-6db", "noise-20db"], short, 2, {}, cache);
    expect(cache.get("gain-6db")).toBe(once);
    expect(chained).toEqual(await applyBenchAttack(["gain-6db", "noise-20db"], short, 2));
  });
});

describe.skipIf(!hasFfmpeg())("ffmpegRoundTrip", () => {
  it.each(Object.values(FFMPEG_CODECS))("$name keeps the length, the alignment and most of the signal", (codec) => {
    const input = stereo(2, 7);
    const out = ffmpegRoundTrip(input, codec);
    expect(out.sampleRate).toBe(rate);
    expect(out.channels.map((c) => c.length)).toEqual([input.channels[0]!.length, input.channels[1]!.length]);
    expect(bestLag(input.channels[0]!, out.channels[0]!, 2000).lag).toBe(0);
    expect(snrDb(input, out)).toBeGreaterThan(8);
  });
});
