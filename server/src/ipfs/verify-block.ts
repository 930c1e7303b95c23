import { createHash } from "node:crypto";
import type { CID } from "multiformats/cid";
import { identity } from "multiformats/hashes/identity";
import { sha256 } from "multiformats/hashes/sha2";
import { IpfsIntegrityError } from "./errors.js";

/** Throws unless `bytes` hash to the multihash inside `cid` (sha2-256, or identity for inlined blocks). */
export function verifyBlock(cid: CID, bytes: Uint8Array): void {
  const { code, digest } = cid.multihash;
  let actual: Uint8Array;
  if (code === sha256.code) {
    actual = createHash("sha256").update(bytes).digest();
  } else if (code === identity.code) {
    actual = bytes;
  } else {
    throw new IpfsIntegrityError(`cannot verify ${cid.toString()}: hash function 0x${code.toString(16)} is not supported`, {
      details: "Soundmark stores and verifies sha2-256 blocks only",
    });
  }
  if (!equalBytes(actual, digest)) {
    throw new IpfsIntegrityError(`block ${cid.toString()} does not match its CID`, {
      details: "the node returned bytes whose hash differs from the one the CID names: the store is corrupt or lying",
    });
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
