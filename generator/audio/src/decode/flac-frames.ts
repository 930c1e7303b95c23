import type { FlacStreamInfo } from "./flac-metadata.js";

/** The audio frames of a FLAC stream, split at their headers, before any decoding. */
export interface FlacFrame {
  bytes: Uint8Array;
  /** Samples per channel the header announces. */
  blockSize: number;
}

export interface FlacFrames {
  frames: FlacFrame[];
  /** Frames whose header was found by searching forward past damaged bytes rather than right after the previous frame. */
  resyncs: number;
  /** The stream ends early: the last frame fails its CRC-16 (cut short) or ends before STREAMINFO's total samples. */
  truncated: boolean;
}

interface FrameHeader {
  offset: number;
  /** Frame number (fixed block size) or first sample number (variable block size). */
  position: number;
  variable: boolean;
  blockSize: number;
}

/** How far ahead (in frames) a header may be and still be taken as the next frame after damage. */
const RESYNC_WINDOW_FRAMES = 64;

/**
 * Splits the audio frames of a FLAC stream. Each frame is decoded on its own, so one damaged frame costs one frame:
 * the splitter in the decoder package, which needs a frame's CRC-16 to match before it moves on, skipped up to 512 KiB
 * after a single flipped bit (the whole rest of a short file) without reporting anything.
 *
 * A header counts only if its CRC-8 matches and its frame (or sample) number is the next one expected, or a little
 * further when frames were lost: random audio bytes contain sync patterns with a valid CRC-8 about once per
 * 16 MB, hardly ever with the right number too.
 */
export function splitFlacFrames(bytes: Uint8Array, info: FlacStreamInfo): FlacFrames {
  const frames: FlacFrame[] = [];
  let resyncs = 0;
  let current = findHeader(bytes, info.audioStart, info, () => true);
  let endSample = 0;
  while (current) {
    const expected = current.position + (current.variable ? current.blockSize : 1);
    const stride = current.variable ? current.blockSize : 1;
    const next = findHeader(
      bytes,
      current.offset + 4,
      info,
      (h) => h.variable === current!.variable && h.position >= expected && h.position <= expected + RESYNC_WINDOW_FRAMES * stride,
    );
    if (next && next.position !== expected) resyncs++;
    frames.push({ bytes: bytes.subarray(current.offset, next ? next.offset : bytes.length), blockSize: current.blockSize });
    endSample = (current.variable ? current.position : current.position * info.maxBlockSize) + current.blockSize;
    current = next;
  }
  const last = frames[frames.length - 1];
  const lastFrameCut = last !== undefined && crc16(last.bytes) !== 0;
  const truncated = lastFrameCut || (info.totalSamples > 0 && endSample < info.totalSamples);
  return { frames, resyncs, truncated };
}

/** The first valid frame header at or after `from` that `accept` takes. */
function findHeader(
  bytes: Uint8Array,
  from: number,
  info: FlacStreamInfo,
  accept: (h: FrameHeader) => boolean,
): FrameHeader | undefined {
  for (let at = bytes.indexOf(0xff, from); at !== -1; at = bytes.indexOf(0xff, at + 1)) {
    const header = parseFrameHeader(bytes, at, info);
    if (header && accept(header)) return header;
  }
  return undefined;
}

/** A frame header at `at` whose fields are valid, agree with STREAMINFO's channel count, and whose CRC-8 matches. */
function parseFrameHeader(bytes: Uint8Array, at: number, info: FlacStreamInfo): FrameHeader | undefined {
  if (at + 6 > bytes.length) return undefined;
  const b1 = bytes[at + 1]!;
  // Sync 0b11111111_111110, a reserved 0 bit, then the blocking strategy bit.
  if ((b1 & 0xfe) !== 0xf8) return undefined;
  const variable = (b1 & 1) === 1;
  const blockCode = bytes[at + 2]! >> 4;
  const rateCode = bytes[at + 2]! & 0x0f;
  const channelCode = bytes[at + 3]! >> 4;
  const sizeCode = (bytes[at + 3]! >> 1) & 7;
  if (blockCode === 0 || rateCode === 15 || channelCode > 10 || sizeCode === 3 || (bytes[at + 3]! & 1) !== 0) {
    return undefined;
  }
  const channels = channelCode < 8 ? channelCode + 1 : 2;
  if (channels !== info.channels) return undefined;

  // The frame or sample number, coded like UTF-8 (up to 7 bytes, 36 bits).
  let p = at + 4;
  const first = bytes[p++]!;
  let extra = 0;
  let position: number;
  if (first < 0x80) position = first;
  else if (first >= 0xc0 && first < 0xfe) {
    extra = first >= 0xfc ? 5 : first >= 0xf8 ? 4 : first >= 0xf0 ? 3 : first >= 0xe0 ? 2 : 1;
    position = first & (0x3f >> extra);
  } else if (first === 0xfe && variable) {
    extra = 6;
    position = 0;
  } else return undefined;
  for (let i = 0; i < extra; i++) {
    const b = bytes[p++];
    if (b === undefined || (b & 0xc0) !== 0x80) return undefined;
    position = position * 64 + (b & 0x3f);
  }

  let blockSize: number;
  if (blockCode === 1) blockSize = 192;
  else if (blockCode <= 5) blockSize = 576 << (blockCode - 2);
  else if (blockCode === 6) blockSize = (bytes[p++] ?? 0) + 1;
  else if (blockCode === 7) {
    blockSize = (((bytes[p] ?? 0) << 8) | (bytes[p + 1] ?? 0)) + 1;
    p += 2;
  } else blockSize = 256 << (blockCode - 8);
  if (rateCode === 12) p += 1;
  else if (rateCode === 13 || rateCode === 14) p += 2;
  if (p >= bytes.length) return undefined;
  if (crc8(bytes, at, p) !== bytes[p]) return undefined;
  return { offset: at, position, variable, blockSize };
}

const CRC8_TABLE = makeTable(0x07, 8);
const CRC16_TABLE = makeTable(0x8005, 16);

/** FLAC's header CRC-8 (polynomial x^8 + x^2 + x + 1, initial 0) over bytes [from, to). */
function crc8(bytes: Uint8Array, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i++) crc = CRC8_TABLE[crc ^ bytes[i]!]!;
  return crc;
}

/** FLAC's frame CRC-16 (polynomial 0x8005, initial 0) over a whole frame, stored CRC included: 0 when intact. */
function crc16(frame: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < frame.length; i++) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[(crc >> 8) ^ frame[i]!]!;
  return crc;
}

function makeTable(polynomial: number, width: 8 | 16): Uint16Array {
  const top = 1 << (width - 1);
  const mask = (1 << width) - 1;
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n << (width - 8);
    for (let bit = 0; bit < 8; bit++) crc = crc & top ? ((crc << 1) ^ polynomial) & mask : (crc << 1) & mask;
    table[n] = crc;
  }
  return table;
}
