import { IndexCorruptError } from "../errors/index-error.js";

/** Record types of the log. */
export const RECORD_ADD = 1;
export const RECORD_REMOVE = 2;

/** The postings of one track under one configuration, track-relative. */
export interface TrackFingerprint {
  config: string;
  /** Length of the analysed signal in frames (times are below it). */
  frames: number;
  hashes: Uint32Array;
  times: Uint32Array;
  extras: Uint16Array | undefined;
}

/** What an ADD record holds. */
export interface TrackRecord {
  id: string;
  path: string | undefined;
  durationSeconds: number;
  fingerprints: TrackFingerprint[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
const pad4 = (n: number) => (n + 3) & ~3;

/**
 * ADD payload: u32 layout version (1) | u32 id bytes | u32 path bytes + 1 (0: none) | u32 fingerprints |
 * f64 duration | id | path (each padded to 4) | per fingerprint: u32 name bytes | name (padded) | u32 frames |
 * u32 count | u32 has extras | hashes u32[count] | times u32[count] | extras u16[count] (padded).
 */
export function encodeAddRecord(record: TrackRecord): Uint8Array {
  const id = encoder.encode(record.id);
  const path = record.path === undefined ? undefined : encoder.encode(record.path);
  const names = record.fingerprints.map((f) => encoder.encode(f.config));
  let size = 24 + pad4(id.length) + pad4(path?.length ?? 0);
  record.fingerprints.forEach((f, i) => {
    size += 4 + pad4(names[i]!.length) + 12 + 8 * f.hashes.length + (f.extras ? pad4(2 * f.hashes.length) : 0);
  });
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 1, true);
  view.setUint32(4, id.length, true);
  view.setUint32(8, path === undefined ? 0 : path.length + 1, true);
  view.setUint32(12, record.fingerprints.length, true);
  view.setFloat64(16, record.durationSeconds, true);
  let at = 24;
  out.set(id, at);
  at += pad4(id.length);
  if (path) {
    out.set(path, at);
    at += pad4(path.length);
  }
  record.fingerprints.forEach((f, i) => {
    const name = names[i]!;
    const n = f.hashes.length;
    view.setUint32(at, name.length, true);
    out.set(name, at + 4);
    at += 4 + pad4(name.length);
    view.setUint32(at, f.frames, true);
    view.setUint32(at + 4, n, true);
    view.setUint32(at + 8, f.extras ? 1 : 0, true);
    at += 12;
    new Uint32Array(out.buffer, at, n).set(f.hashes);
    at += 4 * n;
    new Uint32Array(out.buffer, at, n).set(f.times);
    at += 4 * n;
    if (f.extras) {
      new Uint16Array(out.buffer, at, n).set(f.extras);
      at += pad4(2 * n);
    }
  });
  return out;
}

/**
 * Decodes an ADD payload (which must start at a 4-byte aligned offset of its buffer); the arrays are views into it.
 *
 * @throws IndexCorruptError when the structure does not fit its length (a checksum collision, or a writer bug).
 */
export function decodeAddRecord(payload: Uint8Array, file: string, offset: number): TrackRecord {
  const fail = (reason: string): never => {
    throw new IndexCorruptError(file, offset, `malformed track record: ${reason}`);
  };
  if (payload.byteOffset % 4 !== 0 || payload.length < 24) fail("too short");
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  if (view.getUint32(0, true) !== 1) fail("unknown layout version");
  const idBytes = view.getUint32(4, true);
  const pathField = view.getUint32(8, true);
  const count = view.getUint32(12, true);
  const durationSeconds = view.getFloat64(16, true);
  let at = 24;
  const take = (bytes: number): number => {
    const start = at;
    at += bytes;
    if (at > payload.length) fail("fields run past the end");
    return start;
  };
  const text = (bytes: number): string => {
    const start = take(pad4(bytes));
    try {
      return decoder.decode(payload.subarray(start, start + bytes));
    } catch {
      return fail("invalid UTF-8");
    }
  };
  const id = text(idBytes);
  const path = pathField === 0 ? undefined : text(pathField - 1);
  const fingerprints: TrackFingerprint[] = [];
  for (let i = 0; i < count; i++) {
    const nameBytes = view.getUint32(take(4), true);
    const config = text(nameBytes);
    const head = take(12);
    const frames = view.getUint32(head, true);
    const n = view.getUint32(head + 4, true);
    const hasExtras = view.getUint32(head + 8, true) === 1;
    if (8 * n > payload.length) fail("posting count exceeds the record");
    const hashes = new Uint32Array(payload.buffer, payload.byteOffset + take(4 * n), n);
    const times = new Uint32Array(payload.buffer, payload.byteOffset + take(4 * n), n);
    const extras = hasExtras ? new Uint16Array(payload.buffer, payload.byteOffset + take(pad4(2 * n)), n) : undefined;
    for (let k = 0; k < n; k++) if (times[k]! >= frames) fail("a posting time lies past the track's end");
    fingerprints.push({ config, frames, hashes, times, extras });
  }
  if (at !== payload.length) fail("trailing bytes");
  if (!Number.isFinite(durationSeconds) || durationSeconds < 0) fail("invalid duration");
  return { id, path, durationSeconds, fingerprints };
}

/** REMOVE payload: u32 id bytes | id (padded). */
export function encodeRemoveRecord(id: string): Uint8Array {
  const bytes = encoder.encode(id);
  const out = new Uint8Array(4 + pad4(bytes.length));
  new DataView(out.buffer).setUint32(0, bytes.length, true);
  out.set(bytes, 4);
  return out;
}

export function decodeRemoveRecord(payload: Uint8Array, file: string, offset: number): string {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const n = payload.length >= 4 ? view.getUint32(0, true) : -1;
  if (n < 0 || 4 + pad4(n) !== payload.length) throw new IndexCorruptError(file, offset, "malformed remove record");
  try {
    return decoder.decode(payload.subarray(4, 4 + n));
  } catch {
    throw new IndexCorruptError(file, offset, "malformed remove record: invalid UTF-8");
  }
}
