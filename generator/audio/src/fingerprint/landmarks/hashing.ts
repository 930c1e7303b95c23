import type { TripletConfig } from "./landmark-config.js";
import type { PeakPairs } from "./pairs.js";
import type { LandmarkRole, Peaks } from "./peaks.js";
import type { PeakTriplets } from "./triplets.js";

/**
 * Hashed landmarks as parallel arrays of length `count`: the uint32 hash, the anchor's frame and, for triplets, the
 * extra numbers a match needs to estimate speed and pitch (see `packTripletExtra`). A query may hold several hashes
 * (probes) for one landmark, all with its time and extra.
 */
export interface LandmarkHashes {
  count: number;
  hashes: Uint32Array;
  times: Uint32Array;
  extras: Uint16Array | undefined;
}

/** Pair hash: f1 (8 bits) | (f2 - f1) mod 64 (6 bits) | dt (6 bits). */
export function pairHash(f1: number, df: number, dt: number): number {
  return (((f1 & 0xff) << 12) | ((df & 0x3f) << 6) | (dt & 0x3f)) >>> 0;
}

/**
 * Hashes of peak pairs. Bins and frame differences are integers, so a pair hashes identically in any excerpt that
 * keeps both peaks.
 */
export function hashPairs(peaks: Peaks, pairs: PeakPairs): LandmarkHashes {
  const { count, anchor, target } = pairs;
  const hashes = new Uint32Array(count);
  const times = new Uint32Array(count);
  const { frame, bin } = peaks;
  for (let i = 0; i < count; i++) {
    const a = anchor[i]!;
    const b = target[i]!;
    hashes[i] = pairHash(bin[a]!, bin[b]! - bin[a]!, frame[b]! - frame[a]!);
    times[i] = frame[a]!;
  }
  return { count, hashes, times, extras: undefined };
}

/**
 * Triplet hash (22 bits): d1 = f2 - f1 and d2 = f3 - f1 cells (6 bits each) | time-ratio cell (3 bits) | loudness
 * order of the three peaks (3 bits) | log-span cell (4 bits).
 */
export function tripletHash(d1: number, d2: number, ratio: number, order: number, span: number): number {
  return (((d1 & 0x3f) << 16) | ((d2 & 0x3f) << 10) | ((ratio & 0x7) << 7) | ((order & 0x7) << 4) | (span & 0xf)) >>> 0;
}

/** Extra of a triplet posting: the anchor's log bin in half bins (9 bits) and the triplet's span in frames (7 bits). */
export function packTripletExtra(anchorPosition: number, spanFrames: number): number {
  const f = Math.max(0, Math.min(511, Math.round(anchorPosition * 2)));
  const s = Math.max(1, Math.min(127, Math.round(spanFrames)));
  return (f << 7) | s;
}

/** The anchor's log bin (half-bin resolution) of a triplet extra. */
export function tripletExtraPosition(extra: number): number {
  return (extra >>> 7) / 2;
}

/** The span (frames between anchor and third peak) of a triplet extra. */
export function tripletExtraSpan(extra: number): number {
  return extra & 0x7f;
}

/** Components of a triplet hash, in `tripletHash` argument order. */
const COMPONENTS = 5;

/** The triplet hash of the base cells with components `p` and `q` (-1: none) moved to their alternative cells. */
function probeHash(cell: Int32Array, alt: Int32Array, p: number, q: number): number {
  return tripletHash(
    p === 0 || q === 0 ? alt[0]! : cell[0]!,
    p === 1 || q === 1 ? alt[1]! : cell[1]!,
    p === 2 || q === 2 ? alt[2]! : cell[2]!,
    p === 3 || q === 3 ? alt[3]! : cell[3]!,
    p === 4 || q === 4 ? alt[4]! : cell[4]!,
  );
}

/**
 * Hashes of peak triplets, on quantities that a time scaling and (on log-frequency bins) a pitch shift leave alone:
 * the log-frequency differences of the targets to the anchor (in steps of `dfStep` bins), the ratio
 * (t2 - t1) / (t3 - t1) (in `ratioLevels` cells, from sub-frame peak times), the loudness order of the three peaks,
 * and, coarsely, the span t3 - t1 on a log scale (a speed change moves it by a fraction of a cell).
 *
 * A query also looks up neighbouring cells of the quantities closest to a cell boundary (multi-probing): each
 * quantity within `probeMargin` of a cell boundary (a level gap under 6 * probeMargin dB for the loudness order)
 * offers a flip, and the hashes are the base, the nearest flip, the second nearest and both, up to `maxProbes`.
 */
