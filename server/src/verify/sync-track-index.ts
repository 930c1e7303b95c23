import { createHash } from "node:crypto";
import { decodeAudio } from "../../../generator/audio/src/decode/index.js";
import type { SoundmarkIndex } from "../../../generator/audio/src/index/index.js";
import { BaseError } from "../errors/base.js";
import { parseCid } from "../ipfs/parse-cid.js";
import { readVerified, type GetBlock } from "../ipfs/read-verified.js";
import type { Manifest } from "../pipeline/manifest.js";

export interface IndexableTrack {
  /** The registered content hash: 64 hex digits, no 0x (the index id, as the server's index uses). */
  sha256: string;
  manifest: Manifest;
}

export interface SyncTrackIndexParameters {
  index: SoundmarkIndex;
  /** Every registered track whose manifest was verified. */
  tracks: readonly IndexableTrack[];
  getBlock: GetBlock;
  /** Largest audio file fetched (200 MiB: the server's upload cap). */
  maxAudioBytes?: number;
  onProgress?: (line: string) => void;
}

export interface SyncTrackIndexReturnType {
  added: number;
  removed: number;
  /** Tracks left out of the index, and why (audio unavailable, too large, not the registered content). */
  skipped: { sha256: string; reason: string }[];
}

/**
 * Brings the local fingerprint index to exactly the registered tracks: drops entries no longer registered (a reset
 * chain reuses addresses), fetches the audio of new ones by the CID their manifest names, verified block by block,
 * and indexes it only when the bytes hash to the registered content hash, so a manifest cannot point at other audio.
 */
export async function syncTrackIndex({ index, tracks, getBlock, maxAudioBytes = 200 * 1024 * 1024, onProgress = () => {} }: SyncTrackIndexParameters): Promise<SyncTrackIndexReturnType> {
  const wanted = new Set(tracks.map((t) => t.sha256));
  let removed = 0;
  for (const { id } of index.list()) if (!wanted.has(id) && index.remove(id)) removed++;
  const skipped: SyncTrackIndexReturnType["skipped"] = [];
  const missing = tracks.filter((t) => !index.has(t.sha256));
  let added = 0;
  for (const [i, { sha256, manifest }] of missing.entries()) {
    onProgress(`fetching and indexing track ${i + 1}/${missing.length}: ${sha256}`);
    if (manifest.file.sizeBytes > maxAudioBytes) {
      skipped.push({ sha256, reason: `its audio is ${manifest.file.sizeBytes} bytes, over the ${maxAudioBytes}-byte cap` });
      continue;
    }
    try {
      const bytes = await readVerified(parseCid(manifest.file.cid), getBlock, { maxBytes: manifest.file.sizeBytes });
      const actual = createHash("sha256").update(bytes).digest("hex");
      if (actual !== sha256) {
        skipped.push({ sha256, reason: `the audio CID its manifest names holds other content (sha256 ${actual})` });
        continue;
      }
      index.add(sha256, await decodeAudio(bytes));
      added++;
    } catch (error) {
      // IPFS (unavailable, not found, integrity, too large) and decoding errors: this track only, the rest still counts.
      if (!(error instanceof BaseError)) throw error;
      skipped.push({ sha256, reason: error.shortMessage });
    }
  }
  return { added, removed, skipped };
}
