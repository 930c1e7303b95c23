import { open } from "node:fs/promises";
import type { DecodedAudio, DecodeOptions, AudioFormat } from "./decoded-audio.js";
import { detectFormat } from "./detect-format.js";
import { decodeFlac } from "./flac.js";
import { checkByteLimit, resolveLimits } from "./limits.js";
import { decodeMp3 } from "./mp3.js";
import { decodeOggVorbis } from "./ogg-vorbis.js";
import { decodeOpus } from "./opus.js";
import { decodeWav } from "./wav.js";

const DECODERS: Record<AudioFormat, (bytes: Uint8Array, options: DecodeOptions) => Promise<DecodedAudio>> = {
  wav: decodeWav,
  flac: decodeFlac,
  mp3: decodeMp3,
  "ogg-vorbis": decodeOggVorbis,
  opus: decodeOpus,
};

/**
 * Decodes WAV, FLAC, MP3, Ogg Vorbis or Ogg Opus, told apart by their leading bytes, to Pcm at the native sample rate
 * and channel count. The input is untrusted: every failure is an AudioError with a stable code
 * (UNSUPPORTED_AUDIO_FORMAT, CORRUPT_AUDIO, TRUNCATED_AUDIO, AUDIO_TOO_LARGE, EMPTY_AUDIO, AUDIO_DECODER_FAILED);
 * only invalid options throw a RangeError.
 *
 * @example
 * const audio = await decodeAudio(upload, { maxSeconds: 600 });
 * console.log(audio.format, audio.sampleRate, audio.channels.length);
 */
export async function decodeAudio(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedAudio> {
  checkByteLimit(bytes.length, resolveLimits(options));
  const { format } = detectFormat(bytes);
  return DECODERS[format](bytes, options);
}

/**
 * decodeAudio on a file, whose size is checked against maxBytes before anything is read. File-system errors
 * (ENOENT, EACCES, EISDIR) propagate as Node reports them: they are not about the audio.
 *
 * @example
 * const audio = await decodeAudioFile("upload.flac", { maxBytes: 50 * 1024 * 1024 });
 */
export async function decodeAudioFile(path: string, options: DecodeOptions = {}): Promise<DecodedAudio> {
  const limits = resolveLimits(options);
  // One handle for the size check and the read, so the checked file is the read file.
  const file = await open(path, "r");
  try {
    checkByteLimit((await file.stat()).size, limits);
    const bytes = await file.readFile();
    return await decodeAudio(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), options);
  } finally {
    await file.close();
  }
}
