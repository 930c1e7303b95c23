import { closeSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { crc32 } from "node:zlib";
import { IndexCorruptError } from "../errors/index-error.js";

/**
 * The index's append-only log: a 16-byte file header ("SMKLOG\0\0", format version, reserved) and records
 *
 *   u32 magic "SMKR" | u32 type | u32 payload bytes (multiple of 4) | u32 crc32(payload) | u32 crc32(previous 16 bytes)
 *   payload
 *
 * all little-endian, every record 4-byte aligned. A record is written with one write and made durable with fdatasync
 * before `append` returns. On open, a tail too short for a record header, or a record whose (checksummed) header
 * announces more bytes than the file holds, is a torn write from a crash: it is cut off and reported. Anything else
 * that does not check out (a bad header checksum, a bad payload checksum, a wrong magic) is damage, reported as an
 * IndexCorruptError unless the caller asks to repair (truncate at the first damaged record).
 */

const FILE_MAGIC = "SMKLOG\0\0";
const FILE_VERSION = 1;
export const FILE_HEADER_BYTES = 16;
const RECORD_MAGIC = 0x524b4d53;
export const RECORD_HEADER_BYTES = 20;
/** Largest payload accepted (a 100-minute track's postings are far below). */
const MAX_PAYLOAD_BYTES = 1 << 30;

export interface LogScanReport {
  /** Records read. */
  records: number;
  /** Bytes of the log that were kept. */
  bytes: number;
  /** Bytes cut from the end: a torn last write, or (with repair) everything from the first damaged record. */
  truncatedBytes: number;
  /** Why bytes were cut, when they were. */
  reason: string | undefined;
}

/** One record met while scanning: its type, payload (an aligned copy) and place in the file. */
export interface LogRecord {
  type: number;
  payload: Uint8Array;
  offset: number;
  bytes: number;
}

function fileHeader(): Uint8Array {
  const header = new Uint8Array(FILE_HEADER_BYTES);
  header.set(new TextEncoder().encode(FILE_MAGIC), 0);
  new DataView(header.buffer).setUint32(8, FILE_VERSION, true);
  return header;
}

function readFully(fd: number, target: Uint8Array, position: number): number {
  let done = 0;
  while (done < target.length) {
    const n = readSync(fd, target, done, target.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

function writeFully(fd: number, data: Uint8Array, position: number): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done, position + done);
}

/** fsync of a directory, so that a rename or a creation inside it is durable. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some platforms cannot open or fsync a directory; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes `data` to `path` atomically: a temporary file, fsync, rename over `path`, fsync of the directory. */
export function writeFileAtomic(path: string, data: Uint8Array): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeFully(fd, data, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  syncDirectory(dirname(path));
}

/** Creates an empty log (header only) atomically. */
export function createLog(path: string): void {
  writeFileAtomic(path, fileHeader());
}

/** The bytes of one record: header and payload (padded to 4 bytes). */
export function encodeRecord(type: number, payload: Uint8Array): Uint8Array {
  const padded = (payload.length + 3) & ~3;
  const out = new Uint8Array(RECORD_HEADER_BYTES + padded);
  out.set(payload, RECORD_HEADER_BYTES);
  const view = new DataView(out.buffer);
  view.setUint32(0, RECORD_MAGIC, true);
  view.setUint32(4, type, true);
  view.setUint32(8, padded, true);
  view.setUint32(12, crc32(out.subarray(RECORD_HEADER_BYTES)), true);
  view.setUint32(16, crc32(out.subarray(0, 16)), true);
  return out;
}

/** An open log: scanned, its torn tail cut, ready for appends. */
export class SegmentLog {
  readonly path: string;
  #fd: number;
  #size: number;

  private constructor(path: string, fd: number, size: number) {
    this.path = path;
    this.#fd = fd;
    this.#size = size;
  }

  /** Bytes in the log (header included). */
  get size(): number {
    return this.#size;
  }

  /**
   * Opens and scans the log at `path`, calling `onRecord` for every valid record in order.
   *
   * @throws IndexCorruptError for damage other than a torn tail, unless `repair` (then the log is cut there).
   */
  static open(
    path: string,
    onRecord: (record: LogRecord) => void,
    options: { repair?: boolean; readOnly?: boolean } = {},
  ): { log: SegmentLog; report: LogScanReport } {
    const fd = openSync(path, options.readOnly ? "r" : "r+");
    try {
      const size = fstatSync(fd).size;
      const header = new Uint8Array(FILE_HEADER_BYTES);
      const expected = fileHeader();
      if (readFully(fd, header, 0) < FILE_HEADER_BYTES || header.some((b, i) => b !== expected[i])) {
        throw new IndexCorruptError(path, 0, "not a Soundmark index log (bad file header)");
      }
      let at = FILE_HEADER_BYTES;
      let records = 0;
      let cut: { reason: string; damage: boolean } | undefined;
      const head = new Uint8Array(RECORD_HEADER_BYTES);
      const headView = new DataView(head.buffer);
      while (at < size) {
        if (size - at < RECORD_HEADER_BYTES) {
          cut = { reason: `torn write: ${size - at} bytes after the last record`, damage: false };
          break;
        }
        readFully(fd, head, at);
        if (headView.getUint32(0, true) !== RECORD_MAGIC || headView.getUint32(16, true) !== crc32(head.subarray(0, 16))) {
          cut = { reason: "record header fails its checksum", damage: true };
          break;
        }
        const type = headView.getUint32(4, true);
        const length = headView.getUint32(8, true);
        if (length % 4 !== 0 || length > MAX_PAYLOAD_BYTES) {
          cut = { reason: `record length ${length} is invalid`, damage: true };
          break;
        }
        if (at + RECORD_HEADER_BYTES + length > size) {
          cut = { reason: `torn write: a record of ${length} bytes ends past the end of the file`, damage: false };
          break;
        }
        const payload = new Uint8Array(length);
        readFully(fd, payload, at + RECORD_HEADER_BYTES);
        if (crc32(payload) !== headView.getUint32(12, true)) {
          cut = { reason: "record payload fails its checksum", damage: true };
          break;
        }
        const bytes = RECORD_HEADER_BYTES + length;
        onRecord({ type, payload, offset: at, bytes });
        records++;
        at += bytes;
      }
      if (cut?.damage && !options.repair) throw new IndexCorruptError(path, at, cut.reason);
      if (cut && !options.readOnly) {
        ftruncateSync(fd, at);
        fsyncSync(fd);
      }
      const report: LogScanReport = { records, bytes: at, truncatedBytes: size - at, reason: cut?.reason };
      return { log: new SegmentLog(path, fd, at), report };
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Appends one record durably; returns its offset. On a failed write the log is cut back to where it was. */
  append(type: number, payload: Uint8Array): { offset: number; bytes: number } {
    const record = encodeRecord(type, payload);
    const offset = this.#size;
    try {
      writeFully(this.#fd, record, offset);
      fdatasyncSync(this.#fd);
    } catch (error) {
      try {
        ftruncateSync(this.#fd, offset);
      } catch {
        // The next open will find the torn tail and cut it.
      }
      throw error;
    }
    this.#size += record.length;
    return { offset, bytes: record.length };
  }

  /** Reads `bytes` bytes at `offset` (a whole record, header included). */
  read(offset: number, bytes: number): Uint8Array {
    const out = new Uint8Array(bytes);
    if (readFully(this.#fd, out, offset) !== bytes) throw new IndexCorruptError(this.path, offset, "short read");
    return out;
  }

  /**
   * Writes a new log holding the given records of this one (whole records copied as they are) atomically in place of
   * this one, and returns it open. The old descriptor is closed.
   */
  rewrite(keep: ReadonlyArray<{ offset: number; bytes: number }>): { log: SegmentLog; offsets: number[] } {
    const tmp = `${this.path}.compact`;
    const fd = openSync(tmp, "w");
    const offsets: number[] = [];
    let at = 0;
    try {
      const header = fileHeader();
      writeFully(fd, header, 0);
      at = header.length;
      for (const record of keep) {
        const bytes = this.read(record.offset, record.bytes);
        writeFully(fd, bytes, at);
        offsets.push(at);
        at += bytes.length;
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    syncDirectory(dirname(this.path));
    closeSync(this.#fd);
    this.#fd = -1;
    return { log: new SegmentLog(this.path, openSync(this.path, "r+"), at), offsets };
  }

  close(): void {
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
  }
}
