import { rm } from "node:fs/promises";
import type { AudioFormat } from "../../../../generator/audio/src/decode/decoded-audio.js";

/**
 * A file received from a multipart upload, streamed to a temporary file and sniffed. The request that received it
 * deletes it when the response is sent unless a consumer (the ingest pipeline) moved it away first.
 */
export class DiskUpload {
  constructor(
    /** The temporary file. */
    readonly path: string,
    /** The client's file name: shown back to the client, never used to decide anything. */
    readonly filename: string | undefined,
    /** The MIME type the client declared for the part: likewise untrusted, kept for logs. */
    readonly declaredType: string | undefined,
    readonly size: number,
    /** The format the magic bytes say; null for a cut-off start of a supported format (see sniffAudioFile). */
    readonly format: AudioFormat | null,
    readonly mediaType: string | null,
  ) {}

  /** Deletes the temporary file if it is still there. */
  async discard(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
