import { MPEGDecoder } from "mpg123-decoder";
import { TruncatedAudioError, UnsupportedFormatError } from "../errors/decode-error.js";
import type { DecodedAudio, DecodeOptions } from "./decoded-audio.js";
import { finishDecode } from "./finish-decode.js";
import { skipId3v2 } from "./id3v2.js";
import { checkByteLimit, checkDurationLimit, resolveLimits } from "./limits.js";
import { findMpegFrame, scanMpegStream } from "./mpeg-frames.js";
import { feedSlices, runWasmDecoder } from "./wasm-decode.js";

/** How far past an ID3v2 tag (or the start) to look for the first frame. */
const FIRST_FRAME_SCAN_BYTES = 64 * 1024;

/**
 * Decodes MPEG audio, layers I-III (mpg123 in wasm, via mpg123-decoder), gapless: the encoder delay and padding that
 * a LAME/ffmpeg Info tag records are trimmed, so a 2 s source gives 2 s back.
 *
 * The frame headers are walked first (cheap): they give the duration before decoding (maxSeconds), a frame cut short
 * or fewer frames than the Info tag declares (truncation, which mpg123 passes over in silence), and the true channel
 * count (mpg123 always outputs stereo; a mono stream is returned as one channel).
 *
 * @example
 * const audio = await decodeMp3(bytes); // { format: "mp3", sampleRate: 44100, channels: [left, right], ... }
 */
export async function decodeMp3(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedAudio> {
  const limits = resolveLimits(options);
  checkByteLimit(bytes.length, limits);
  const afterTag = skipId3v2(bytes, 0);
  if (afterTag >= bytes.length && afterTag > 0) throw new TruncatedAudioError("the file ends inside its ID3v2 tag");
  const start = findMpegFrame(bytes, afterTag, FIRST_FRAME_SCAN_BYTES, 1);
  if (start === -1) throw new UnsupportedFormatError("not MPEG audio (no frame header found)");
  const scan = scanMpegStream(bytes, start)!;
  checkDurationLimit(scan.samples, scan.header.sampleRate, limits);

  const result = await runWasmDecoder("MPEG", () => new MPEGDecoder(), feedSlices(bytes.subarray(start)), limits);
  if (result.pcm && scan.header.channels === 1) result.pcm.channels.length = 1;
  return finishDecode("mp3", result, scan, options);
}
