import { createHash } from "node:crypto";
import { cidOfFile } from "../../ipfs/index.js";
import { canonicalJson } from "../canonical-json.js";
import { validateGeneratorClaim } from "../generator-claim.js";
import { buildManifest } from "../manifest.js";
import type { Stage } from "./stage.js";

/** Builds the manifest and fixes its bytes (canonical JSON) and their sha256, the digest registered on-chain. */
export const manifestStage: Stage = async ({ track, uploadPath }) => {
  if (!track.fingerprint || !track.watermark_checked) throw new TypeError("the manifest needs the fingerprint and watermark stages");
  const claim = validateGeneratorClaim(track.generator ?? undefined, track.sha256);
  const manifest = buildManifest({
    track,
    fingerprint: track.fingerprint,
    watermark: track.watermark,
    claim,
    audioCid: await cidOfFile(uploadPath),
  });
  const text = canonicalJson(manifest);
  return { manifest: text, manifest_digest: createHash("sha256").update(text, "utf8").digest("hex") };
};
