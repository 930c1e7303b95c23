import type { Landmarks } from "../fingerprint/landmarks/landmarks.js";
import { alignScaled, alignUnscaled, AlignScratch, type Alignment, type Matches } from "./align.js";
import type { ConfigIndex } from "./config-index.js";
import type { PostingTable } from "./posting-table.js";
import { log10ChanceOfBestBin } from "./significance.js";
import { BLOCK_BITS } from "./timeline.js";

/** One track's best alignment with a query under one configuration. */
export interface SearchCandidate {
  track: number;
  config: string;
  /** Aligned hashes. */
  count: number;
  /** All hash hits on the track. */
  hits: number;
  alignment: Alignment;
  /** log10 of the chance that an unrelated query aligns as many hashes on some indexed track. */
  log10p: number;
}

export interface SearchOptions {
  /** Tracks (by raw hit count) aligned in detail. */
  candidates: number;
  /** Alignment tolerance in frames. */
  tolerance: number;
  /** Half-width in frames of the neighbourhood of an alignment that measures the local chance level. */
  background: number;
  /**
   * Postings read at most per query: the query's most specific hashes (shortest posting lists) are used first, so
   * the cost stays bounded as the index grows and common hashes, which mostly add chance hits, are the ones left out.
   */
  postingBudget: number;
  /** Speeds searched by scaled (triplet) alignment. */
  minScale: number;
  maxScale: number;
}

export interface SearchResult {
  candidates: SearchCandidate[];
  /** Distinct live tracks with at least one hit (the multiple-comparison count). */
  tracksHit: number;
}

/**
 * Query execution over one configuration's postings, with scratch arrays reused across queries:
 * 1. every query hash's postings vote for their track (one array read maps a posting to its track);
 * 2. the `candidates` tracks with the most votes beyond their size's share get their matches gathered (a counting sort by track);
 * 3. each is aligned (offset histogram, or offset and speed for triplets) and its aligned count is compared with
 *    chance: the track's hits spread over its length give a Poisson mean per alignment bin (see significance.ts).
 */
export class Searcher {
  #counts = new Uint32Array(1024);
  #slot = new Int32Array(1024).fill(-1);
  #touched = new Int32Array(1024);
  #queryTime = new Int32Array(4096);
  #refTime = new Int32Array(4096);
  #queryExtra = new Uint16Array(4096);
  #refExtra = new Uint16Array(4096);
  #hash = new Uint32Array(4096);
  #align = new AlignScratch();

