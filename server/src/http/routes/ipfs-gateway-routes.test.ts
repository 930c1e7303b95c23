import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsBlockstore } from "blockstore-fs";
import express from "express";
import { CID } from "multiformats/cid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHUNK_SIZE, openIpfs } from "../../ipfs/index.js";
import { readVerified } from "../../ipfs/read-verified.js";
import { verifyBlock } from "../../ipfs/verify-block.js";
import { openBlockSource } from "../../verify/block-source.js";
import { errorHandler } from "../middleware/error-handler.js";
import { blockstoreBlocks, ipfsGatewayRoutes, RAW_BLOCK_TYPE } from "./ipfs-gateway-routes.js";

const quiet = { info: () => {}, warn: () => {}, error: () => {} } as unknown as Console;

describe("GET /ipfs/:cid (trustless gateway over the IPFS store's blocks)", () => {
  let dataDir: string;
  let blocks: FsBlockstore;
  let server: Server;
  let base: string;
  const small = new TextEncoder().encode("one raw block");
  const large = randomBytes(CHUNK_SIZE * 2 + 999);
  let smallCid: string;
  let largeCid: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "soundmark-gateway-"));
    const ipfs = await openIpfs({ dataDir });
    smallCid = await ipfs.addBytes(small);
    largeCid = await ipfs.addBytes(large);
    await ipfs.close();
    blocks = new FsBlockstore(join(dataDir, "ipfs", "blocks"));
    await blocks.open();
    const app = express();
    app.use(ipfsGatewayRoutes(blockstoreBlocks(blocks)));
    app.use(errorHandler(quiet));
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await blocks?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("serves a raw block with the trustless gateway's type and immutable caching", async () => {
    const response = await fetch(`${base}/ipfs/${smallCid}?format=raw`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(RAW_BLOCK_TYPE);
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(small);
  });

  it("serves the dag-pb root of a chunked file as its block, never the assembled file", async () => {
    const response = await fetch(`${base}/ipfs/${largeCid}`, { headers: { accept: RAW_BLOCK_TYPE } });
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.length).toBeLessThan(1024);
    expect(() => verifyBlock(CID.parse(largeCid), bytes)).not.toThrow();
  });

  it("lets a client rebuild the file block by block, each re-hashed against its CID", async () => {
    const source = openBlockSource({ url: base });
    expect(source.kind).toBe("gateway");
    const bytes = await readVerified(CID.parse(largeCid), source.getBlock);
    expect(Buffer.from(bytes).equals(large)).toBe(true);
  });

  it("answers 406 without the raw format, 400 for a bad CID and 404 for an unknown block", async () => {
    const plain = await fetch(`${base}/ipfs/${smallCid}`);
    expect(plain.status).toBe(406);
    expect((await plain.json()).error.code).toBe("NOT_ACCEPTABLE");
    const other = await fetch(`${base}/ipfs/${smallCid}?format=car`);
    expect(other.status).toBe(406);
    const bad = await fetch(`${base}/ipfs/not-a-cid?format=raw`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("INVALID_CID");
    const hostile = await fetch(`${base}/ipfs/${encodeURIComponent("../../etc/passwd")}?format=raw`);
    expect(hostile.status).toBe(400);
    const unknown = await fetch(`${base}/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy?format=raw`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("NOT_FOUND");
  });

  it("answers HEAD with the headers only", async () => {
    const response = await fetch(`${base}/ipfs/${smallCid}?format=raw`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(small.length));
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it("refuses to pass on a block that was corrupted on disk", async () => {
    const cid = CID.parse(smallCid);
    await blocks.put(cid, new TextEncoder().encode("tampered bytes"));
    const response = await fetch(`${base}/ipfs/${smallCid}?format=raw`);
    expect(response.status).toBe(500);
    expect((await response.json()).error.code).toBe("IPFS_INTEGRITY");
    await blocks.put(cid, small);
  });
});
