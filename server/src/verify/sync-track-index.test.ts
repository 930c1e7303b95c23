import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsBlockstore } from "blockstore-fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAudio } from "../../../generator/audio/src/decode/index.js";
import { encodeWav } from "../../../generator/audio/src/encode/wav-writer.js";
import { SoundmarkIndex } from "../../../generator/audio/src/index/index.js";
import { syntheticMusic } from "../../../generator/audio/src/testing/synthetic-music.js";
import { blockstoreBlocks } from "../http/routes/ipfs-gateway-routes.js";
import { openIpfs, rawCidFromDigest, type IpfsStore } from "../ipfs/index.js";
import { MANIFEST_SCHEMA, type Manifest } from "../pipeline/manifest.js";
import { syncTrackIndex } from "./sync-track-index.js";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const manifestOf = (sha256: string, cid: string, sizeBytes: number): Manifest => ({
  schema: MANIFEST_SCHEMA,
  kind: "original",
  file: { sha256, sizeBytes, format: "wav", cid },
  audio: { pcmSha256: "00".repeat(32), sampleRate: 16_000, channels: 1, durationSeconds: 8 },
  fingerprints: { chromaprint: { algorithm: 2, fingerprint: "" }, landmarks: { configs: [] } },
  watermark: null,
  generator: null,
  licence: null,
  parents: [],
  timestamps: { submittedAt: "2026-11-24T00:00:00.000Z" },
});

describe("syncTrackIndex (Helia blocks on disk, a real landmark index)", () => {
  let dir: string;
  let ipfs: IpfsStore;
  let blocks: FsBlockstore;
  let index: SoundmarkIndex;
  const song = encodeWav(syntheticMusic({ seed: 61, durationSeconds: 8, sampleRate: 16_000 }), "s16");
  const other = encodeWav(syntheticMusic({ seed: 62, durationSeconds: 8, sampleRate: 16_000 }), "s16");
  let songCid: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "soundmark-verify-index-"));
    ipfs = await openIpfs({ dataDir: dir });
    songCid = await ipfs.addBytes(song);
    blocks = new FsBlockstore(join(dir, "ipfs", "blocks"));
    await blocks.open();
    index = SoundmarkIndex.open(join(dir, "index"));
  });

  afterAll(async () => {
    index?.close();
    await blocks?.close();
    await ipfs?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("indexes verified audio only, drops tracks no longer registered, and keeps what it indexed", async () => {
    index.add("f".repeat(64), await decodeAudio(other));
    const absent = rawCidFromDigest(`0x${sha(new TextEncoder().encode("never stored"))}`).toString();
    const tracks = [
      { sha256: sha(song), manifest: manifestOf(sha(song), songCid, song.length) },
      // a manifest naming someone else's audio for its content hash
      { sha256: sha(other), manifest: manifestOf(sha(other), songCid, song.length) },
      { sha256: "a".repeat(64), manifest: manifestOf("a".repeat(64), absent, 100) },
      { sha256: "b".repeat(64), manifest: manifestOf("b".repeat(64), songCid, 300 * 1024 * 1024) },
      { sha256: "c".repeat(64), manifest: manifestOf("c".repeat(64), "not a cid", 100) },
    ];
    const first = await syncTrackIndex({ index, tracks, getBlock: blockstoreBlocks(blocks) });
    expect(first.added).toBe(1);
    expect(first.removed).toBe(1);
    expect(index.list().map((t) => t.id)).toEqual([sha(song)]);
    expect(Object.fromEntries(first.skipped.map((s) => [s.sha256, s.reason]))).toEqual({
      [sha(other)]: expect.stringMatching(new RegExp(`holds other content \\(sha256 ${sha(song)}\\)`)),
      ["a".repeat(64)]: expect.stringMatching(/is not in the IPFS store/),
      ["b".repeat(64)]: expect.stringMatching(/over the 209715200-byte cap/),
      ["c".repeat(64)]: expect.stringMatching(/not a CID/),
    });
    const again = await syncTrackIndex({ index, tracks: tracks.slice(0, 1), getBlock: blockstoreBlocks(blocks) });
    expect(again).toEqual({ added: 0, removed: 0, skipped: [] });
  });
});
