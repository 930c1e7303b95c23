import type { Stage } from "./stage.js";

/** Adds the landmarks to the identification index under the file's sha256; a track already there is left as is. */
export const indexStage: Stage = async ({ track, uploadPath, audio, deps }) => {
  if (!deps.index.has(track.sha256)) deps.index.add(track.sha256, await audio(), { path: uploadPath });
  return { indexed_at: new Date() };
};
