import { hasAscii, isPrefixOfAscii } from "./bytes.js";
import { isId3v2Header } from "./id3v2.js";
import { parseMpegFrameHeader, vbrTagOffset, type MpegFrameHeader } from "./mpeg-frame-header.js";

/** What a walk over an MPEG audio stream's frame headers tells before any decoding. */
export interface MpegStreamScan {
  /** Offset of the first frame. */
  start: number;
  /** Header of the first frame: the stream's version, layer, sample rate and channel count. */
  header: MpegFrameHeader;
  /** Complete audio frames (a leading Xing/Info/VBRI frame carries no audio and is not counted). */
  frames: number;
  /** Samples per channel in those frames, before the encoder delay and padding are trimmed: an upper bound. */
  samples: number;
  /** Frame count the Xing/Info/VBRI tag declares, when there is one. */
  declaredFrames: number | undefined;
  /** The last frame is cut short, or there are fewer frames than declared. */
  truncated: boolean;
  /** Places where the walk lost sync and had to search for the next frame (damage, or junk between frames). */
  resyncs: number;
}

/**
 * Offset of the first frame at or after `from` (searching at most `maxScan` bytes) that is followed by
 * `confirmations` more frames of the same stream (or by the end of the input), or -1. A lone 0xFFE sync pattern is
 * common in random bytes; a chain of consistent headers is not, so the chain guards detection against false hits.
 */
export function findMpegFrame(bytes: Uint8Array, from: number, maxScan = Infinity, confirmations = 1): number {
  const last = Math.min(bytes.length - 4, from + maxScan);
  for (let at = bytes.indexOf(0xff, from); at !== -1 && at <= last; at = bytes.indexOf(0xff, at + 1)) {
    const header = parseMpegFrameHeader(bytes, at);
    if (header && isConfirmed(bytes, at, header, confirmations)) return at;
  }
  return -1;
}

function isConfirmed(bytes: Uint8Array, at: number, header: MpegFrameHeader, confirmations: number): boolean {
  let next = at + header.frameLength;
  for (let i = 0; i < confirmations; i++) {
    if (next >= bytes.length || isTrailingTag(bytes, next)) return true;
    const h = parseMpegFrameHeader(bytes, next);
    if (!h || !sameStream(h, header)) return false;
    next += h.frameLength;
  }
  return true;
}

function sameStream(a: MpegFrameHeader, b: MpegFrameHeader): boolean {
  return a.version === b.version && a.layer === b.layer && a.sampleRate === b.sampleRate;
}

/** Tags players accept after the last frame: ID3v1 ("TAG"), APEv2, Lyrics3, an appended ID3v2. */
function isTrailingTag(bytes: Uint8Array, at: number): boolean {
  return (
    hasAscii(bytes, at, "TAG") ||
    hasAscii(bytes, at, "APETAGEX") ||
    hasAscii(bytes, at, "LYRICS") ||
    isId3v2Header(bytes, at) ||
    // A tag cut off by the end of the file is still not audio.
    (bytes.length - at < 8 && (isPrefixOfAscii(bytes, at, "TAG") || isPrefixOfAscii(bytes, at, "APETAGEX")))
  );
}

/**
 * Walks the frames from `start` (the offset findMpegFrame returned). Only header bytes are read, so this is cheap
 * even for a 200 MB file, and it gives the duration before decoding and the evidence of truncation that the decoder
 * (which silently drops a partial last frame) does not.
 */
export function scanMpegStream(bytes: Uint8Array, start: number): MpegStreamScan | undefined {
  const header = parseMpegFrameHeader(bytes, start);
  if (!header) return undefined;
  const vbrTag = readVbrTag(bytes, start, header);
  const declaredFrames = vbrTag?.frames;
  // The tag frame is a silent frame that decoders skip, so it is not audio.
  let at = vbrTag ? start + header.frameLength : start;
  let frames = 0;
  let samples = 0;
  let resyncs = 0;
  let truncated = false;
  while (at < bytes.length) {
    const h = parseMpegFrameHeader(bytes, at);
    if (h && sameStream(h, header)) {
      if (at + h.frameLength > bytes.length) {
        truncated = true;
        break;
      }
      frames++;
      samples += h.samplesPerFrame;
      at += h.frameLength;
      continue;
    }
    if (isTrailingTag(bytes, at)) break;
    const next = findMpegFrame(bytes, at + 1, Infinity, 1);
    if (next === -1) {
      // A header cut inside its own 4 bytes is a truncation; any other tail is junk that players ignore.
      truncated ||= bytes.length - at < 4 && bytes[at] === 0xff;
      break;
    }
    resyncs++;
    at = next;
  }
  if (declaredFrames !== undefined && frames < declaredFrames) truncated = true;
  return { start, header, frames, samples, declaredFrames, truncated, resyncs };
}

/**
 * A Xing/Info tag (LAME, ffmpeg) or VBRI tag (Fraunhofer) in the first frame, with the frame count it declares when
 * it has one; undefined when the first frame is an ordinary audio frame.
 */
function readVbrTag(bytes: Uint8Array, start: number, header: MpegFrameHeader): { frames: number | undefined } | undefined {
  if (header.layer !== 3) return undefined;
  const { xing, vbri } = vbrTagOffset(header);
  const x = start + xing;
  if (hasAscii(bytes, x, "Xing") || hasAscii(bytes, x, "Info")) {
    const flags = readU32BE(bytes, x + 4);
    // Flag bit 0: the frame count field is present.
    return { frames: flags !== undefined && flags & 1 ? readU32BE(bytes, x + 8) : undefined };
  }
  const v = start + vbri;
  if (hasAscii(bytes, v, "VBRI")) return { frames: readU32BE(bytes, v + 14) };
  return undefined;
}

function readU32BE(bytes: Uint8Array, at: number): number | undefined {
  if (at + 4 > bytes.length) return undefined;
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}
