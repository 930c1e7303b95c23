import { describe, expect, it } from "vitest";
import { parseWatermarkKey } from "../../generator/audio/src/watermark/index.js";
import { benchKey, benchPayload, planWatermarkBench, type CorpusTrack, type TrackTask } from "./watermark-plan.js";
import { FPR_ATTACKS } from "./watermark-attacks.js";

const tracks: CorpusTrack[] = [
  { file: "/c/a.ogg", name: "a.ogg", seconds: 214 },
  { file: "/c/b.ogg", name: "b.ogg", seconds: 31 },
  { file: "/c/c.ogg", name: "c.ogg", seconds: 29.9 },
  { file: "/c/d.ogg", name: "d.ogg", seconds: 95.5 },
];
const options = { tracks, excerpts: 200, fpr: 1000, seed: 7, attacks: ["none", "mp3-64k"] };
const trackTasks = (tasks: ReturnType<typeof planWatermarkBench>["tasks"]) => tasks.filter((t): t is TrackTask => t.kind === "track");

describe("planWatermarkBench", () => {
  const plan = planWatermarkBench(options);
  const byTrack = trackTasks(plan.tasks);

  it("spreads exactly the requested excerpts round-robin over the tracks of >= 30 s, longest task first", () => {
    expect(plan.eligible.map((t) => t.name)).toEqual(["a.ogg", "b.ogg", "d.ogg"]);
    expect(byTrack.map((t) => t.track.name)).toEqual(["a.ogg", "d.ogg", "b.ogg"]);
    expect(byTrack.reduce((n, t) => n + t.excerpts.length, 0)).toBe(200);
    expect(byTrack.map((t) => t.excerpts.length).sort()).toEqual([66, 67, 67]);
    for (const t of byTrack) {
      expect(t.other.name).not.toBe(t.track.name);
      for (const e of [...t.excerpts, ...t.fpr]) {
        expect(e.startSeconds).toBeGreaterThanOrEqual(0);
        expect(e.startSeconds + 10).toBeLessThanOrEqual(t.track.seconds);
      }
    }
  });

  it("plans exactly the requested unwatermarked excerpts: 10% noise, the rest music of three kinds", () => {
    const music = byTrack.flatMap((t) => t.fpr);
    const noise = plan.tasks.flatMap((t) => (t.kind === "noise" ? t.items : []));
    expect(music.length + noise.length).toBe(1000);
    expect(noise.length).toBe(100);
    expect(noise.filter((i) => i.category === "pink-noise").length).toBe(50);
    const count = (c: string) => music.filter((m) => m.category === c).length;
    expect(count("music") + count("music-attacked") + count("marked-other-key")).toBe(900);
    expect(count("marked-other-key")).toBeGreaterThanOrEqual(170);
    for (const m of music) expect(m.category === "music-attacked" ? FPR_ATTACKS.includes(m.attack!) : m.attack === undefined).toBe(true);
    expect(plan.detections).toBe(200 * 2 + 1000);
  });

  it("is reproducible from the seed and changes with it", () => {
    expect(planWatermarkBench(options)).toEqual(plan);
    const other = trackTasks(planWatermarkBench({ ...options, seed: 8 }).tasks);
    expect(other[0]!.excerpts.map((e) => e.startSeconds)).not.toEqual(byTrack[0]!.excerpts.map((e) => e.startSeconds));
  });

  it("needs two eligible tracks", () => {
    expect(() => planWatermarkBench({ ...options, tracks: tracks.slice(0, 1) })).toThrow(/at least 2 tracks/);
  });
});

describe("benchKey and benchPayload", () => {
  it("derive valid keys and payloads of the asked size, deterministic per (seed, label)", () => {
    const key = benchKey(1, "track\0a.ogg");
    expect(parseWatermarkKey(key)).toEqual(key);
    expect(benchKey(1, "track\0a.ogg")).toEqual(key);
    expect(benchKey(2, "track\0a.ogg").secret).not.toBe(key.secret);
    expect(benchKey(1, "track\0b.ogg").secret).not.toBe(key.secret);
    expect(benchPayload(1, "x", 8)).toHaveLength(8);
    expect(benchPayload(1, "x", 40)).toHaveLength(40);
    expect(benchPayload(1, "x", 40).subarray(0, 8)).toEqual(benchPayload(1, "x", 8));
    expect(benchPayload(1, "y", 8)).not.toEqual(benchPayload(1, "x", 8));
  });
});
