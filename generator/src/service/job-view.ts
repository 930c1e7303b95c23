import type { Job } from "./job.js";

/** A job as the API shows it: links instead of the prompt bytes, the manifest and the download URLs when done. */
export function jobView(job: Job): Record<string, unknown> {
  const { promptMidiBase64, ...request } = job.request;
  return {
    id: job.id,
    status: job.status,
    progress: job.progress,
    attempts: job.attempts,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    request: { ...request, promptBytes: promptMidiBase64 ? Buffer.from(promptMidiBase64, "base64").length : 0 },
    ...(job.result && {
      result: {
        audioUrl: `/v1/jobs/${job.id}/audio`,
        midiUrl: `/v1/jobs/${job.id}/midi`,
        wavPath: job.result.wavPath,
        midiPath: job.result.midiPath,
        manifestPath: job.result.manifestPath,
        manifest: job.result.manifest,
      },
    }),
    ...(job.error && { error: job.error }),
  };
}
