import { rawCidFromDigest } from "../../ipfs/index.js";
import { StageInvariantError } from "../errors.js";
import type { Manifest } from "../manifest.js";
import type { Stage } from "./stage.js";

/**
 * Adds and pins the audio and the manifest. Both CIDs are known in advance (the manifest names the audio's; the
 * manifest's is the raw CIDv1 of its digest), so a node that computes another one is caught here, before the chain
 * commits to it.
 */
export const ipfsStage: Stage = async ({ track, uploadPath, deps }) => {
  if (!track.manifest || !track.manifest_digest) throw new TypeError("the ipfs stage needs the manifest stage");
  const manifest = JSON.parse(track.manifest) as Manifest;
  const cid = await deps.ipfs.addFile(uploadPath);
  if (cid !== manifest.file.cid) {
    throw new StageInvariantError(`the IPFS node stored the audio as ${cid}, the manifest names ${manifest.file.cid}`, {
      details: "the node does not use the import settings (CIDv1, raw leaves, 256 KiB chunks, balanced)",
    });
  }
  const manifestCid = await deps.ipfs.addRawBlock(new TextEncoder().encode(track.manifest));
  const expected = rawCidFromDigest(`0x${track.manifest_digest}`).toString();
  if (manifestCid !== expected) {
    throw new StageInvariantError(`the IPFS node stored the manifest as ${manifestCid}, expected ${expected}`);
  }
  return { cid, manifest_cid: manifestCid };
};
