import type { ProvenanceView, ReadModel } from "./read-model-port.js";

/** Provenance answers kept at most (a few KiB each). */
export const PROVENANCE_CACHE_ENTRIES = 10_000;

/**
 * The read model with provenance answered from memory while nothing was written since it was read. Provenance is the
 * read platforms and pages repeat most; with the embedded store every read is a wasm Postgres query on the event loop
 * (half of the CPU of a provenance request), and the answer only changes when this process writes (the indexer, the
 * pipeline). `writeGeneration` says when it may have: a changed number drops every entry. It is null where other
 * processes write too (a Postgres server): then nothing is cached.
 *
 * Concurrent reads of one sha256 share one query. Answers are shared between requests: resolvers must not mutate them.
 *
 * @example
 * const readModel = withProvenanceCache(adaptReadModel(createReadModel(store), store), () => store.writeGeneration);
 */
export function withProvenanceCache(
  model: ReadModel,
  writeGeneration: () => number | null,
  capacity: number = PROVENANCE_CACHE_ENTRIES,
): ReadModel {
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  const entries = new Map<string, Promise<ProvenanceView | null>>();
  let cachedAt: number | null = null;
  const getProvenance = (sha256: string): Promise<ProvenanceView | null> => {
    const generation = writeGeneration();
    if (generation === null) return model.getProvenance(sha256);
    if (generation !== cachedAt) {
      entries.clear();
      cachedAt = generation;
    }
    const hit = entries.get(sha256);
    if (hit) {
      // most recently used last, so the oldest is evicted first
      entries.delete(sha256);
      entries.set(sha256, hit);
      return hit;
    }
    const read = model.getProvenance(sha256);
    entries.set(sha256, read);
    if (entries.size > capacity) entries.delete(entries.keys().next().value!);
    // A failed read is not an answer: the next request asks the store again.
    read.catch(() => {
      if (entries.get(sha256) === read) entries.delete(sha256);
    });
    return read;
  };
  return { ...model, getProvenance };
}
