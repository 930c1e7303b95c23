import { IndexFullError } from "../errors/index-error.js";

/** Frames per block of the time line: 2^BLOCK_BITS. */
export const BLOCK_BITS = 8;
const MAX_BLOCKS = 2 ** (32 - BLOCK_BITS);

/**
 * The in-memory time line of one configuration: every track gets a run of whole blocks, so a posting stores a single
 * uint32 (the track's base + the frame) and `trackAt(value)` is one array read. Bases are assigned at load and on add;
 * the files keep track-relative frames, so the time line is rebuilt, packed, at every open.
 */
export class Timeline {
  readonly config: string;
  #blockTrack = new Int32Array(1024).fill(-1);
  #alive = new Uint8Array(1024);
  #base = new Float64Array(64);
  #blocks = new Uint32Array(64);
  #frames = new Uint32Array(64);
  #nextBlock = 0;

  constructor(config: string) {
    this.config = config;
  }

  /** Reserves blocks for `frames` frames of `track` and returns its base value. */
  allocate(track: number, frames: number): number {
    const blocks = Math.max(1, Math.ceil(frames / 2 ** BLOCK_BITS));
    if (this.#nextBlock + blocks > MAX_BLOCKS) throw new IndexFullError(this.config);
    const first = this.#nextBlock;
    this.#nextBlock += blocks;
    this.#ensureBlocks(this.#nextBlock);
    this.#ensureTracks(track + 1);
    this.#blockTrack.fill(track, first, first + blocks);
    this.#alive.fill(1, first, first + blocks);
    this.#base[track] = first * 2 ** BLOCK_BITS;
    this.#blocks[track] = blocks;
    this.#frames[track] = frames;
    return first * 2 ** BLOCK_BITS;
  }

  /** Marks a track's blocks dead: its postings stop counting and the next rebuild drops them. */
  kill(track: number): void {
    const first = this.#base[track]! / 2 ** BLOCK_BITS;
    this.#alive.fill(0, first, first + this.#blocks[track]!);
  }

  base(track: number): number {
    return this.#base[track]!;
  }

  /** The track's length in frames. */
  frames(track: number): number {
    return this.#frames[track]!;
  }

  /** Block -> track index (-1: none), for `value >>> BLOCK_BITS`. */
  get blockTrack(): Int32Array {
    return this.#blockTrack;
  }

  /** Block -> 1 when its track is live. */
  get aliveBlocks(): Uint8Array {
    return this.#alive;
  }

  #ensureBlocks(n: number): void {
    if (n <= this.#blockTrack.length) return;
    let size = this.#blockTrack.length;
    while (size < n) size *= 2;
    const t = new Int32Array(size).fill(-1);
    t.set(this.#blockTrack);
    this.#blockTrack = t;
    const a = new Uint8Array(size);
    a.set(this.#alive);
    this.#alive = a;
  }

  #ensureTracks(n: number): void {
    if (n <= this.#base.length) return;
    let size = this.#base.length;
    while (size < n) size *= 2;
    const b = new Float64Array(size);
    b.set(this.#base);
    this.#base = b;
    const k = new Uint32Array(size);
    k.set(this.#blocks);
    this.#blocks = k;
    const f = new Uint32Array(size);
    f.set(this.#frames);
    this.#frames = f;
  }
}