export function hashTriplets(
  peaks: Peaks,
  triplets: PeakTriplets,
  config: TripletConfig,
  role: LandmarkRole,
): LandmarkHashes {
  const maxProbes = role === "query" ? Math.max(1, Math.min(4, config.maxProbes)) : 1;
  const { count, first, second, third } = triplets;
  const capacity = count * maxProbes;
  const hashes = new Uint32Array(capacity);
  const times = new Uint32Array(capacity);
  const extras = new Uint16Array(capacity);
  const { frame, time, position, level } = peaks;
  const centre = Math.round(config.maxDf / config.dfStep);
  const levels = config.ratioLevels;
  const spanCells = config.spanLevelsPerOctave;
  const maxSpanCell = Math.min(15, Math.floor(Math.log2(config.maxDt / config.minDt) * spanCells + 1));
  const margin = config.probeMargin;
  // Per component: base cell, alternative cell, distance to the boundary (Infinity: no alternative).
  const cell = new Int32Array(COMPONENTS);
  const alt = new Int32Array(COMPONENTS);
  const dist = new Float64Array(COMPONENTS);
  let out = 0;
  for (let i = 0; i < count; i++) {
    const a = first[i]!;
    const b = second[i]!;
    const c = third[i]!;
    // Frequency differences: nearest cell; the boundary is half a step away from the centre of a cell.
    const x1 = (position[b]! - position[a]!) / config.dfStep + centre;
    const x2 = (position[c]! - position[a]!) / config.dfStep + centre;
    cell[0] = Math.round(x1);
    cell[1] = Math.round(x2);
    const f1 = x1 - cell[0]!;
    const f2 = x2 - cell[1]!;
    dist[0] = 0.5 - Math.abs(f1);
    alt[0] = cell[0]! + (f1 >= 0 ? 1 : -1);
    dist[1] = 0.5 - Math.abs(f2);
    alt[1] = cell[1]! + (f2 >= 0 ? 1 : -1);
    // Time ratio and log span: floor cells.
    const span = Math.max(time[c]! - time[a]!, 1e-3);
    const y = ((time[b]! - time[a]!) / span) * levels;
    const r = Math.min(levels - 1, Math.max(0, Math.floor(y)));
    cell[2] = r;
    const fr = y - r;
    dist[2] = fr < 0.5 ? fr : 1 - fr;
    alt[2] = fr < 0.5 ? r - 1 : r + 1;
    if (alt[2]! < 0 || alt[2]! >= levels) dist[2] = Infinity;
    const z = Math.log2(span / config.minDt) * spanCells;
    const sc = Math.min(maxSpanCell, Math.max(0, Math.floor(z)));
    cell[4] = sc;
    const fz = z - sc;
    dist[4] = fz < 0.5 ? fz : 1 - fz;
    alt[4] = fz < 0.5 ? sc - 1 : sc + 1;
    if (alt[4]! < 0 || alt[4]! > maxSpanCell) dist[4] = Infinity;
    // Loudness order: one bit per comparison; the closest pair (adjacent in rank) may swap.
    const la = level[a]!;
    const lb = level[b]!;
    const lc = level[c]!;
    cell[3] = (la > lb ? 1 : 0) | (lb > lc ? 2 : 0) | (la > lc ? 4 : 0);
    const gab = Math.abs(la - lb);
    const gbc = Math.abs(lb - lc);
    const gac = Math.abs(la - lc);
    if (gab <= gbc && gab <= gac) {
      dist[3] = gab / 6;
      alt[3] = cell[3]! ^ 1;
    } else if (gbc <= gac) {
      dist[3] = gbc / 6;
      alt[3] = cell[3]! ^ 2;
    } else {
      dist[3] = gac / 6;
      alt[3] = cell[3]! ^ 4;
    }

    const extra = packTripletExtra(position[a]!, span);
    const t = frame[a]!;
    hashes[out] = tripletHash(cell[0]!, cell[1]!, cell[2]!, cell[3]!, cell[4]!);
    times[out] = t;
    extras[out] = extra;
    out++;
    if (maxProbes === 1) continue;

    // The two nearest boundaries within the margin.
    let p = -1;
    let q = -1;
    for (let k = 0; k < COMPONENTS; k++) {
      if (!(dist[k]! < margin)) continue;
      if (p < 0 || dist[k]! < dist[p]!) {
        q = p;
        p = k;
      } else if (q < 0 || dist[k]! < dist[q]!) q = k;
    }
    if (p < 0) continue;
    // Probes in order: flip the nearest boundary, the second nearest, both.
    for (let k = 0; k < 3 && k + 1 < maxProbes; k++) {
      if (k > 0 && q < 0) break;
      hashes[out] = probeHash(cell, alt, k === 1 ? q : p, k === 2 ? q : -1);
      times[out] = t;
      extras[out] = extra;
      out++;
    }
  }
  return {
    count: out,
    hashes: hashes.subarray(0, out),
    times: times.subarray(0, out),
    extras: extras.subarray(0, out),
  };
}
