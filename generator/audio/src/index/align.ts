/**
 * Time alignment of one candidate track's hash matches: which offset (and, for triplets, which speed) makes the most
 * matched landmarks coincide. Inputs are parallel arrays of the matches' query frame, reference frame and extras.
 */

/** The matches of one candidate, as views of the search's scratch arrays. */
export interface Matches {
  n: number;
  queryTime: Int32Array;
  refTime: Int32Array;
  queryExtra: Uint16Array;
  refExtra: Uint16Array;
  /** The query hash of each match. */
  hash: Uint32Array;
}

export interface Alignment {
  /** Matches within `tolerance` frames of the line refTime = offset + scale * queryTime. */
  count: number;
  /** Distinct hash values among them: repeated patterns (a bass note on every beat) count once. */
  distinct: number;
  /** Distinct query anchor frames among them. */
  anchors: number;
  /** Matches off the line by more than `tolerance` but at most `background` frames: the local chance level. */
  nearby: number;
  /** Reference frame at query frame 0. */
  offset: number;
  /** Reference frames per query frame: 1.03 when the query plays 3% fast. */
  scale: number;
  /** First and last query frames of the aligned matches. */
  first: number;
  last: number;
  /** Median (query - reference) anchor log position of the aligned matches, in half bins (triplets only). */
  pitchHalfBins: number;
}

/** Reusable sort buffers. */
export class AlignScratch {
  values = new Float64Array(4096);
  index = new Int32Array(4096);
  hashes = new Uint32Array(4096);
  times = new Int32Array(4096);

  reserve(n: number): void {
    if (n <= this.values.length) return;
    let size = this.values.length;
    while (size < n) size *= 2;
    this.values = new Float64Array(size);
    this.index = new Int32Array(size);
    this.hashes = new Uint32Array(size);
    this.times = new Int32Array(size);
  }
}

/** Number of distinct values in a[0..n) (sorts it). */
function distinctCount(a: Uint32Array | Int32Array, n: number): number {
  if (n === 0) return 0;
  const sorted = a.subarray(0, n).sort();
  let k = 1;
  for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) k++;
  return k;
}

/** The densest window [v, v + width] of sorted values[0..n): its count and its median. */
function densest(values: Float64Array, n: number, width: number): { count: number; centre: number } {
  let best = 0;
  let bestLo = 0;
  for (let i = 0, j = 0; i < n; i++) {
    while (values[i]! - values[j]! > width) j++;
    if (i - j + 1 > best) {
      best = i - j + 1;
      bestLo = j;
    }
  }
  return { count: best, centre: n > 0 ? values[bestLo + (best >> 1)]! : 0 };
}

/** Inliers of the line refTime = offset + scale * (queryTime - pivot), with their span; optionally refits the line. */
function collect(
  m: Matches,
  offset: number,
  scale: number,
  pivot: number,
  tolerance: number,
  background: number,
  refit: boolean,
  scratch: AlignScratch,
): Alignment {
  let count = 0;
  let nearby = 0;
  let first = Infinity;
  let last = -Infinity;
  let sq = 0;
  let sr = 0;
  let sqq = 0;
  let sqr = 0;
  for (let i = 0; i < m.n; i++) {
    const q = m.queryTime[i]! - pivot;
    const r = m.refTime[i]!;
    const residual = Math.abs(r - offset - scale * q);
    if (residual > tolerance) {
      if (residual <= background) nearby++;
      continue;
    }
    scratch.hashes[count] = m.hash[i]!;
    scratch.times[count] = m.queryTime[i]!;
    count++;
    const t = m.queryTime[i]!;
    if (t < first) first = t;
    if (t > last) last = t;
    sq += q;
    sr += r;
    sqq += q * q;
    sqr += q * r;
  }
  if (refit && count >= 8) {
    const varQ = sqq - (sq * sq) / count;
    // Refit only when the inliers span enough of the query to pin the slope down.
    if (varQ > count * 25) {
      const b = (sqr - (sq * sr) / count) / varQ;
      if (b > scale * 0.98 && b < scale * 1.02) {
        const a = (sr - b * sq) / count;
        return collect(m, a, b, pivot, tolerance, background, false, scratch);
      }
    }
  }
  return {
    count,
    distinct: distinctCount(scratch.hashes, count),
    anchors: distinctCount(scratch.times, count),
    nearby,
    offset: offset - scale * pivot,
    scale,
    first,
    last,
    pitchHalfBins: 0,
  };
}

/**
 * Alignment at unit speed (pairs): the densest window of (refTime - queryTime) of width 2 * tolerance frames.
 *
 * @example
 * const a = alignUnscaled(matches, 1, scratch); // a.offset: reference frame where the query starts
 */
