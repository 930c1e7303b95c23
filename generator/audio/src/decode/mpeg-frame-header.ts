/**
 * The 4-byte header of an MPEG audio frame (ISO 11172-3 / 13818-3; "MPEG 2.5" is the Fraunhofer extension).
 * MP3 has no file header: a file is a run of frames, so detection, length checks and truncation checks all walk
 * these headers.
 */
export interface MpegFrameHeader {
  /** 1 (MPEG-1), 2 (MPEG-2 LSF) or 2.5. */
  version: 1 | 2 | 2.5;
  layer: 1 | 2 | 3;
  bitrateKbps: number;
  sampleRate: number;
  channels: 1 | 2;
  /** Bytes of the whole frame, header included. */
  frameLength: number;
  samplesPerFrame: number;
}

// Bitrates in kbps by [table][index]; index 0 ("free format") and 15 (forbidden) are rejected.
const BITRATES = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
} as const;

const SAMPLE_RATES = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 2.5: [11025, 12000, 8000] } as const;

/**
 * The frame header at `offset`, or undefined when the bytes there are not a valid one. Free-format frames (bitrate
 * index 0) are rejected: their length cannot be read from the header, and encoders practically never write them.
 */
export function parseMpegFrameHeader(bytes: Uint8Array, offset: number): MpegFrameHeader | undefined {
  if (offset < 0 || offset + 4 > bytes.length) return undefined;
  const b1 = bytes[offset + 1]!;
  const b2 = bytes[offset + 2]!;
  const b3 = bytes[offset + 3]!;
  // 11 sync bits.
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  // Version 01 is reserved; layer 00 is reserved (and is what AAC ADTS puts there, so ADTS is rejected here).
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) {
    return undefined;
  }
  // Emphasis 10 is reserved.
  if ((b3 & 3) === 2) return undefined;

  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const table =
    version === 1 ? (layer === 1 ? "v1l1" : layer === 2 ? "v1l2" : "v1l3") : layer === 1 ? "v2l1" : "v2l23";
  const bitrateKbps = BITRATES[table][bitrateIndex]!;
  const sampleRate = SAMPLE_RATES[version][rateIndex]!;
  const padding = (b2 >> 1) & 1;
  const channels = (b3 >> 6) === 3 ? 1 : 2;

  let frameLength: number;
  let samplesPerFrame: number;
  if (layer === 1) {
    samplesPerFrame = 384;
    frameLength = (Math.floor((12 * bitrateKbps * 1000) / sampleRate) + padding) * 4;
  } else if (layer === 2 || version === 1) {
    samplesPerFrame = 1152;
    frameLength = Math.floor((144 * bitrateKbps * 1000) / sampleRate) + padding;
  } else {
    // Layer III of MPEG-2 and 2.5 has half the samples per frame.
    samplesPerFrame = 576;
    frameLength = Math.floor((72 * bitrateKbps * 1000) / sampleRate) + padding;
  }
  return { version, layer, bitrateKbps, sampleRate, channels, frameLength, samplesPerFrame };
}

/** Offset of the Xing/Info or VBRI tag inside a layer III frame, where encoders put the stream's frame count. */
export function vbrTagOffset(header: MpegFrameHeader): { xing: number; vbri: number } {
  // The Xing tag follows the side information, whose size depends on version and channel count.
  const sideInfo = header.version === 1 ? (header.channels === 1 ? 17 : 32) : header.channels === 1 ? 9 : 17;
  return { xing: 4 + sideInfo, vbri: 4 + 32 };
}
