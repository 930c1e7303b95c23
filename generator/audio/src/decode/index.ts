export { decodeAudio, decodeAudioFile } from "./decode-audio.js";
export { detectFormat, type DetectedFormat } from "./detect-format.js";
export { AUDIO_FORMATS, type AudioFormat, type DecodedAudio, type DecodeOptions } from "./decoded-audio.js";
export {
  DEFAULT_DECODE_LIMITS,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_SECONDS,
  resolveLimits,
  type DecodeLimits,
} from "./limits.js";
export { decodeWav } from "./wav.js";
export { decodeFlac } from "./flac.js";
export { decodeMp3 } from "./mp3.js";
export { decodeOggVorbis } from "./ogg-vorbis.js";
export { decodeOpus } from "./opus.js";
export {
  AudioDecoderError,
  AudioTooLargeError,
  CorruptAudioError,
  EmptyAudioError,
  TruncatedAudioError,
  UnsupportedFormatError,
  type AudioLimit,
} from "../errors/decode-error.js";
