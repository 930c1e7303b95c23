import { open } from "node:fs/promises";
import { detectFormat } from "../../../../generator/audio/src/decode/detect-format.js";
import type { AudioFormat } from "../../../../generator/audio/src/decode/decoded-audio.js";
import { EmptyAudioError, TruncatedAudioError, UnsupportedFormatError } from "../../../../generator/audio/src/errors/decode-error.js";
import { MissingFileError, UnsupportedMediaTypeError } from "./errors.js";

/** What the leading bytes of an upload say it is. */
export interface SniffedAudio {
  /** The audio format, or null for the start of a supported format that ends too early to tell which (a truncated upload). */
  format: AudioFormat | null;
  /** The IANA media type of `format` (audio/wav, audio/flac, audio/mpeg, audio/ogg, audio/opus); null with `format`. */
  mediaType: string | null;
}

export const MEDIA_TYPES: Readonly<Record<AudioFormat, string>> = {
  wav: "audio/wav",
  flac: "audio/flac",
  mp3: "audio/mpeg",
  "ogg-vorbis": "audio/ogg",
  opus: "audio/opus",
};

/** How much to read first; enough for every signature and MPEG frame scan unless an ID3v2 tag (cover art) is in front. */
const FIRST_READ = 64 * 1024;
/** The most to read past a large ID3v2 tag before giving up: tags hold cover art, rarely more than a few MiB. */
const MAX_READ = 16 * 1024 * 1024;

/**
 * Identifies the audio format of a file on disk from its magic bytes with the audio core's `detectFormat` (RIFF/WAVE,
 * fLaC, OggS with its codec packet, ID3v2 or a chain of MPEG frame headers). The client's file name and MIME type play
 * no part. Throws UnsupportedMediaTypeError for anything else (naming it when known: MP4/AAC, PNG, ZIP...) and
 * MissingFileError for an empty file. A cut-off start of a supported format is let through with `format: null`, so that
 * ingest reports it as a failed job with the decoder's clear "truncated" error.
 */
export async function sniffAudioFile(path: string): Promise<SniffedAudio> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    if (size === 0) throw new MissingFileError("the uploaded file is empty");
    let length = Math.min(size, FIRST_READ);
    for (;;) {
      const head = new Uint8Array(length);
      await handle.read(head, 0, length, 0);
      try {
        const { format } = detectFormat(head);
        return { format, mediaType: MEDIA_TYPES[format] };
      } catch (error) {
        // A head that stops inside a header of a longer file: read more (a large ID3v2 tag) up to the cap.
        if (error instanceof TruncatedAudioError && length < size && length < MAX_READ) {
          length = Math.min(size, MAX_READ, length * 4);
          continue;
        }
        if (error instanceof TruncatedAudioError) return { format: null, mediaType: null };
        if (error instanceof EmptyAudioError) throw new MissingFileError("the uploaded file is empty");
        if (error instanceof UnsupportedFormatError) {
          throw new UnsupportedMediaTypeError(error.shortMessage.replace(/^Unsupported audio format: /, ""), { cause: error });
        }
        throw error;
      }
    }
  } finally {
    await handle.close();
  }
}
