import type { TripletConfig } from "./landmark-config.js";
import type { LandmarkRole, Peaks } from "./peaks.js";

/** Peak index triplets (anchor, second, third), in time order within each, as parallel arrays of length `count`. */
export interface PeakTriplets {
  count: number;
  first: Uint32Array;
  second: Uint32Array;
  third: Uint32Array;
}

/**
 * Panako-style triplets: each peak (the anchor) takes the first `targets` (query: `queryTargets`) later peaks of its
 * target zone (minDt..maxDt frames later, within +-maxDf bins) and combines them two by two, keeping the pairs whose
 * two targets are at least `minGap` frames apart and whose three peaks are pairwise at least `minDf` log bins apart
 * (a repeated pitch says little once pitch and tempo are factored out). The zone is a time window and a log-frequency band around the
 * anchor, so a mild time scaling or pitch shift keeps the same peaks in it. Peaks must be in time order.
 *
 * @example
 * const triplets = tripletPeaks(peaks, LANDMARK_CONFIGS.triplets_v1.triplets, "query");
 */
export function tripletPeaks(peaks: Peaks, config: TripletConfig, role: LandmarkRole): PeakTriplets {
  const targets = role === "query" ? config.queryTargets : config.targets;
  const perAnchor = (targets * (targets - 1)) / 2;
  const { frame, position } = peaks;
  const n = peaks.count;
  const first = new Uint32Array(n * perAnchor);
  const second = new Uint32Array(n * perAnchor);
  const third = new Uint32Array(n * perAnchor);
  const zone = new Uint32Array(targets);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const t = frame[i]!;
    const f = position[i]!;
    let z = 0;
    for (let j = i + 1; j < n && z < targets; j++) {
      const dt = frame[j]! - t;
      if (dt > config.maxDt) break;
      if (dt < config.minDt) continue;
      const df = position[j]! - f;
      if (df > config.maxDf || df < -config.maxDf) continue;
      zone[z++] = j;
    }
    for (let a = 0; a < z; a++) {
      const ja = zone[a]!;
      for (let b = a + 1; b < z; b++) {
        const jb = zone[b]!;
        if (frame[jb]! - frame[ja]! < config.minGap) continue;
        const fa = position[ja]!;
        const fb = position[jb]!;
        if (Math.abs(fa - f) < config.minDf || Math.abs(fb - f) < config.minDf || Math.abs(fb - fa) < config.minDf) {
          continue;
        }
        first[count] = i;
        second[count] = ja;
        third[count] = jb;
        count++;
      }
    }
  }
  return {
    count,
    first: first.subarray(0, count),
    second: second.subarray(0, count),
    third: third.subarray(0, count),
  };
}
