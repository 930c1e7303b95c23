import { createHash } from "node:crypto";
import type { TrackManifest } from "../../../generator/src/pipeline/track-manifest.js";
import { DemoError } from "../demo-error.js";
import { request } from "../http-client.js";

export interface GeneratedTrack {
  jobId: string;
  wav: Uint8Array;
  manifest: TrackManifest;
}

export interface GenerateTrackParameters {
  generatorUrl: string;
  model: string;
  seconds: number;
  seed: number;
  temperature: number;
  log?: (line: string) => void;
  /** Longest wait for the job (default 5 minutes). */
  timeoutMs?: number;
}

/**
 * Asks the generator worker (its job API) for a track: POST /v1/jobs, follows the job until it ends, downloads the
 * watermarked WAV and checks it against the manifest's sha256.
 */
export async function generateTrack({ generatorUrl, model, seconds, seed, temperature, log = () => {}, timeoutMs = 300_000 }: GenerateTrackParameters): Promise<GeneratedTrack> {
  const submitted = await request(`${generatorUrl}/v1/jobs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, seconds, seed, temperature }),
  });
  const created = (await submitted.json()) as { jobId?: string; error?: { message: string } };
  if (submitted.status !== 202 || !created.jobId) {
    throw new DemoError(`the generator refused the job (${submitted.status})`, { details: created.error?.message ?? JSON.stringify(created) });
  }
  const jobId = created.jobId;
  const until = Date.now() + timeoutMs;
  let stage = "";
  let job: { status: string; progress: { stage: string; fraction: number }; result?: { audioUrl: string; manifest: TrackManifest }; error?: { code: string; message: string } };
  for (;;) {
    job = (await (await request(`${generatorUrl}/v1/jobs/${jobId}`)).json()) as typeof job;
    if (job.progress.stage !== stage) {
      stage = job.progress.stage;
      log(`job ${jobId.slice(0, 8)}: ${stage} (${Math.round(job.progress.fraction * 100)}%)`);
    }
    if (job.status === "succeeded" || job.status === "failed" || job.status === "cancelled") break;
    if (Date.now() > until) throw new DemoError(`the generator job ${jobId} is still ${job.status} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (job.status !== "succeeded" || !job.result) {
    throw new DemoError(`the generator job ${jobId} ${job.status}`, { details: job.error ? `${job.error.code}: ${job.error.message}` : undefined });
  }
  const audio = await request(`${generatorUrl}${job.result.audioUrl}`);
  if (!audio.ok) throw new DemoError(`GET ${job.result.audioUrl} answered ${audio.status}`);
  const wav = new Uint8Array(await audio.arrayBuffer());
  const manifest = job.result.manifest;
  const sha256 = createHash("sha256").update(wav).digest("hex");
  if (sha256 !== manifest.audio.sha256) {
    throw new DemoError("the downloaded track is not the one the manifest describes", { details: `sha256 ${sha256}, manifest ${manifest.audio.sha256}` });
  }
  return { jobId, wav, manifest };
}
