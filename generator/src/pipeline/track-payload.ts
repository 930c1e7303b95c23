import { createHash } from "node:crypto";
import { WATERMARK_PAYLOAD_BYTES } from "../../audio/src/watermark/index.js";
import { canonicalJson } from "../tokenizer/canonical-json.js";
import type { GenerateParameters } from "./generate-parameters.js";

/**
 * The default watermark payload of a generated track: the first WATERMARK_PAYLOAD_BYTES bytes of
 * SHA-256("soundmark-track-payload" || model hash || canonical JSON of the parameters and the prompt's hash). Anyone
 * holding the manifest can recompute it, so the payload read from audio points back to (model, seed, parameters),
 * and the same inputs always mark the same way.
 */
export function trackPayload(modelHash: string, parameters: GenerateParameters, promptSha256: string | null): Uint8Array {
  const digest = createHash("sha256")
    .update("soundmark-track-payload\0")
    .update(modelHash)
    .update("\0")
    .update(canonicalJson({ ...parameters, prompt: promptSha256 }))
    .digest();
  return new Uint8Array(digest.subarray(0, WATERMARK_PAYLOAD_BYTES));
}
