import type { PeakConfig } from "./landmark-config.js";
import type { Spectrogram } from "./spectrogram.js";

/** Which side of a search a fingerprint is made for: queries may use denser peaks and more combinations. */
export type LandmarkRole = "reference" | "query";

/** Spectral peaks in time order (then by bin), as parallel typed arrays of length `count`. */
export interface Peaks {
  count: number;
  /** Frame index. */
  frame: Uint32Array;
  /** Frame index refined by a parabola through the level in the previous, this and the next frame. */
  time: Float32Array;
  /** Bin index. */
  bin: Uint16Array;
  /** Bin index refined by a parabola through the neighbouring bins' levels. */
  position: Float32Array;
  /** Level in dB. */
  level: Float32Array;
}

/** Cells at or below this level (dB, 10 dB above the spectrogram's power floor) are never peaks: digital silence. */
const SILENCE_DB = -90;

/** Vertex of the parabola through (-1, a), (0, b), (1, c), clamped to [-0.5, 0.5]; 0 when b is not a maximum. */
function parabolicOffset(a: number, b: number, c: number): number {
  const d = a - 2 * b + c;
  if (!(d < 0)) return 0;
  const x = (0.5 * (a - c)) / d;
  return x > 0.5 ? 0.5 : x < -0.5 ? -0.5 : x;
}

/**
 * Peaks of a log spectrogram: cells that are the largest within +-radiusBins x +-radiusFrames (earlier cells of a
 * plateau win), no more than `floorDb` below the loudest cell and above -90 dB (digital silence), thinned to the role's density: a peak survives when
 * fewer than `rate * densityWindowSeconds` candidates of the window centred on it are louder. The window slides with
 * the peak, so picking does not depend on where the excerpt starts, and reference peaks are a subset of query peaks.
 *
 * @example
 * const peaks = pickPeaks(logSpectrogram(mono, cfg.spectrogram), cfg.peaks, "reference");
 */
export function pickPeaks(spec: Spectrogram, config: PeakConfig, role: LandmarkRole): Peaks {
  const { frames, bins, data } = spec;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) if (data[i]! > max) max = data[i]!;
  const floor = Math.max(max - config.floorDb, SILENCE_DB);
  const rb = config.radiusBins;
  const rt = config.radiusFrames;

  // Candidates: 2-D local maxima. Most cells fail against an adjacent bin, so the full window is rarely scanned.
  let capacity = 1024;
  let cFrame = new Uint32Array(capacity);
  let cBin = new Uint16Array(capacity);
  let count = 0;
  for (let t = 0; t < frames; t++) {
    const row = t * bins;
    const t0 = t - rt < 0 ? 0 : t - rt;
    const t1 = t + rt >= frames ? frames - 1 : t + rt;
    for (let b = 0; b < bins; b++) {
      const v = data[row + b]!;
      if (v <= floor) continue;
      if (b > 0 && data[row + b - 1]! >= v) continue;
      if (b + 1 < bins && data[row + b + 1]! > v) continue;
      const b0 = b - rb < 0 ? 0 : b - rb;
      const b1 = b + rb >= bins ? bins - 1 : b + rb;
      let peak = true;
      for (let u = t0; u <= t1 && peak; u++) {
        const r = u * bins;
        for (let k = b0; k <= b1; k++) {
          const w = data[r + k]!;
          // Strictly greater than earlier cells (raster order), at least as large as later ones.
          if (w > v || (w === v && (u < t || (u === t && k < b)))) {
            peak = false;
            break;
          }
        }
      }
      if (!peak) continue;
      if (count === capacity) {
        capacity *= 2;
        const f = new Uint32Array(capacity);
        f.set(cFrame);
        cFrame = f;
        const g = new Uint16Array(capacity);
        g.set(cBin);
        cBin = g;
      }
      cFrame[count] = t;
      cBin[count] = b;
      count++;
    }
  }

  // Density: keep a candidate when fewer than `quota` candidates within +-halfWindow frames are louder.
  const rate = role === "query" ? config.queryPeaksPerSecond : config.peaksPerSecond;
  const quota = Math.max(1, Math.round(rate * config.densityWindowSeconds));
  const halfWindow = (config.densityWindowSeconds * spec.frameRate) / 2;
  const level = new Float32Array(count);
  for (let i = 0; i < count; i++) level[i] = data[cFrame[i]! * bins + cBin[i]!]!;
  const keep = new Uint8Array(count);
  let kept = 0;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < count; i++) {
    const t = cFrame[i]!;
    while (cFrame[lo]! + halfWindow < t) lo++;
    while (hi < count && cFrame[hi]! <= t + halfWindow) hi++;
    const v = level[i]!;
    let louder = 0;
    for (let j = lo; j < hi && louder < quota; j++) {
      const w = level[j]!;
      if (w > v || (w === v && j < i)) louder++;
    }
    if (louder < quota) {
      keep[i] = 1;
      kept++;
    }
  }

  const out: Peaks = {
    count: kept,
    frame: new Uint32Array(kept),
    time: new Float32Array(kept),
    bin: new Uint16Array(kept),
    position: new Float32Array(kept),
    level: new Float32Array(kept),
  };
  for (let i = 0, o = 0; i < count; i++) {
    if (keep[i] === 0) continue;
    const t = cFrame[i]!;
    const b = cBin[i]!;
    const c = t * bins + b;
    const v = data[c]!;
    out.frame[o] = t;
    out.bin[o] = b;
    out.level[o] = v;
    out.time[o] = t + (t > 0 && t + 1 < frames ? parabolicOffset(data[c - bins]!, v, data[c + bins]!) : 0);
    out.position[o] = b + (b > 0 && b + 1 < bins ? parabolicOffset(data[c - 1]!, v, data[c + 1]!) : 0);
    o++;
  }
  return out;
}
