import { CorruptAudioError, TruncatedAudioError } from "../errors/decode-error.js";
import { hasAscii } from "./bytes.js";

/** The FLAC STREAMINFO block: the format of the whole stream, and its length when the encoder knew it. */
export interface FlacStreamInfo {
  /** Samples per channel in a block: equal for a fixed-blocksize stream (but its last frame may be shorter). */
  minBlockSize: number;
  maxBlockSize: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Samples per channel; 0 when unknown (a stream written without seeking back). */
  totalSamples: number;
  /** Offset of the first audio frame, just past the metadata blocks. */
  audioStart: number;
}

const STREAMINFO = 0;
const STREAMINFO_LENGTH = 34;
const INVALID_BLOCK_TYPE = 127;

/**
 * Reads the metadata blocks after the "fLaC" marker at `start`. FLAC requires STREAMINFO to be the first block; the
 * others (tags, pictures, seek tables) are skipped. The total sample count gives the duration before decoding and
 * tells a truncated file from a complete one afterwards.
 */
export function readFlacStreamInfo(bytes: Uint8Array, start: number): FlacStreamInfo {
  if (!hasAscii(bytes, start, "fLaC")) throw new CorruptAudioError("no fLaC marker");
  let at = start + 4;
  let info: Omit<FlacStreamInfo, "audioStart"> | undefined;
  for (let isLast = false; !isLast; ) {
    if (at + 4 > bytes.length) throw new TruncatedAudioError("the file ends inside the FLAC metadata");
    isLast = (bytes[at]! & 0x80) !== 0;
    const type = bytes[at]! & 0x7f;
    const length = (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (type === INVALID_BLOCK_TYPE) throw new CorruptAudioError("invalid FLAC metadata block type 127");
    if (!info && (type !== STREAMINFO || length !== STREAMINFO_LENGTH)) {
      throw new CorruptAudioError("the first FLAC metadata block is not STREAMINFO");
    }
    if (at + 4 + length > bytes.length) throw new TruncatedAudioError("the file ends inside the FLAC metadata");
    if (!info) info = parseStreamInfo(bytes, at + 4);
    at += 4 + length;
  }
  return { ...info!, audioStart: at };
}

function parseStreamInfo(bytes: Uint8Array, at: number): Omit<FlacStreamInfo, "audioStart"> {
  // Bytes 10..17: 20 bits sample rate, 3 bits channels - 1, 5 bits bits-per-sample - 1, 36 bits total samples.
  const b = (i: number) => bytes[at + i]!;
  const minBlockSize = (b(0) << 8) | b(1);
  const maxBlockSize = (b(2) << 8) | b(3);
  const sampleRate = (b(10) << 12) | (b(11) << 4) | (b(12) >> 4);
  const channels = ((b(12) >> 1) & 7) + 1;
  const bitsPerSample = (((b(12) & 1) << 4) | (b(13) >> 4)) + 1;
  const low32 = ((b(14) << 24) | (b(15) << 16) | (b(16) << 8) | b(17)) >>> 0;
  const totalSamples = (b(13) & 0x0f) * 2 ** 32 + low32;
  if (sampleRate === 0) throw new CorruptAudioError("FLAC STREAMINFO has a sample rate of 0");
  return { minBlockSize, maxBlockSize, sampleRate, channels, bitsPerSample, totalSamples };
}
