import { describe, expect, it } from "vitest";
import { tone } from "../../testing/measure.js";
import { LANDMARK_CONFIGS } from "./landmark-config.js";
import { logSpectrogram } from "./spectrogram.js";

function loudestBin(data: Float32Array, bins: number, frame: number): number {
  let best = 0;
  for (let b = 1; b < bins; b++) if (data[frame * bins + b]! > data[frame * bins + best]!) best = b;
  return best;
}

describe("logSpectrogram", () => {
  it("frames the signal at the hop and puts a tone in its linear bin", () => {
    const config = LANDMARK_CONFIGS.pairs_v1.spectrogram;
    const x = tone(1000, 8000, 8000, 0.5);
    const spec = logSpectrogram(x, config);
    expect(spec.frames).toBe(Math.floor((8000 - config.fftSize) / config.hopSize) + 1);
    expect(spec.frameRate).toBe(8000 / config.hopSize);
    const b = loudestBin(spec.data, spec.bins, 10);
    expect(Math.abs(spec.binFrequency(b) - 1000)).toBeLessThanOrEqual(8000 / config.fftSize / 2);
    // A full-scale-ish sine peaks near 0 dB (amplitude 0.5: about -6 dB); silence sits at the floor.
    expect(spec.data[10 * spec.bins + b]).toBeGreaterThan(-8);
    expect(spec.data[10 * spec.bins + b]).toBeLessThan(-4);
  });

  it("treats two frames per FFT exactly like one (odd frame counts included)", () => {
    const config = { ...LANDMARK_CONFIGS.pairs_v1.spectrogram };
    const x = tone(700, 8000, 512 + 256 * 4, 0.3);
    const all = logSpectrogram(x, config);
    expect(all.frames).toBe(5);
    const last = logSpectrogram(x.subarray(256 * 4), config);
    for (let b = 0; b < all.bins; b++) expect(last.data[b]).toBeCloseTo(all.data[4 * all.bins + b]!, 3);
  });

  it("maps log bins so that a semitone is a shift of binsPerOctave / 12 bins", () => {
    const config = LANDMARK_CONFIGS.triplets_v1.spectrogram;
    const a = logSpectrogram(tone(440, 8000, 8000), config);
    const b = logSpectrogram(tone(440 * 2 ** (1 / 12), 8000, 8000), config);
    const pa = loudestBin(a.data, a.bins, 20);
    const pb = loudestBin(b.data, b.bins, 20);
    expect(pa).toBe(Math.round(config.binsPerOctave * Math.log2(440 / config.minHz)));
    expect(pb - pa).toBe(config.binsPerOctave / 12);
    expect(a.binFrequency(pa)).toBeCloseTo(440, 0);
  });

  it("returns no frames for a signal shorter than one window", () => {
    const spec = logSpectrogram(new Float32Array(100), LANDMARK_CONFIGS.pairs_v1.spectrogram);
    expect(spec.frames).toBe(0);
    expect(spec.data.length).toBe(0);
  });
});
