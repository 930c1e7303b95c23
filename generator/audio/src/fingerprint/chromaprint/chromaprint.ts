import type { Pcm } from "../../pcm.js";
import { ChromaprintStream, type ChromaprintOptions, type ChromaprintResult } from "./chromaprint-stream.js";

export type ChromaprintParameters = ChromaprintOptions;
export type ChromaprintReturnType = ChromaprintResult;

/**
 * Chromaprint fingerprint of decoded audio, identical to Chromaprint 1.5.1's `fpcalc -raw` (the raw integers) for the
 * same 16-bit audio; `compressFingerprint(raw, algorithm)` gives the string plain `fpcalc` prints, which the AcoustID
 * API takes. Fingerprints the first `maxSeconds` (default 120, like fpcalc; 0 = all).
 * Throws ChromaprintInputError on unusable audio and ChromaprintEmptyFingerprintError when the audio is too short
 * (under about 2.5 s) for a single sub-fingerprint.
 *
 * @example
 * const { raw, durationSeconds, algorithm } = chromaprint(pcm);
 * const fingerprint = compressFingerprint(raw, algorithm); // "AQAAfFwkJUoSJVLwn2iu..."
 */
export function chromaprint(pcm: Pcm, options: ChromaprintParameters = {}): ChromaprintReturnType {
  return new ChromaprintStream(options).feed(pcm).finish();
}
