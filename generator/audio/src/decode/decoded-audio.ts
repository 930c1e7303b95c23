import type { Pcm } from "../pcm.js";
import type { DecodeLimits } from "./limits.js";

/** The container/codec pairs the package decodes. "mp3" covers MPEG-1/2/2.5 audio layers I-III (mpg123 decodes all). */
export type AudioFormat = "wav" | "flac" | "mp3" | "ogg-vorbis" | "opus";

export const AUDIO_FORMATS: readonly AudioFormat[] = ["wav", "flac", "mp3", "ogg-vorbis", "opus"];

export interface DecodeOptions extends Partial<DecodeLimits> {
  /**
   * Return the decodable prefix of a stream that ends early (marked `truncated: true`) instead of throwing
   * TruncatedAudioError. For checking clips cut out of a longer file without fixing up their headers.
   */
  allowTruncated?: boolean;
  /**
   * Throw CorruptAudioError when the decoder reports any damaged frame or the container needed resynchronising,
   * instead of concealing the damage as players do (reported in `corruptFrames`).
   */
  strict?: boolean;
}

/** Decoded audio: a Pcm (native rate and channel count, samples finite) and what it was decoded from. */
export interface DecodedAudio extends Pcm {
  format: AudioFormat;
  /** The stream ended before its headers said it should; only ever true with `allowTruncated`. */
  truncated: boolean;
  /**
   * Damage the decoder concealed or skipped: frames it reported as bad plus places where the container had to be
   * resynchronised. 0 for a clean file; always 0 for WAV, whose damage cannot be seen.
   */
  corruptFrames: number;
}
