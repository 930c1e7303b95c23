import { stat } from "node:fs/promises";
import path from "node:path";
import type { SoundmarkIndex } from "../../../../generator/audio/src/index/soundmark-index.js";
import type { WatermarkKey } from "../../../../generator/audio/src/watermark/watermark-key.js";
import { checkAudio, createWatermarkSearchPool } from "../../check/index.js";
import { NotFoundError } from "../../http/errors.js";
import type { Sql } from "../../store/index.js";
import type { CheckService } from "../services.js";

export interface CreateCheckServiceParameters {
  store: Sql;
  index: SoundmarkIndex;
  watermarkKeys: readonly WatermarkKey[];
  /** The pipeline's kept uploads, `<dataDir>/uploads/<sha256>`: `similar(sha256)` reads the registered file there. */
  uploadsDir: string;
  limits: { maxUploadBytes: number; maxDurationSeconds: number };
  /** Worker threads for the checks' watermark searches (server/src/check/watermark-search-pool.ts; default by cores). */
  watermarkWorkers?: number;
}

/**
 * checkAudio (server/src/check) for the edge, and `similar` on top of it: the matches of a file, or of a track this
 * server ingested (its kept upload), without the track itself. Watermark searches run on a worker pool so that a
 * check never holds the event loop for them; `close` stops its workers (idle ones never hold the process open).
 */
export function createCheckService({
  store,
  index,
  watermarkKeys,
  uploadsDir,
  limits,
  watermarkWorkers,
}: CreateCheckServiceParameters): CheckService & { close(): Promise<void> } {
  const pool = createWatermarkSearchPool({ keys: watermarkKeys, ...(watermarkWorkers !== undefined ? { size: watermarkWorkers } : {}) });
  const watermarkSearcher = pool.search;
  return {
    checkAudio: ({ filePath }) => checkAudio({ filePath, index, watermarkKeys, store, limits, watermarkSearcher }),
    async similar({ filePath, sha256, limit }) {
      let file = filePath;
      if (!file) {
        file = path.join(uploadsDir, sha256!);
        if (!(await stat(file).catch(() => null))?.isFile()) throw new NotFoundError(`no audio of track ${sha256} on this server`);
      }
      const result = await checkAudio({ filePath: file, index, watermarkKeys, store, limits, maxMatches: limit + (sha256 ? 1 : 0), searchWatermark: false });
      return result.matches.filter((m) => m.sha256 !== sha256).slice(0, limit);
    },
    close: () => pool.close(),
  };
}
