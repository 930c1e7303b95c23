import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IpfsIntegrityError, IpfsNotFoundError, IpfsTooLargeError, IpfsUnavailableError, rawCidFromDigest } from "../ipfs/index.js";
import { readVerified } from "../ipfs/read-verified.js";
import { MAX_SOURCE_BLOCK_BYTES, openBlockSource } from "./block-source.js";
import { VerifyInputError } from "./errors.js";

const block = new TextEncoder().encode("a manifest block");
const cid = rawCidFromDigest(`0x${createHash("sha256").update(block).digest("hex")}`);

/**
 * Faults injected on purpose: an HTTP server that behaves as a gateway or a Kubo API would, and as a hostile one
 * (wrong bytes, endless bodies, errors), chosen by the path the client asks for.
 */
describe("openBlockSource (untrusted gateways and Kubo APIs)", () => {
  let server: Server;
  let base: string;
  const seen: { method: string; url: string; accept: string | undefined }[] = [];
  let behaviour: (req: IncomingMessage, res: ServerResponse) => void = () => {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url!, accept: req.headers.accept });
      behaviour(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("asks a gateway for the raw block and a Kubo API with block/get", async () => {
    behaviour = (_req, res) => res.end(block);
    seen.length = 0;
    const gateway = openBlockSource({ url: `${base}/` });
    expect(gateway.kind).toBe("gateway");
    expect(await readVerified(cid, gateway.getBlock)).toEqual(block);
    const kubo = openBlockSource({ url: `${base}/api/v0` });
    expect(kubo.kind).toBe("kubo");
    expect(await readVerified(cid, kubo.getBlock)).toEqual(block);
    expect(seen).toEqual([
      { method: "GET", url: `/ipfs/${cid.toString()}?format=raw`, accept: "application/vnd.ipld.raw" },
      { method: "POST", url: `/api/v0/block/get?arg=${cid.toString()}`, accept: "*/*" },
    ]);
  });

  it("never lets wrong bytes through: the block is re-hashed against its CID", async () => {
    behaviour = (_req, res) => res.end("other bytes");
    await expect(readVerified(cid, openBlockSource({ url: base }).getBlock)).rejects.toThrow(IpfsIntegrityError);
  });

  it("stops reading a body past the largest block, declared or not", async () => {
    behaviour = (_req, res) => {
      res.setHeader("content-length", String(MAX_SOURCE_BLOCK_BYTES + 1));
      res.end(Buffer.alloc(MAX_SOURCE_BLOCK_BYTES + 1));
    };
    await expect(openBlockSource({ url: base }).getBlock(cid)).rejects.toThrow(IpfsTooLargeError);
    behaviour = (_req, res) => {
      // chunked, no length: an endless stream
      const chunk = Buffer.alloc(64 * 1024);
      const write = () => {
        while (res.write(chunk));
        res.once("drain", write);
      };
      res.on("error", () => {});
      write();
    };
    await expect(openBlockSource({ url: base }).getBlock(cid)).rejects.toThrow(/more than .* bytes/);
  });

  it("tells a missing block (404, Kubo's 500 'not found') from a failing source", async () => {
    behaviour = (_req, res) => res.writeHead(404).end("no link named");
    await expect(openBlockSource({ url: base }).getBlock(cid)).rejects.toThrow(IpfsNotFoundError);
    behaviour = (_req, res) => res.writeHead(500).end('{"Message":"block was not found locally (offline): ipld: could not find"}');
    await expect(openBlockSource({ url: `${base}/api/v0` }).getBlock(cid)).rejects.toThrow(IpfsNotFoundError);
    behaviour = (_req, res) => res.writeHead(502).end("bad gateway");
    await expect(openBlockSource({ url: base }).getBlock(cid)).rejects.toThrow(/answered 502/);
    await expect(openBlockSource({ url: "http://127.0.0.1:9" }).getBlock(cid)).rejects.toThrow(IpfsUnavailableError);
  });

  it("refuses URLs that are not http(s)", () => {
    expect(() => openBlockSource({ url: "not a url" })).toThrow(VerifyInputError);
    expect(() => openBlockSource({ url: "file:///etc/passwd" })).toThrow(/protocol "file:"/);
  });
});
