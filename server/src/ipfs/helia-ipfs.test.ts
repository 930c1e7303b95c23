import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsBlockstore } from "blockstore-fs";
import { exporter } from "ipfs-unixfs-exporter";
import { CID } from "multiformats/cid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHUNK_SIZE,
  InvalidCidError,
  IpfsIntegrityError,
  IpfsNotFoundError,
  IpfsTooLargeError,
  IpfsUnavailableError,
  openIpfs,
  rawCidFromDigest,
  type IpfsStore,
} from "./index.js";
import { kuboAddArguments, kuboRawBlockArguments } from "./import-settings.js";

const sha256Hex = (bytes: Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}` as const;

describe("openIpfs (embedded Helia on disk)", () => {
  let dataDir: string;
  let ipfs: IpfsStore;
  const small = new TextEncoder().encode("a small file under one chunk");
  const large = randomBytes(CHUNK_SIZE * 3 + 12_345);
  let smallCid: string;
  let largeCid: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "soundmark-ipfs-"));
    ipfs = await openIpfs({ dataDir });
    smallCid = await ipfs.addBytes(small);
    largeCid = await ipfs.addBytes(large);
  });
  afterAll(async () => {
    await ipfs.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("stores a one-chunk file as a raw CIDv1 block and a larger one as a dag-pb CIDv1", () => {
    expect(ipfs.kind).toBe("helia");
    expect(smallCid).toBe(rawCidFromDigest(sha256Hex(small)).toString());
    const parsed = CID.parse(largeCid);
    expect(parsed.version).toBe(1);
    expect(parsed.code).toBe(0x70); // dag-pb root over raw leaves
    expect(largeCid).toMatch(/^bafybei/);
  });

  it("reads both back byte for byte, and pins them", async () => {
    expect(await ipfs.cat(smallCid)).toEqual(new Uint8Array(small));
    expect(Buffer.from(await ipfs.cat(largeCid)).equals(large)).toBe(true);
    expect(await ipfs.isPinned(smallCid)).toBe(true);
    expect(await ipfs.isPinned(largeCid)).toBe(true);
  });

  it("gives a file streamed from disk the same CID as its bytes, and adding twice is idempotent", async () => {
    const path = join(dataDir, "large.bin");
    await writeFile(path, large);
    expect(await ipfs.addFile(path)).toBe(largeCid);
    expect(await ipfs.addBytes(large)).toBe(largeCid);
  });

  it("stores a manifest as one raw block whose CID is the raw CIDv1 of its sha256, even above the chunk size", async () => {
    const manifest = new TextEncoder().encode(JSON.stringify({ pad: "x".repeat(CHUNK_SIZE + 10) }));
    const cid = await ipfs.addRawBlock(manifest);
    expect(cid).toBe(rawCidFromDigest(sha256Hex(manifest)).toString());
    expect(await ipfs.cat(cid)).toEqual(manifest);
    expect(await ipfs.isPinned(cid)).toBe(true);
    await expect(ipfs.addRawBlock(new Uint8Array(1_048_577))).rejects.toThrow(IpfsTooLargeError);
  });

  it("refuses to read more than maxBytes, unknown content and strings that are not CIDs", async () => {
    await expect(ipfs.cat(largeCid, { maxBytes: CHUNK_SIZE })).rejects.toThrow(IpfsTooLargeError);
    const absent = rawCidFromDigest(sha256Hex(new TextEncoder().encode("never added"))).toString();
    await expect(ipfs.cat(absent)).rejects.toThrow(IpfsNotFoundError);
    await expect(ipfs.cat("not-a-cid")).rejects.toThrow(InvalidCidError);
  });

  it("keeps pinned content across a restart", async () => {
    await ipfs.close();
    ipfs = await openIpfs({ dataDir });
    expect(Buffer.from(await ipfs.cat(largeCid)).equals(large)).toBe(true);
    expect(await ipfs.isPinned(largeCid)).toBe(true);
  });

  it("detects a corrupted block on disk, for a raw file and for a leaf of a chunked file", async () => {
    await ipfs.close();
    const blocks = new FsBlockstore(join(dataDir, "ipfs", "blocks"));
    await blocks.open();
    // the small file's one raw block, and the second leaf of the large file
    const entry = await exporter(CID.parse(largeCid), blocks);
    if (entry.type !== "file") throw new Error("expected a file");
    const leaf = entry.node.Links[1]?.Hash;
    if (!leaf) throw new Error("the large file has no second leaf");
    await blocks.put(CID.parse(smallCid), new TextEncoder().encode("a small file under one chunk!"));
    await blocks.put(leaf, randomBytes(CHUNK_SIZE));
    await blocks.close();

    ipfs = await openIpfs({ dataDir });
    await expect(ipfs.cat(smallCid)).rejects.toThrow(IpfsIntegrityError);
    await expect(ipfs.cat(largeCid)).rejects.toThrow(/does not match its CID/);
  });
});

describe("openIpfs (in memory)", () => {
  it("round-trips without a data folder", async () => {
    const ipfs = await openIpfs({});
    const bytes = randomBytes(1000);
    expect(Buffer.from(await ipfs.cat(await ipfs.addBytes(bytes))).equals(bytes)).toBe(true);
    await ipfs.close();
  });
});

describe("openIpfs with KUBO_API_URL", () => {
  it("maps the DAG settings to Kubo's add and block/put arguments", () => {
    // Kubo's balanced layout is its default (trickle=false) with 174 links per node, as ours
    expect(kuboAddArguments()).toEqual({
      cidVersion: 1,
      rawLeaves: true,
      chunker: `size-${CHUNK_SIZE}`,
      trickle: false,
      hashAlg: "sha2-256",
      pin: true,
      wrapWithDirectory: false,
    });
    expect(kuboRawBlockArguments()).toEqual({ format: "raw", mhtype: "sha2-256", version: 1, pin: true });
  });

  it("gives a clear error for a bad URL and for a node that is not there", async () => {
    await expect(openIpfs({ kuboApiUrl: "nonsense" })).rejects.toThrow(IpfsUnavailableError);
    await expect(openIpfs({ kuboApiUrl: "ftp://127.0.0.1:5001" })).rejects.toThrow(/protocol "ftp:"/);
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const address = s.address();
        s.close(() => resolve(typeof address === "object" && address ? address.port : 1));
      });
    });
    await expect(openIpfs({ kuboApiUrl: `http://127.0.0.1:${port}` })).rejects.toThrow(`cannot reach Kubo at http://127.0.0.1:${port}`);
  });
});
