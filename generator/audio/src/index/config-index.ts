import type { LandmarkConfig } from "../fingerprint/landmarks/landmark-config.js";
import { PostingBuffer, PostingTable } from "./posting-table.js";
import { BLOCK_BITS, Timeline } from "./timeline.js";
import type { TrackFingerprint } from "./track-record.js";

/**
 * The in-memory postings of one configuration, log-structured in two levels: a large immutable base table and the
 * postings added since (a growable buffer, sealed into a small table at the next query). When the recent postings
 * reach a quarter of the base (or at least 2^22), both merge into a new base, dropping removed tracks.
 */
export class ConfigIndex {
  readonly config: LandmarkConfig;
  readonly timeline: Timeline;
  readonly withExtras: boolean;
  readonly hashBits: number;
  #base: PostingTable;
  #pending: PostingBuffer;
  #recent: PostingTable | undefined;
  #dead = 0;
  #live = 0;
  #trackPostings = new Uint32Array(64);

  constructor(config: LandmarkConfig) {
    this.config = config;
    this.timeline = new Timeline(config.name);
    this.withExtras = config.kind === "triplets";
    this.hashBits = config.hashBits;
    this.#base = PostingTable.empty(this.hashBits, this.withExtras);
    this.#pending = new PostingBuffer(this.withExtras);
  }

  /** Postings held (removed tracks' included until the next merge). */
  get size(): number {
    return this.#base.size + this.#pending.length;
  }

  /** Postings of live tracks. */
  get livePostings(): number {
    return this.#live;
  }

  /** Postings of a track. */
  postingsOf(track: number): number {
    return this.#trackPostings[track] ?? 0;
  }

  add(track: number, fingerprint: TrackFingerprint): void {
    const base = this.timeline.allocate(track, fingerprint.frames);
    if (track >= this.#trackPostings.length) {
      const grown = new Uint32Array(Math.max(track + 1, 2 * this.#trackPostings.length));
      grown.set(this.#trackPostings);
      this.#trackPostings = grown;
    }
    this.#trackPostings[track] = fingerprint.hashes.length;
    this.#live += fingerprint.hashes.length;
    this.#pending.append(fingerprint.hashes, fingerprint.times, fingerprint.extras, base);
    this.#recent = undefined;
  }

  remove(track: number): void {
    this.timeline.kill(track);
    const postings = this.postingsOf(track);
    this.#dead += postings;
    this.#live -= postings;
  }

  /** The tables to search: the base and, when postings were added since the last merge, the recent ones. */
  tables(): PostingTable[] {
    if (this.#dead > Math.max(1 << 20, this.size / 2)) this.merge();
    if (this.#pending.length === 0) return [this.#base];
    if (this.#pending.length >= Math.max(1 << 22, this.#base.size / 4)) {
      this.merge();
      return [this.#base];
    }
    this.#recent ??= PostingTable.build(this.hashBits, this.withExtras, [this.#pending]);
    return [this.#base, this.#recent];
  }

  /** One table of every live posting. */
  merge(): void {
    const alive = { blocks: this.timeline.aliveBlocks, blockBits: BLOCK_BITS };
    this.#base = PostingTable.build(this.hashBits, this.withExtras, [this.#base, this.#pending], alive);
    this.#pending.clear();
    this.#recent = undefined;
    this.#dead = 0;
  }
}
