/**
 * Hash -> postings tables in compressed-sparse-row form over a direct-addressed key space: `starts[h]` to
 * `starts[h + 1]` delimit the postings of hash h in `values` (and `extras`). Lookups are two array reads.
 */

/** Growable parallel arrays of (hash, value, extra) postings, appended per track. */
export class PostingBuffer {
  hashes: Uint32Array;
  values: Uint32Array;
  extras: Uint16Array | undefined;
  length = 0;

  constructor(withExtras: boolean, capacity = 1 << 16) {
    this.hashes = new Uint32Array(capacity);
    this.values = new Uint32Array(capacity);
    this.extras = withExtras ? new Uint16Array(capacity) : undefined;
  }

  /** Appends `count` postings, each value offset by `base`. */
  append(hashes: Uint32Array, times: Uint32Array, extras: Uint16Array | undefined, base: number): void {
    const n = hashes.length;
    this.#reserve(this.length + n);
    this.hashes.set(hashes, this.length);
    const v = this.values;
    for (let i = 0, o = this.length; i < n; i++, o++) v[o] = base + times[i]!;
    if (this.extras && extras) this.extras.set(extras, this.length);
    this.length += n;
  }

  clear(): void {
    this.length = 0;
  }

  #reserve(n: number): void {
    if (n <= this.hashes.length) return;
    let capacity = this.hashes.length;
    while (capacity < n) capacity *= 2;
    const h = new Uint32Array(capacity);
    h.set(this.hashes.subarray(0, this.length));
    this.hashes = h;
    const v = new Uint32Array(capacity);
    v.set(this.values.subarray(0, this.length));
    this.values = v;
    if (this.extras) {
      const e = new Uint16Array(capacity);
      e.set(this.extras.subarray(0, this.length));
      this.extras = e;
    }
  }
}

/** An immutable table of postings keyed by hashes below 2^hashBits. */
export class PostingTable {
  readonly hashBits: number;
  readonly starts: Uint32Array;
  readonly values: Uint32Array;
  readonly extras: Uint16Array | undefined;

  private constructor(hashBits: number, starts: Uint32Array, values: Uint32Array, extras: Uint16Array | undefined) {
    this.hashBits = hashBits;
    this.starts = starts;
    this.values = values;
    this.extras = extras;
  }

  get size(): number {
    return this.values.length;
  }

  static empty(hashBits: number, withExtras: boolean): PostingTable {
    return new PostingTable(
      hashBits,
      new Uint32Array((1 << hashBits) + 1),
      new Uint32Array(0),
      withExtras ? new Uint16Array(0) : undefined,
    );
  }

  /**
   * A table of the postings of `sources` (tables and buffers), by a counting sort on the hash: O(postings +
   * 2^hashBits), stable, so the postings of one hash stay in insertion order. With `alive`, a posting is kept only
   * when `alive[value >>> blockBits]` is non-zero (how removed tracks are dropped).
   */
  static build(
    hashBits: number,
    withExtras: boolean,
    sources: ReadonlyArray<PostingTable | PostingBuffer>,
    alive?: { blocks: Uint8Array; blockBits: number },
  ): PostingTable {
    const keys = 1 << hashBits;
    const mask = keys - 1;
    const counts = new Uint32Array(keys + 1);
    const live = alive?.blocks;
    const shift = alive?.blockBits ?? 0;
    let total = 0;
    for (const source of sources) {
      if (source instanceof PostingTable) {
        const { starts, values } = source;
        for (let h = 0; h < keys; h++) {
          const e = starts[h + 1]!;
          let n = 0;
          for (let p = starts[h]!; p < e; p++) if (!live || live[values[p]! >>> shift]) n++;
          counts[h + 1]! += n;
          total += n;
        }
      } else {
        const { hashes, values, length } = source;
        for (let p = 0; p < length; p++) {
          if (live && !live[values[p]! >>> shift]) continue;
          counts[(hashes[p]! & mask) + 1]!++;
          total++;
        }
      }
    }
    for (let h = 0; h < keys; h++) counts[h + 1]! += counts[h]!;
    const starts = counts.slice();
    const values = new Uint32Array(total);
    const extras = withExtras ? new Uint16Array(total) : undefined;
    for (const source of sources) {
      const sourceExtras = source.extras;
      if (source instanceof PostingTable) {
        const { starts: from, values: sourceValues } = source;
        for (let h = 0; h < keys; h++) {
          const e = from[h + 1]!;
          let at = counts[h]!;
          for (let p = from[h]!; p < e; p++) {
            const v = sourceValues[p]!;
            if (live && !live[v >>> shift]) continue;
            values[at] = v;
            if (extras && sourceExtras) extras[at] = sourceExtras[p]!;
            at++;
          }
          counts[h] = at;
        }
      } else {
        const { hashes, values: sourceValues, length } = source;
        for (let p = 0; p < length; p++) {
          const v = sourceValues[p]!;
          if (live && !live[v >>> shift]) continue;
          const at = counts[hashes[p]! & mask]!++;
          values[at] = v;
          if (extras && sourceExtras) extras[at] = sourceExtras[p]!;
        }
      }
    }
    return new PostingTable(hashBits, starts, values, extras);
  }
}
