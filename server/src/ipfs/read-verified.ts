import { exporter, type ReadableStorage } from "ipfs-unixfs-exporter";
import type { CID } from "multiformats/cid";
import { IpfsIntegrityError, IpfsNotFoundError, IpfsTooLargeError } from "./errors.js";
import { verifyBlock } from "./verify-block.js";

/** Fetches one block's bytes by CID (from a local blockstore, or from Kubo's block API). */
export type GetBlock = (cid: CID, options?: { signal?: AbortSignal }) => Promise<Uint8Array>;

/**
 * Wraps a block source so that every block is hashed against its CID before the exporter sees it. A file is a
 * Merkle DAG: the root is checked against the CID asked for, each child against the link in its checked parent, so
 * the whole file is authenticated block by block, whatever chunker made it.
 */
export function verifyingStorage(getBlock: GetBlock): ReadableStorage {
  return {
    async *get(cid, options) {
      const bytes = await getBlock(cid, options?.signal ? { signal: options.signal } : {});
      verifyBlock(cid, bytes);
      yield bytes;
    },
  };
}

/** Reads a raw block or a UnixFS file, verified by re-hashing; refuses more than `maxBytes`. */
export async function readVerified(cid: CID, getBlock: GetBlock, options: { maxBytes?: number } = {}): Promise<Uint8Array> {
  const storage = verifyingStorage(getBlock);
  const entry = await exporter(cid, storage).catch((cause: unknown) => rethrow(cid, cause));
  if (entry.type !== "file" && entry.type !== "raw" && entry.type !== "identity") {
    throw new IpfsNotFoundError(`${cid.toString()} is a ${entry.type}, not a file`);
  }
  const size = Number(entry.size);
  if (options.maxBytes !== undefined && size > options.maxBytes) {
    throw new IpfsTooLargeError(`${cid.toString()} holds ${size} bytes, more than the ${options.maxBytes} allowed`);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  try {
    for await (const chunk of entry.content()) {
      if (offset + chunk.length > size) throw new IpfsIntegrityError(`${cid.toString()} yields more bytes than its size ${size}`);
      out.set(chunk, offset);
      offset += chunk.length;
    }
  } catch (cause) {
    rethrow(cid, cause);
  }
  if (offset !== size) throw new IpfsIntegrityError(`${cid.toString()} yields ${offset} bytes, its size says ${size}`);
  return out;
}

function rethrow(cid: CID, cause: unknown): never {
  if (cause instanceof IpfsIntegrityError || cause instanceof IpfsNotFoundError || cause instanceof IpfsTooLargeError) throw cause;
  const name = cause instanceof Error ? cause.name : "";
  if (name === "NotFoundError" || name === "BlockNotFoundWhileOfflineError") {
    throw new IpfsNotFoundError(`${cid.toString()} is not in the IPFS store`, { cause });
  }
  throw new IpfsIntegrityError(`cannot read ${cid.toString()}: ${cause instanceof Error ? cause.message : String(cause)}`, {
    details: "the DAG is malformed (a block that is not valid dag-pb/UnixFS)",
    cause,
  });
}
