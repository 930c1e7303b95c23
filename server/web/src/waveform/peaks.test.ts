import { describe, expect, it } from "vitest";
import { clipSpanInTrack, computePeaks } from "./peaks.js";

describe("computePeaks", () => {
  it("gives each column the min and max of the channels' mean over its slice", () => {
    const left = Float32Array.from([0.5, -0.5, 1, 0, 0.25, 0.25]);
    const right = Float32Array.from([0.5, 0.5, -1, 0, -0.25, 0.75]);
    expect(computePeaks([left, right], 3)).toEqual([
      { min: 0, max: 0.5 },
      { min: 0, max: 0 },
      { min: 0, max: 0.5 },
    ]);
  });

  it("uses the shortest channel, and leaves columns past very short audio flat", () => {
    expect(computePeaks([Float32Array.from([1]), Float32Array.from([1, 1, 1])], 2)).toEqual([
      { min: 0, max: 0 },
      { min: 0, max: 1 },
    ]);
    expect(computePeaks([], 2)).toEqual([
      { min: 0, max: 0 },
      { min: 0, max: 0 },
    ]);
  });

  it("refuses a column count that is not a positive integer", () => {
    for (const columns of [0, -1, 1.5, Number.NaN]) expect(() => computePeaks([new Float32Array(4)], columns)).toThrow(RangeError);
  });
});

describe("clipSpanInTrack", () => {
  it("places the clip at the match's offset, as fractions of the track", () => {
    expect(clipSpanInTrack(5, 10, 20)).toEqual({ start: 0.25, end: 0.75 });
  });

  it("clips a span that runs off either end of the track", () => {
    expect(clipSpanInTrack(-2, 10, 20)).toEqual({ start: 0, end: 0.4 });
    expect(clipSpanInTrack(15, 10, 20)).toEqual({ start: 0.75, end: 1 });
  });

  it("takes the clip's end as the track's end when the track's length is unknown", () => {
    expect(clipSpanInTrack(30, 10, null)).toEqual({ start: 0.75, end: 1 });
    expect(clipSpanInTrack(0, 0, 0)).toEqual({ start: 0, end: 0 });
  });
});
