import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import { sha256 } from "multiformats/hashes/sha2";
import { hexToBytes, bytesToHex, type Hex } from "viem";

/** Multicodec of a raw block. */
const RAW_CODEC = 0x55;

/** The CIDv1 (raw, sha2-256) of a block whose SHA-256 is `digest`: the manifest address the registry commits to. */
export function rawCidFromDigest(digest: Hex): CID {
  return CID.createV1(RAW_CODEC, Digest.create(sha256.code, hexToBytes(digest)));
}

/** The SHA-256 digest inside a raw sha2-256 CIDv1; throws for any other kind of CID. */
export function digestFromRawCid(cid: CID | string): Hex {
  const parsed = typeof cid === "string" ? CID.parse(cid) : cid;
  if (parsed.version !== 1 || parsed.code !== RAW_CODEC || parsed.multihash.code !== sha256.code) {
    throw new Error(`not a raw sha2-256 CIDv1: ${parsed.toString()}`);
  }
  return bytesToHex(parsed.multihash.digest);
}
