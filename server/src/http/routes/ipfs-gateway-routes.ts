import { Router } from "express";
import type { CID } from "multiformats/cid";
import { IpfsNotFoundError } from "../../ipfs/errors.js";
import { parseCid } from "../../ipfs/parse-cid.js";
import type { GetBlock } from "../../ipfs/read-verified.js";
import { verifyBlock } from "../../ipfs/verify-block.js";
import { NotFoundError } from "../errors.js";

/** The media type of one block, as the trustless gateway specification names it. */
export const RAW_BLOCK_TYPE = "application/vnd.ipld.raw";

/** Reads one block of a local blockstore (Helia's FsBlockstore): the block source of the gateway. */
export interface LocalBlockstore {
  has(cid: CID, options?: { signal?: AbortSignal }): boolean | Promise<boolean>;
  get(cid: CID, options?: { signal?: AbortSignal }): AsyncIterable<Uint8Array>;
}

export function blockstoreBlocks(blockstore: LocalBlockstore): GetBlock {
  return async (cid, options = {}) => {
    if (!(await blockstore.has(cid, options))) throw new IpfsNotFoundError(`${cid.toString()} is not in the IPFS store`);
    const chunks: Uint8Array[] = [];
    for await (const chunk of blockstore.get(cid, options)) chunks.push(chunk);
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  };
}

/**
 * `GET /ipfs/:cid?format=raw` (or `Accept: application/vnd.ipld.raw`): one block of the server's IPFS store, the
 * response of a trustless gateway (https://specs.ipfs.tech/http-gateways/trustless-gateway/). Only raw blocks are
 * served, never a file assembled from blocks, so a client re-hashes every byte against the CID it asked for
 * (`soundmark verify` does). 400 for a bad CID, 404 for a block the store lacks, 406 without the raw format.
 */
export function ipfsGatewayRoutes(getBlock: GetBlock): Router {
  const router = Router();
  router.get("/ipfs/:cid", async (req, res) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Vary", "Accept");
    const format = typeof req.query.format === "string" ? req.query.format : undefined;
    const wantsRaw = format === "raw" || (format === undefined && (req.get("accept") ?? "").includes(RAW_BLOCK_TYPE));
    if (!wantsRaw) {
      res.status(406).json({
        error: {
          code: "NOT_ACCEPTABLE",
          message: "this gateway serves raw blocks only",
          details: `ask with ?format=raw or Accept: ${RAW_BLOCK_TYPE}, and verify the bytes against the CID`,
        },
      });
      return;
    }
    const cid = parseCid(req.params.cid);
    let bytes: Uint8Array;
    try {
      bytes = await getBlock(cid);
    } catch (error) {
      if (error instanceof IpfsNotFoundError) throw new NotFoundError(`block ${cid.toString()}`);
      throw error;
    }
    // A corrupt store must not pass its damage on: the client would refuse it anyway, but the server should say so.
    verifyBlock(cid, bytes);
    res.setHeader("Content-Type", RAW_BLOCK_TYPE);
    res.setHeader("Content-Length", String(bytes.length));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Content-Disposition", `attachment; filename="${cid.toString()}.bin"`);
    res.setHeader("Cache-Control", "public, max-age=29030400, immutable");
    res.setHeader("ETag", `"${cid.toString()}.raw"`);
    res.end(req.method === "HEAD" ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
  return router;
}
