import { dataView, hasAscii, indexOfAscii, isPrefixOfAscii } from "./bytes.js";

/** What a walk over an Ogg file's page headers tells before any decoding. */
export interface OggStreamScan {
  /** Offset just past the last complete page. The decoders are given only complete pages (see decodeOgg's note). */
  end: number;
  /** Complete pages. */
  pages: number;
  /**
   * The first packet of the first page: a codec's identification header ("\x01vorbis", "OpusHead", "\x7fFLAC"...),
   * which the Ogg spec requires to fill the first page alone. Undefined when that page is incomplete.
   */
  firstPacket: Uint8Array | undefined;
  /**
   * Samples per channel declared by the granule positions (for each logical stream the largest granule position,
   * summed over chained streams), in the codec's granule unit (Opus: 48 kHz samples, pre-skip included).
   */
  granuleSamples: number;
  /** The last page is cut short, or the last complete page is not flagged end-of-stream. */
  truncated: boolean;
  /** Places where a page was not where the previous one ended (damage or junk): the walk searched for "OggS". */
  resyncs: number;
}

const PAGE_HEADER = 27;
const EOS_FLAG = 0x04;

/** Walks the pages of an Ogg file from `start`. Only page headers are read. */
export function scanOggStream(bytes: Uint8Array, start = 0): OggStreamScan {
  const view = dataView(bytes);
  const granules = new Map<number, number>();
  let at = start;
  let end = start;
  let pages = 0;
  let resyncs = 0;
  let truncated = false;
  let lastFlags = 0;
  let firstPacket: Uint8Array | undefined;
  while (at < bytes.length) {
    if (!isPageStart(bytes, at)) {
      const next = indexOfAscii(bytes, "OggS", at + 1);
      // A page header cut inside its first 4 bytes is still a truncation; other tails are junk.
      if (next === -1) {
        truncated ||= bytes.length - at < 4 && isPrefixOfAscii(bytes, at, "OggS");
        break;
      }
      resyncs++;
      at = next;
      continue;
    }
    const length = pageLength(bytes, at);
    if (length === undefined || at + length > bytes.length) {
      truncated = true;
      break;
    }
    if (pages === 0) firstPacket = readFirstPacket(bytes, at);
    const flags = bytes[at + 5]!;
    const granule = view.getBigInt64(at + 6, true);
    const serial = view.getUint32(at + 14, true);
    // -1: no packet ends on this page.
    if (granule >= 0n) granules.set(serial, Math.max(granules.get(serial) ?? 0, Number(granule)));
    lastFlags = flags;
    pages++;
    at += length;
    end = at;
  }
  if (pages > 0 && !(lastFlags & EOS_FLAG)) truncated = true;
  let granuleSamples = 0;
  for (const g of granules.values()) granuleSamples += g;
  return { end, pages, firstPacket, granuleSamples, truncated, resyncs };
}

/** "OggS" and stream structure version 0 (the only one defined). */
function isPageStart(bytes: Uint8Array, at: number): boolean {
  return hasAscii(bytes, at, "OggS") && (at + 4 >= bytes.length || bytes[at + 4] === 0);
}

/** Header plus segment table plus the segments, or undefined when the header itself is cut off. */
function pageLength(bytes: Uint8Array, at: number): number | undefined {
  if (at + PAGE_HEADER > bytes.length) return undefined;
  const segments = bytes[at + 26]!;
  if (at + PAGE_HEADER + segments > bytes.length) return undefined;
  let length = PAGE_HEADER + segments;
  for (let i = 0; i < segments; i++) length += bytes[at + PAGE_HEADER + i]!;
  return length;
}

/** A packet ends at the first segment shorter than 255 bytes ("lacing"). */
function readFirstPacket(bytes: Uint8Array, at: number): Uint8Array {
  const segments = bytes[at + 26]!;
  const dataStart = at + PAGE_HEADER + segments;
  let length = 0;
  for (let i = 0; i < segments; i++) {
    const lace = bytes[at + PAGE_HEADER + i]!;
    length += lace;
    if (lace < 255) break;
  }
  return bytes.subarray(dataStart, dataStart + length);
}

/**
 * The first packet of the Ogg page at `at` without walking the rest of the file (for format detection), or undefined
 * when that page is cut short.
 */
export function readFirstOggPacket(bytes: Uint8Array, at = 0): Uint8Array | undefined {
  if (!isPageStart(bytes, at)) return undefined;
  const length = pageLength(bytes, at);
  if (length === undefined || at + length > bytes.length) return undefined;
  return readFirstPacket(bytes, at);
}
