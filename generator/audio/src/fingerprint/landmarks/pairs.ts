import type { PairConfig } from "./landmark-config.js";
import type { Peaks } from "./peaks.js";
import type { LandmarkRole } from "./peaks.js";

/** Peak index pairs (anchor, target) as parallel arrays of length `count`. */
export interface PeakPairs {
  count: number;
  anchor: Uint32Array;
  target: Uint32Array;
}

/**
 * Wang-style pairs: each peak is paired with the first `fanout` (query: `queryFanout`) later peaks inside its target
 * zone (minDt..maxDt frames later, within +-maxDf bins), in time order. Peaks must be in time order (as `pickPeaks`
 * returns them).
 *
 * @example
 * const pairs = pairPeaks(peaks, LANDMARK_CONFIGS.pairs_v1.pairs, "reference");
 */
export function pairPeaks(peaks: Peaks, config: PairConfig, role: LandmarkRole): PeakPairs {
  const fanout = role === "query" ? config.queryFanout : config.fanout;
  const { frame, bin } = peaks;
  const n = peaks.count;
  const anchor = new Uint32Array(n * fanout);
  const target = new Uint32Array(n * fanout);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const t = frame[i]!;
    const f = bin[i]!;
    let made = 0;
    for (let j = i + 1; j < n && made < fanout; j++) {
      const dt = frame[j]! - t;
      if (dt > config.maxDt) break;
      if (dt < config.minDt) continue;
      const df = bin[j]! - f;
      if (df > config.maxDf || df < -config.maxDf) continue;
      anchor[count] = i;
      target[count] = j;
      count++;
      made++;
    }
  }
  return { count, anchor: anchor.subarray(0, count), target: target.subarray(0, count) };
}
