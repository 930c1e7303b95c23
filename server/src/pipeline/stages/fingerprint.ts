import { chromaprint, compressFingerprint } from "../../../../generator/audio/src/fingerprint/chromaprint/index.js";
import type { Stage } from "./stage.js";

/**
 * The Chromaprint fingerprint (fpcalc-compatible, for AcoustID-style lookups outside Soundmark) for the manifest, and
 * the landmark configurations the index stage will store. Audio too short for a fingerprint fails the job: a track
 * that cannot be identified cannot be protected.
 */
export const fingerprintStage: Stage = async ({ audio, deps }) => {
  const { raw, algorithm, durationSeconds } = chromaprint(await audio());
  return {
    fingerprint: {
      chromaprint: { algorithm, fingerprint: compressFingerprint(raw, algorithm), durationSeconds },
      landmarks: { configs: deps.index.configs.map((c) => c.name) },
    },
  };
};
