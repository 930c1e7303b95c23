import type { CID } from "multiformats/cid";
/** Content-addressed storage of audio files and manifests: an embedded Helia node or a Kubo node. */
export interface IpfsStore {
  readonly kind: "helia" | "kubo";
  /** Adds bytes (CIDv1, raw leaves, fixed chunker 256 KiB, balanced layout), pins them; returns the CID string. */
  addBytes(bytes: Uint8Array): Promise<string>;
  /** Same as addBytes, streaming the file from disk. */
  addFile(path: string): Promise<string>;
  /** Stores bytes as ONE raw block and pins it: the CID is the raw sha2-256 CIDv1 of the bytes (manifests). */
  addRawBlock(bytes: Uint8Array): Promise<string>;
  /** Reads the bytes back and verifies them by re-hashing against the CID (throws IpfsIntegrityError). */
  cat(cid: string, options?: { maxBytes?: number }): Promise<Uint8Array>;
  /** One block this node holds, verified against its CID (the trustless gateway serves these). */
  getBlock(cid: CID, options?: { signal?: AbortSignal }): Promise<Uint8Array>;
  /** Whether the content is pinned (kept through garbage collection). */
  isPinned(cid: string): Promise<boolean>;
  close(): Promise<void>;
}
