import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import type { ImporterOptions } from "ipfs-unixfs-importer";

/**
 * How files become DAGs, fixed here so that the same bytes get the same CID on Helia and on Kubo (and the CID can
 * be recomputed anywhere): CIDv1, raw leaves, 256 KiB fixed chunks, balanced layout with 174 links per node.
 */
export const CHUNK_SIZE = 262_144;
export const MAX_CHILDREN_PER_NODE = 174;
/** A raw block above this is refused by bitswap peers; manifests are far smaller. */
export const MAX_RAW_BLOCK_BYTES = 1_048_576;

export function heliaImportOptions(): Pick<ImporterOptions, "cidVersion" | "rawLeaves" | "chunker" | "layout" | "reduceSingleLeafToSelf"> {
  return {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: CHUNK_SIZE }),
    layout: balanced({ maxChildrenPerNode: MAX_CHILDREN_PER_NODE }),
  };
}

/** The Kubo `add` arguments with the same result as {@link heliaImportOptions} (Kubo's balanced layout is the default). */
export interface KuboAddArguments {
  cidVersion: 1;
  rawLeaves: true;
  chunker: `size-${number}`;
  trickle: false;
  hashAlg: "sha2-256";
  pin: true;
  wrapWithDirectory: false;
}

export function kuboAddArguments(): KuboAddArguments {
  return {
    cidVersion: 1,
    rawLeaves: true,
    chunker: `size-${CHUNK_SIZE}`,
    trickle: false,
    hashAlg: "sha2-256",
    pin: true,
    wrapWithDirectory: false,
  };
}

/** The Kubo `block/put` arguments that store a manifest as one raw sha2-256 CIDv1 block. */
export function kuboRawBlockArguments(): { format: "raw"; mhtype: "sha2-256"; version: 1; pin: true } {
  return { format: "raw", mhtype: "sha2-256", version: 1, pin: true };
}
