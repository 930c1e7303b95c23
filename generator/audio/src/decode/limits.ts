import { AudioTooLargeError } from "../errors/decode-error.js";

/**
 * Caps on what a decode may take in and give out. They bound memory and CPU for untrusted uploads: the server decodes
 * whatever it is sent, and a few kilobytes of compressed audio can claim hours of output.
 */
export interface DecodeLimits {
  /** Largest input, in bytes. Checked before the bytes are read (decodeAudioFile) or parsed. */
  maxBytes: number;
  /**
   * Longest output, in seconds. Checked from the headers before decoding where the format records a duration
   * (WAV, FLAC STREAMINFO, MP3 frame count, Ogg granule positions), and while decoding otherwise, so the decoded
   * output never grows much past the cap.
   */
  maxSeconds: number;
}

/** 200 MiB: a 20-minute 48 kHz 24-bit stereo WAV is about 330 MB, so lossless uploads that long need a raised cap. */
export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
/** 20 minutes: longer than nearly every song, short enough that decoded float output stays under ~0.5 GB. */
export const DEFAULT_MAX_SECONDS = 20 * 60;

export const DEFAULT_DECODE_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  maxBytes: DEFAULT_MAX_BYTES,
  maxSeconds: DEFAULT_MAX_SECONDS,
});

/** The limits with defaults filled in. Throws RangeError for a cap that is not a positive number (a caller's bug). */
export function resolveLimits(limits: Partial<DecodeLimits> = {}): DecodeLimits {
  const resolved = {
    maxBytes: limits.maxBytes ?? DEFAULT_MAX_BYTES,
    maxSeconds: limits.maxSeconds ?? DEFAULT_MAX_SECONDS,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!(value > 0)) throw new RangeError(`${name} must be a positive number (Infinity for no cap), got ${value}`);
  }
  return resolved;
}

export function checkByteLimit(byteLength: number, limits: DecodeLimits): void {
  if (byteLength > limits.maxBytes) throw new AudioTooLargeError("maxBytes", byteLength, limits.maxBytes);
}

/** Checks a duration given as frames (samples per channel) at a sample rate. */
export function checkDurationLimit(frames: number, sampleRate: number, limits: DecodeLimits): void {
  const seconds = frames / sampleRate;
  if (seconds > limits.maxSeconds) throw new AudioTooLargeError("maxSeconds", seconds, limits.maxSeconds);
}
