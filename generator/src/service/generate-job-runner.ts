import path from "node:path";
import type { WatermarkKey } from "../../audio/src/watermark/index.js";
import { generateTrack } from "../pipeline/generate-track.js";
import type { NoteRenderer } from "../render/note-renderer.js";
import type { JobRunner } from "./job-manager.js";
import { ModelCache } from "./model-cache.js";

export interface GenerateJobRunnerOptions {
  dataDir: string;
  modelsDir: string;
  watermarkKey: WatermarkKey;
  renderer?: NoteRenderer;
}

/** Where a job's files go, relative to the data folder. */
export function jobOutputDir(id: string): string {
  return path.join("outputs", id);
}

/**
 * A worker's runner: the generation pipeline with the worker's own model cache, writing into
 * `<data>/outputs/<job id>/track.{wav,mid,json}`.
 */
export function createGenerateJobRunner(options: GenerateJobRunnerOptions): JobRunner {
  const cache = new ModelCache();
  return async (job, { signal, onProgress }) => {
    const { request } = job;
    onProgress({ stage: "load", fraction: 0 });
    const model = await cache.get(path.join(options.modelsDir, request.model));
    const relative = path.join(jobOutputDir(job.id), "track.wav");
    const { paths, manifest } = await generateTrack({
      model,
      style: request.style,
      seconds: request.seconds,
      seed: request.seed,
      sampling: request.sampling,
      promptMidi: request.promptMidiBase64 ? new Uint8Array(Buffer.from(request.promptMidiBase64, "base64")) : undefined,
      watermarkKey: options.watermarkKey,
      out: path.join(options.dataDir, relative),
      renderer: options.renderer,
      signal,
      onProgress,
    });
    const rel = (p: string) => path.relative(options.dataDir, p);
    return { wavPath: rel(paths.wav), midiPath: rel(paths.midi), manifestPath: rel(paths.manifest), manifest };
  };
}