export function alignUnscaled(m: Matches, tolerance: number, background: number, scratch: AlignScratch): Alignment {
  scratch.reserve(m.n);
  const d = scratch.values;
  for (let i = 0; i < m.n; i++) d[i] = m.refTime[i]! - m.queryTime[i]!;
  const sorted = d.subarray(0, m.n).sort();
  const { centre } = densest(sorted, m.n, 2 * tolerance);
  return collect(m, centre, 1, 0, tolerance, background, false, scratch);
}

export interface ScaledAlignmentOptions {
  /** Range of speeds (reference frames per query frame) searched. */
  minScale: number;
  maxScale: number;
  tolerance: number;
  /** Half-width (frames) of the neighbourhood of the line whose matches measure the local chance level. */
  background: number;
  /** Query frame about which the speed pivots (the query's centre keeps drift from a speed error small). */
  pivot: number;
}

/**
 * Alignment under an unknown speed (triplets). Each match estimates the speed from the ratio of the triplet spans
 * (reference / query); that estimate projects it to the reference time of the query's pivot, and the densest window
 * of those projections picks the cluster. Within it a coarse-to-fine search over speeds (1%, then 0.1% steps) finds
 * the line with the most matches within `tolerance`, refined by least squares. The median anchor-frequency
 * difference of the aligned matches gives the pitch shift.
 */
export function alignScaled(m: Matches, options: ScaledAlignmentOptions, scratch: AlignScratch): Alignment {
  const { minScale, maxScale, tolerance, background, pivot } = options;
  scratch.reserve(m.n);
  const proj = scratch.values;
  let k = 0;
  for (let i = 0; i < m.n; i++) {
    const s = (m.refExtra[i]! & 0x7f) / (m.queryExtra[i]! & 0x7f);
    if (s < minScale * 0.85 || s > maxScale * 1.15) continue;
    proj[k++] = m.refTime[i]! - s * (m.queryTime[i]! - pivot);
  }
  const empty: Alignment = { count: 0, distinct: 0, anchors: 0, nearby: 0, offset: 0, scale: 1, first: 0, last: 0, pitchHalfBins: 0 };
  if (k === 0) return empty;
  const sorted = proj.subarray(0, k).sort();
  // Projection error: a span ratio is good to a few percent, times up to half the query's length.
  const halfQuery = Math.max(pivot, 1);
  const window = 2 * tolerance + 0.06 * halfQuery;
  const { centre } = densest(sorted, k, window);

  // The cluster: matches whose projection at the extreme speeds can reach the window.
  const index = scratch.index;
  let c = 0;
  const reach = window + 0.5 * tolerance;
  for (let i = 0; i < m.n; i++) {
    const s = (m.refExtra[i]! & 0x7f) / (m.queryExtra[i]! & 0x7f);
    if (s < minScale * 0.85 || s > maxScale * 1.15) continue;
    const p = m.refTime[i]! - s * (m.queryTime[i]! - pivot);
    if (Math.abs(p - centre) <= reach) index[c++] = i;
  }

  const offsets = scratch.values;
  const bestAt = (scale: number): { count: number; centre: number } => {
    for (let j = 0; j < c; j++) {
      const i = index[j]!;
      offsets[j] = m.refTime[i]! - scale * (m.queryTime[i]! - pivot);
    }
    return densest(offsets.subarray(0, c).sort(), c, 2 * tolerance);
  };
  let best = { count: -1, centre: 0 };
  let bestScale = 1;
  const search = (from: number, to: number, step: number) => {
    for (let s = from; s <= to + 1e-12; s += step) {
      const r = bestAt(s);
      if (r.count > best.count || (r.count === best.count && Math.abs(s - 1) < Math.abs(bestScale - 1))) {
        best = r;
        bestScale = s;
      }
    }
  };
  search(minScale, maxScale, 0.01);
  const coarse = bestScale;
  search(Math.max(minScale, coarse - 0.01), Math.min(maxScale, coarse + 0.01), 0.001);

  const alignment = collect(m, best.centre, bestScale, pivot, tolerance, background, true, scratch);
  // Pitch: median of the anchor-position differences of the aligned matches.
  const line = alignment;
  let p = 0;
  for (let i = 0; i < m.n; i++) {
    const r = m.refTime[i]!;
    if (Math.abs(r - line.offset - line.scale * m.queryTime[i]!) > tolerance) continue;
    offsets[p++] = (m.queryExtra[i]! >>> 7) - (m.refExtra[i]! >>> 7);
  }
  if (p > 0) alignment.pitchHalfBins = offsets.subarray(0, p).sort()[p >> 1]!;
  return alignment;
}
