import { describe, expect, it } from "vitest";
import { UnknownAttackError } from "../errors/attack-error.js";
import { pcmLength } from "../pcm.js";
import { musicLike, pcmOf, sameSamples } from "../testing/measure.js";
import { applyAttack, ATTACK_NAMES, ATTACKS } from "./index.js";

const RATE = 22_050;
const left = musicLike(RATE, 1, 11);
const right = musicLike(RATE, 1, 12);

describe("ATTACKS", () => {
  it("holds the presets benchmarks name", () => {
    for (const name of [
      "mp3-64k",
      "mp3-128k",
      "noise-20db",
      "noise-10db",
      "speed+3%",
      "speed-3%",
      "pitch+1st",
      "pitch-1st",
      "tempo+3%",
      "tempo+5%",
      "gain-6db",
      "gain+3db",
      "lowpass-4k",
      "highpass-500",
      "echo",
      "resample-22k",
      "crop-10s",
      "mix-chords-10db",
    ]) {
      expect(ATTACKS[name]?.name).toBe(name);
    }
    expect(ATTACK_NAMES).toEqual(Object.keys(ATTACKS));
    for (const attack of Object.values(ATTACKS)) expect(JSON.parse(JSON.stringify(attack.params))).toEqual(attack.params);
  });

  it.each(ATTACK_NAMES)("%s: keeps rate and channels, does not mutate, is deterministic per seed", async (name) => {
    const pcm = pcmOf(RATE, left.slice(), right.slice());
    const a = await applyAttack(name, pcm, 1);
    expect(sameSamples(pcm.channels[0], left)).toBe(true);
    expect(sameSamples(pcm.channels[1], right)).toBe(true);
    expect(a.sampleRate).toBe(RATE);
    expect(a.channels).toHaveLength(2);
    expect(pcmLength(a)).toBeGreaterThan(0);
    for (const c of a.channels) expect(c.every(Number.isFinite)).toBe(true);
    const b = await applyAttack(name, pcm, 1);
    expect(b.channels.every((c, i) => sameSamples(c, a.channels[i]))).toBe(true);
    const other = await applyAttack(name, pcm, 2);
    if (ATTACKS[name]!.random && name !== "crop-10s") expect(sameSamples(other.channels[0], a.channels[0])).toBe(false);
    else if (name !== "crop-10s") expect(other.channels.every((c, i) => sameSamples(c, a.channels[i]))).toBe(true);
  });

  it("crop-10s takes a seeded 10 s excerpt at a random offset", async () => {
    const long = musicLike(8000, 14, 3);
    const pcm = pcmOf(8000, long);
    const starts = new Set<number>();
    for (const seed of [1, 2, 3]) {
      const out = (await applyAttack("crop-10s", pcm, seed)).channels[0]!;
      expect(out).toHaveLength(80_000);
      const start = long.findIndex((_, i) => long[i] === out[0] && long[i + 1] === out[1] && long[i + 2] === out[2]);
      expect(sameSamples(out, long.slice(start, start + 80_000))).toBe(true);
      starts.add(start);
    }
    expect(starts.size).toBe(3);
    expect((await applyAttack("crop-10s", pcmOf(8000, long.slice(0, 100)), 1)).channels[0]).toHaveLength(100);
    expect((await applyAttack("crop-10s", pcmOf(8000, new Float32Array(0)), 1)).channels[0]).toHaveLength(0);
  });

  it("rejects unknown names with a typed error", async () => {
    await expect(applyAttack("mp3-65k", pcmOf(RATE, left))).rejects.toThrow(UnknownAttackError);
    await expect(applyAttack("toString", pcmOf(RATE, left))).rejects.toMatchObject({ code: "UNKNOWN_ATTACK" });
  });
});
