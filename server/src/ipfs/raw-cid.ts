import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { sha256 } from "multiformats/hashes/sha2";
import { hexToBytes, bytesToHex, isHex, type Hex } from "viem";
import { InvalidCidError } from "./errors.js";

/** Multicodec of a raw block. */
const RAW_CODEC = 0x55;

/** The CIDv1 (raw, sha2-256) of a block whose SHA-256 is `digest`: the manifest address the registry commits to. */
export function rawCidFromDigest(digest: Hex): CID {
  if (!isHex(digest, { strict: true }) || digest.length !== 66) {
    throw new InvalidCidError(`not a SHA-256 digest: ${String(digest).slice(0, 80)}`, {
      details: "expected 0x followed by 64 hex digits",
    });
  }
  return CID.createV1(RAW_CODEC, Digest.create(sha256.code, hexToBytes(digest)));
}

/** The SHA-256 digest inside a raw sha2-256 CIDv1; throws for any other kind of CID. */
export function digestFromRawCid(cid: CID | string): Hex {
  let parsed: CID;
  try {
    parsed = typeof cid === "string" ? CID.parse(cid) : cid;
  } catch (cause) {
    throw new InvalidCidError(`not a CID: ${String(cid).slice(0, 80)}`, { cause });
  }
  if (parsed.version !== 1 || parsed.code !== RAW_CODEC || parsed.multihash.code !== sha256.code) {
    throw new InvalidCidError(`not a raw sha2-256 CIDv1: ${parsed.toString()}`, {
      details: "manifests are stored as one raw block, so their CID is bafkrei...",
    });
  }
  return bytesToHex(parsed.multihash.digest);
}
