import { CorruptAudioError, TruncatedAudioError } from "../errors/decode-error.js";
import { dataView, fourCc, hasAscii } from "./bytes.js";

/** Where a WAV file keeps its format and its samples. */
export interface WavChunks {
  /** Body of the "fmt " chunk. */
  fmt: Uint8Array;
  /** Offset of the first sample byte. */
  dataOffset: number;
  /** Sample bytes the file holds (never past its end). */
  dataLength: number;
  /** Sample bytes the data chunk declares: more than `dataLength` when the file is truncated. */
  declaredDataLength: number;
  /** The data chunk has a placeholder size (a writer that could not seek back): the samples run to the end. */
  streamed: boolean;
}

const UNKNOWN_SIZE = 0xffffffff;

/**
 * Walks the RIFF chunks of a WAV file (RIFF, or RF64/BW64 whose 64-bit sizes sit in a "ds64" chunk). Chunks other
 * than "fmt " and "data" (LIST, bext, fact, cue, iXML, JUNK...) are skipped, in any order. The RIFF size field is
 * not trusted for layout (writers often get it wrong) and serves only to tell a truncated file from one without data.
 */
export function readWavChunks(bytes: Uint8Array): WavChunks {
  const view = dataView(bytes);
  const isRf64 = hasAscii(bytes, 0, "RF64") || hasAscii(bytes, 0, "BW64");
  let riffEnd = riffDeclaredEnd(view.getUint32(4, true));
  let ds64DataSize: number | undefined;
  let fmt: Uint8Array | undefined;
  let data: Omit<WavChunks, "fmt"> | undefined;

  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = fourCc(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    const fits = body + size <= bytes.length;

    // A second data chunk (which no writer should produce) is skipped like any unknown chunk.
    if (id === "data" && !data) {
      data = dataChunk(bytes.length, body, size, isRf64 ? ds64DataSize : undefined, riffEnd);
      // A data chunk that runs to the end of the file ends the walk; one that fits may be followed by others.
      if (data.streamed || data.declaredDataLength > data.dataLength) break;
      at = nextChunk(bytes, body, data.declaredDataLength);
      continue;
    }
    if (!fits) {
      // A chunk after the samples that is cut off (a tag being written when the copy stopped) costs nothing.
      if (data && fmt) break;
      throw new TruncatedAudioError(`the file ends inside the "${id}" chunk, before the samples`);
    }
    if (id === "fmt ") fmt = bytes.subarray(body, body + size);
    if (id === "ds64" && isRf64 && size >= 16) {
      // ds64: RIFF size, data size, sample count (64-bit each), then a table for other large chunks.
      riffEnd = 8 + readU64(view, body);
      ds64DataSize = readU64(view, body + 8);
    }
    at = nextChunk(bytes, body, size);
  }

  if (!data) {
    if (bytes.length < riffEnd || (at < bytes.length && at + 8 > bytes.length)) {
      throw new TruncatedAudioError("the file ends before the data chunk");
    }
    throw new CorruptAudioError("the WAV file has no data chunk");
  }
  if (!fmt) throw new CorruptAudioError("the WAV file has no fmt chunk");
  return { fmt, ...data };
}

function dataChunk(
  fileLength: number,
  body: number,
  size: number,
  ds64DataSize: number | undefined,
  riffEnd: number,
): Omit<WavChunks, "fmt"> {
  const available = fileLength - body;
  let declared = size;
  let streamed = false;
  if (size === UNKNOWN_SIZE && ds64DataSize !== undefined) {
    declared = ds64DataSize;
  } else if (size === UNKNOWN_SIZE || (size === 0 && available > 0 && riffEnd === Infinity)) {
    // Writers on a pipe leave 0xFFFFFFFF (ffmpeg) or 0 in both sizes: take the samples up to the end of the file.
    declared = available;
    streamed = true;
  }
  return { dataOffset: body, dataLength: Math.min(declared, available), declaredDataLength: declared, streamed };
}

/** The RIFF size counts from byte 8; 0 and 0xFFFFFFFF are placeholders that say nothing. */
function riffDeclaredEnd(riffSize: number): number {
  return riffSize === 0 || riffSize === UNKNOWN_SIZE ? Infinity : 8 + riffSize;
}

/**
 * Chunks are padded to an even length. Some writers forget the pad byte after an odd-sized chunk: when the padded
 * position holds no chunk id and the unpadded one does, follow the writer rather than the spec.
 */
function nextChunk(bytes: Uint8Array, body: number, size: number): number {
  const end = body + size;
  if (size % 2 === 0) return end;
  if (!looksLikeChunkId(bytes, end + 1) && looksLikeChunkId(bytes, end)) return end;
  return end + 1;
}

/** Four printable ASCII characters, as every registered chunk id is. */
function looksLikeChunkId(bytes: Uint8Array, at: number): boolean {
  if (at + 4 > bytes.length) return false;
  for (let i = 0; i < 4; i++) {
    const b = bytes[at + i]!;
    if (b < 0x20 || b > 0x7e) return false;
  }
  return true;
}

/** A 64-bit size as a number (exact up to 2^53, far beyond any file the limits let through). */
function readU64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
}
