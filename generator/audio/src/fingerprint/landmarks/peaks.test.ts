import { describe, expect, it } from "vitest";
import { syntheticMusic } from "../../testing/synthetic-music.js";
import { LANDMARK_CONFIGS } from "./landmark-config.js";
import { pickPeaks } from "./peaks.js";
import { logSpectrogram } from "./spectrogram.js";

const music = syntheticMusic({ seed: 11, durationSeconds: 30 }).channels[0]!;

describe("pickPeaks", () => {
  for (const config of Object.values(LANDMARK_CONFIGS)) {
    it(`${config.name}: thins to about the target density, reference peaks a subset of query peaks`, () => {
      const spec = logSpectrogram(music, config.spectrogram);
      const ref = pickPeaks(spec, config.peaks, "reference");
      const query = pickPeaks(spec, config.peaks, "query");
      const seconds = spec.frames / spec.frameRate;
      expect(ref.count / seconds).toBeLessThanOrEqual(config.peaks.peaksPerSecond * 1.2);
      expect(ref.count / seconds).toBeGreaterThan(config.peaks.peaksPerSecond * 0.5);
      expect(query.count).toBeGreaterThan(ref.count);
      const inQuery = new Set<number>();
      for (let i = 0; i < query.count; i++) inQuery.add(query.frame[i]! * 4096 + query.bin[i]!);
      for (let i = 0; i < ref.count; i++) expect(inQuery.has(ref.frame[i]! * 4096 + ref.bin[i]!)).toBe(true);
      for (let i = 1; i < ref.count; i++) expect(ref.frame[i]!).toBeGreaterThanOrEqual(ref.frame[i - 1]!);
      for (let i = 0; i < ref.count; i++) {
        expect(Math.abs(ref.position[i]! - ref.bin[i]!)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(ref.time[i]! - ref.frame[i]!)).toBeLessThanOrEqual(0.5);
      }
    });
  }

  it("finds no peaks in digital silence and the same peaks in a louder copy", () => {
    const config = LANDMARK_CONFIGS.pairs_v1;
    const silent = logSpectrogram(new Float32Array(16_000), config.spectrogram);
    expect(pickPeaks(silent, config.peaks, "query").count).toBe(0);
    const a = pickPeaks(logSpectrogram(music, config.spectrogram), config.peaks, "reference");
    const louder = music.map((v) => v * 0.5);
    const b = pickPeaks(logSpectrogram(louder, config.spectrogram), config.peaks, "reference");
    expect(Array.from(b.frame)).toEqual(Array.from(a.frame));
    expect(Array.from(b.bin)).toEqual(Array.from(a.bin));
  });
});
