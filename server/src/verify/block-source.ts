import type { CID } from "multiformats/cid";
import { IpfsNotFoundError, IpfsTooLargeError, IpfsUnavailableError } from "../ipfs/errors.js";
import type { GetBlock } from "../ipfs/read-verified.js";
import { VerifyInputError } from "./errors.js";

/** Largest block accepted from a source: a raw manifest block may reach 1 MiB; dag-pb nodes and leaves are far smaller. */
export const MAX_SOURCE_BLOCK_BYTES = 1_048_576 + 4_096;

export interface OpenBlockSourceParameters {
  /**
   * A trustless gateway (`http://host:8080`: `GET /ipfs/<cid>?format=raw`) or a Kubo RPC API (a URL whose path ends in
   * `/api/v0`: `POST /api/v0/block/get`).
   */
  url: string;
  /** Per-request deadline (30 s). */
  timeoutMs?: number;
}

export interface BlockSource {
  kind: "gateway" | "kubo";
  url: string;
  /** One block's bytes, NOT verified: callers pass them through `verifyingStorage` (every block re-hashed). */
  getBlock: GetBlock;
}

/**
 * An untrusted source of IPFS blocks. Only single blocks are asked for (never a whole file), so every byte is
 * checked against a CID before it is used: the root against the CID the chain commits to, each child against the
 * link in its checked parent.
 */
export function openBlockSource({ url, timeoutMs = 30_000 }: OpenBlockSourceParameters): BlockSource {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new VerifyInputError(`--ipfs is not a URL: ${url.slice(0, 80)}`, { details: "expected http(s)://host:port of a trustless gateway or .../api/v0 of Kubo", cause });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new VerifyInputError(`--ipfs has protocol "${parsed.protocol}"`, { details: "expected http:// or https://" });
  }
  const base = parsed.href.replace(/\/+$/, "");
  const kubo = /\/api\/v0$/.test(parsed.pathname.replace(/\/+$/, ""));
  const getBlock: GetBlock = async (cid, options = {}) => {
    const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    const request = kubo
      ? new Request(`${base}/block/get?arg=${cid.toString()}`, { method: "POST", signal })
      : new Request(`${base}/ipfs/${cid.toString()}?format=raw`, { headers: { accept: "application/vnd.ipld.raw" }, signal });
    let response: Response;
    try {
      response = await fetch(request);
    } catch (cause) {
      throw new IpfsUnavailableError(`cannot reach the IPFS ${kubo ? "Kubo API" : "gateway"} at ${parsed.origin}`, {
        details: cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause),
        cause,
      });
    }
    if (!response.ok) {
      const text = (await response.text().catch(() => "")).slice(0, 200);
      await response.body?.cancel().catch(() => {});
      // Kubo answers 500 with "block was not found locally" for an unknown block; a gateway answers 404.
      if (response.status === 404 || /not found/i.test(text)) throw new IpfsNotFoundError(`${cid.toString()} is not on ${parsed.origin}`, { details: text || undefined });
      throw new IpfsUnavailableError(`${parsed.origin} answered ${response.status} for block ${cid.toString()}`, { details: text || undefined });
    }
    return readCapped(response, cid);
  };
  return { kind: kubo ? "kubo" : "gateway", url: base, getBlock };
}

/** Reads a response body, refusing it as soon as it passes the largest block size (a hostile source may stream forever). */
async function readCapped(response: Response, cid: CID): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > MAX_SOURCE_BLOCK_BYTES) {
    await response.body?.cancel().catch(() => {});
    throw new IpfsTooLargeError(`the source offers ${declared} bytes for block ${cid.toString()}, over the ${MAX_SOURCE_BLOCK_BYTES}-byte block limit`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_SOURCE_BLOCK_BYTES) {
      await reader.cancel().catch(() => {});
      throw new IpfsTooLargeError(`the source sent more than ${MAX_SOURCE_BLOCK_BYTES} bytes for block ${cid.toString()}`);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
