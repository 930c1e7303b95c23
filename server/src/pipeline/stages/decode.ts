import type { Stage } from "./stage.js";

/** Decodes the upload (within the size and duration caps) and records its format. */
export const decodeStage: Stage = async ({ audio }) => {
  const decoded = await audio();
  return {
    format: decoded.format,
    sample_rate: decoded.sampleRate,
    channels: decoded.channels.length,
    duration_seconds: decoded.channels[0]!.length / decoded.sampleRate,
  };
};