  search(query: Landmarks, index: ConfigIndex, trackCount: number, options: SearchOptions): SearchResult {
    this.#reserveTracks(trackCount);
    const counts = this.#counts;
    const touched = this.#touched;
    const tables = index.tables();
    const blockTrack = index.timeline.blockTrack;
    const alive = index.timeline.aliveBlocks;
    const hashes = query.hashes;
    const used = this.#selectHashes(query, tables, options.postingBudget);
    const q = used.length;

    // 1. Votes per track.
    let nTouched = 0;
    for (const table of tables) {
      const { starts, values } = table;
      for (let u = 0; u < q; u++) {
        const h = hashes[used[u]!]!;
        for (let p = starts[h]!, e = starts[h + 1]!; p < e; p++) {
          const block = values[p]! >>> BLOCK_BITS;
          if (alive[block] === 0) continue;
          const track = blockTrack[block]!;
          const seen = counts[track]!;
          counts[track] = seen + 1;
          if (seen === 0) touched[nTouched++] = track;
        }
      }
    }

    // 2. The tracks with the most hits beyond what their size predicts (a long track collects more chance hits):
    //    expected = track postings * all hits / all postings; score = (hits - expected) / sqrt(expected + 1).
    let allHits = 0;
    for (let i = 0; i < nTouched; i++) allHits += counts[touched[i]!]!;
    const perPosting = allHits / Math.max(1, index.livePostings);
    const k = Math.min(options.candidates, nTouched);
    const chosen = new Int32Array(k);
    const chosenScore = new Float64Array(k);
    let chosenCount = 0;
    for (let i = 0; i < nTouched; i++) {
      const track = touched[i]!;
      const expected = index.postingsOf(track) * perPosting;
      const score = (counts[track]! - expected) / Math.sqrt(expected + 1);
      if (k === 0 || (chosenCount === k && score <= chosenScore[k - 1]!)) continue;
      let at = chosenCount < k ? chosenCount++ : k - 1;
      while (at > 0 && chosenScore[at - 1]! < score) {
        chosen[at] = chosen[at - 1]!;
        chosenScore[at] = chosenScore[at - 1]!;
        at--;
      }
      chosen[at] = track;
      chosenScore[at] = score;
    }
    const start = new Int32Array(k + 1);
    for (let c = 0; c < k; c++) {
      this.#slot[chosen[c]!] = c;
      start[c + 1] = start[c]! + counts[chosen[c]!]!;
    }
    const total = start[k]!;
    this.#reserveMatches(total);
    const fill = start.slice(0, k);
    const qt = this.#queryTime;
    const rt = this.#refTime;
    const qx = this.#queryExtra;
    const rx = this.#refExtra;
    const mh = this.#hash;
    const queryTimes = query.times;
    const queryExtras = query.extras;
    const timeline = index.timeline;
    const bases = new Float64Array(k);
    for (let c = 0; c < k; c++) bases[c] = timeline.base(chosen[c]!);
    for (const table of tables) {
      const { starts, values, extras } = table;
      for (let u = 0; u < q; u++) {
        const i = used[u]!;
        const h = hashes[i]!;
        for (let p = starts[h]!, e = starts[h + 1]!; p < e; p++) {
          const v = values[p]!;
          const block = v >>> BLOCK_BITS;
          if (alive[block] === 0) continue;
          const c = this.#slot[blockTrack[block]!]!;
          if (c < 0) continue;
          const at = fill[c]!++;
          qt[at] = queryTimes[i]!;
          mh[at] = h;
          rt[at] = v - bases[c]!;
          qx[at] = queryExtras ? queryExtras[i]! : 0;
          rx[at] = extras ? extras[p]! : 0;
        }
      }
    }

    // 3. Alignment and significance.
    const candidates: SearchCandidate[] = [];
    const scaled = index.config.kind === "triplets";
    const queryFrames = Math.max(1, query.frames);
    const band = 2 * options.tolerance + 1;
    // Distinguishable speeds: a change that moves the query's ends by one band.
    const speeds = scaled ? Math.max(1, Math.log(options.maxScale / options.minScale) / (band / queryFrames)) : 1;
    for (let c = 0; c < k; c++) {
      const track = chosen[c]!;
      const from = start[c]!;
      const n = start[c + 1]! - from;
      const matches: Matches = {
        n,
        queryTime: qt.subarray(from, from + n),
        refTime: rt.subarray(from, from + n),
        queryExtra: qx.subarray(from, from + n),
        refExtra: rx.subarray(from, from + n),
        hash: mh.subarray(from, from + n),
      };
      const alignment = scaled
        ? alignScaled(
            matches,
            {
              minScale: options.minScale,
              maxScale: options.maxScale,
              tolerance: options.tolerance,
              background: options.background,
              pivot: queryFrames / 2,
            },
            this.#align,
          )
        : alignUnscaled(matches, options.tolerance, options.background, this.#align);
      const span = timeline.frames(track) + queryFrames;
      // Chance level per band: hits spread over the whole track, or the density just around the alignment when
      // that is higher (music repeats: sustained chords and riffs crowd some offsets).
      const local = (alignment.nearby * band) / Math.max(band, 2 * options.background + 1 - band);
      const lambda = Math.max((n * band) / span, local);
      const hypotheses = (span / band) * speeds * nTouched;
      candidates.push({
        track,
        config: index.config.name,
        count: alignment.count,
        hits: n,
        alignment,
        // Evidence: aligned hashes with distinct values at distinct query times, so that one repeated pattern or one
        // anchor's fan-out does not count many times.
        log10p: log10ChanceOfBestBin(Math.min(alignment.distinct, alignment.anchors), lambda, hypotheses),
      });
    }

    for (let i = 0; i < nTouched; i++) {
      counts[touched[i]!] = 0;
      this.#slot[touched[i]!] = -1;
    }
    candidates.sort((a, b) => a.log10p - b.log10p || b.count - a.count);
    return { candidates, tracksHit: nTouched };
  }

  /** Indexes of the query hashes to look up: shortest posting lists first, within `budget` postings in all. */
  #selectHashes(query: Landmarks, tables: PostingTable[], budget: number): Int32Array {
    const n = query.count;
    const keys = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const h = query.hashes[i]!;
      let length = 0;
      for (const t of tables) length += t.starts[h + 1]! - t.starts[h]!;
      total += length;
      keys[i] = length * 65_536 + i;
    }
    if (total <= budget) return Int32Array.from({ length: n }, (_, i) => i);
    keys.sort();
    const out = new Int32Array(n);
    let k = 0;
    let spent = 0;
    for (; k < n; k++) {
      const length = Math.floor(keys[k]! / 65_536);
      if (spent + length > budget) break;
      spent += length;
      out[k] = keys[k]! - length * 65_536;
    }
    return out.subarray(0, k);
  }

  #reserveTracks(n: number): void {
    if (n <= this.#counts.length) return;
    let size = this.#counts.length;
    while (size < n) size *= 2;
    this.#counts = new Uint32Array(size);
    this.#slot = new Int32Array(size).fill(-1);
    this.#touched = new Int32Array(size);
  }

  #reserveMatches(n: number): void {
    if (n <= this.#queryTime.length) return;
    let size = this.#queryTime.length;
    while (size < n) size *= 2;
    this.#queryTime = new Int32Array(size);
    this.#refTime = new Int32Array(size);
    this.#queryExtra = new Uint16Array(size);
    this.#refExtra = new Uint16Array(size);
    this.#hash = new Uint32Array(size);
  }
}
