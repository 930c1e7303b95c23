import { pcmSha256 } from "../../../../generator/audio/src/hash/index.js";
import type { Stage } from "./stage.js";

/**
 * The canonical PCM hash: equal for the same audio in another container (WAV vs FLAC). The file's own sha256 was taken
 * at submit, as it names the job.
 */
export const hashesStage: Stage = async ({ audio }) => ({ pcm_sha256: pcmSha256(await audio()) });
