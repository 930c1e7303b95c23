import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { IndexCorruptError } from "../errors/index-error.js";
import { excerpt, syntheticMusic } from "../testing/synthetic-music.js";
import { createLog, FILE_HEADER_BYTES, RECORD_HEADER_BYTES, SegmentLog, type LogRecord } from "./segment-log.js";
import { INDEX_LOG_FILE, SoundmarkIndex } from "./soundmark-index.js";

const root = mkdtempSync(join(tmpdir(), "soundmark-log-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const payload = (n: number, fill: number) => new Uint8Array(n).fill(fill);

function scan(path: string, options: { repair?: boolean } = {}) {
  const records: LogRecord[] = [];
  const { log, report } = SegmentLog.open(path, (r) => records.push(r), options);
  return { log, report, records };
}

describe("SegmentLog", () => {
  it("appends checksummed records and reads them back in order", () => {
    const path = join(root, "a.log");
    createLog(path);
    const { log } = scan(path);
    log.append(1, payload(8, 1));
    log.append(2, payload(12, 2));
    log.close();
    const { records, report, log: again } = scan(path);
    again.close();
    expect(records.map((r) => [r.type, r.payload.length, r.payload[0]])).toEqual([
      [1, 8, 1],
      [2, 12, 2],
    ]);
    expect(report).toMatchObject({ records: 2, truncatedBytes: 0, reason: undefined });
    expect(statSync(path).size).toBe(FILE_HEADER_BYTES + 2 * RECORD_HEADER_BYTES + 20);
  });

  it("cuts a torn last write (partial header or partial payload) and reports it", () => {
    const path = join(root, "torn.log");
    createLog(path);
    const { log } = scan(path);
    log.append(1, payload(8, 1));
    log.append(1, payload(400, 2));
    log.close();
    const full = statSync(path).size;
    truncateSync(path, full - 100); // the second record's payload is incomplete
    const torn = scan(path);
    torn.log.close();
    expect(torn.records).toHaveLength(1);
    expect(torn.report.truncatedBytes).toBe(full - 100 - (FILE_HEADER_BYTES + RECORD_HEADER_BYTES + 8));
    expect(torn.report.reason).toMatch(/torn/);
    expect(statSync(path).size).toBe(FILE_HEADER_BYTES + RECORD_HEADER_BYTES + 8);
    appendFileSync(path, new Uint8Array(7)); // a few bytes of a header
    const again = scan(path);
    again.log.close();
    expect(again.records).toHaveLength(1);
    expect(again.report.truncatedBytes).toBe(7);
  });

  it("refuses a damaged record with IndexCorruptError, and repairs only on request", () => {
    const path = join(root, "bad.log");
    createLog(path);
    const { log } = scan(path);
    log.append(1, payload(64, 1));
    log.append(1, payload(64, 2));
    log.append(1, payload(64, 3));
    log.close();
    const bytes = readFileSync(path);
    const second = FILE_HEADER_BYTES + RECORD_HEADER_BYTES + 64;
    bytes[second + RECORD_HEADER_BYTES + 10]! ^= 0x40; // one flipped bit in the second payload
    writeFileSync(path, bytes);
    expect(() => scan(path)).toThrow(IndexCorruptError);
    try {
      scan(path);
    } catch (error) {
      expect((error as IndexCorruptError).offset).toBe(second);
      expect((error as IndexCorruptError).code).toBe("INDEX_CORRUPT");
    }
    const repaired = scan(path, { repair: true });
    repaired.log.close();
    expect(repaired.records).toHaveLength(1);
    expect(repaired.report.reason).toMatch(/checksum/);
    expect(statSync(path).size).toBe(second);
  });

  it("refuses a damaged record header and a foreign file", () => {
    const path = join(root, "head.log");
    createLog(path);
    const { log } = scan(path);
    log.append(1, payload(16, 1));
    log.close();
    const bytes = readFileSync(path);
    bytes[FILE_HEADER_BYTES + 8]! ^= 0x01; // the length field
    writeFileSync(path, bytes);
    expect(() => scan(path)).toThrow(IndexCorruptError);
    const foreign = join(root, "foreign.log");
    writeFileSync(foreign, "hello, world, not an index");
    expect(() => scan(foreign)).toThrow(/bad file header/);
  });
});

describe("SoundmarkIndex on a damaged directory", () => {
  const tracks = [0, 1, 2].map((i) => syntheticMusic({ seed: 300 + i, durationSeconds: 20 }));

  function build(name: string): string {
    const dir = join(root, name);
    const index = SoundmarkIndex.open(dir);
    tracks.forEach((pcm, i) => index.add(`t${i}`, pcm));
    index.close();
    return dir;
  }

  it("recovers from a crash during an add: the torn track is gone, the others answer", () => {
    const dir = build("crash");
    const path = join(dir, INDEX_LOG_FILE);
    truncateSync(path, statSync(path).size - 1000);
    const index = SoundmarkIndex.open(dir);
    expect(index.openReport.log.truncatedBytes).toBeGreaterThan(0);
    expect(index.list().map((t) => t.id)).toEqual(["t0", "t1"]);
    expect(index.query(excerpt(tracks[1]!, 4, 10)).matches[0]?.id).toBe("t1");
    expect(index.query(excerpt(tracks[2]!, 4, 10)).noMatch).toBe(true);
    index.add("t2", tracks[2]!);
    expect(index.query(excerpt(tracks[2]!, 4, 10)).matches[0]?.id).toBe("t2");
    index.close();
  });

  it("never answers from a corrupted log: IndexCorruptError, or an explicit repair", () => {
    const dir = build("rot");
    const path = join(dir, INDEX_LOG_FILE);
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(path, bytes);
    expect(() => SoundmarkIndex.open(dir)).toThrow(IndexCorruptError);
    const repaired = SoundmarkIndex.open(dir, { repair: true });
    expect(repaired.openReport.log.reason).toMatch(/checksum/);
    expect(repaired.size).toBeLessThan(3);
    repaired.close();
  });

  it("refuses a damaged metadata file", () => {
    const dir = build("meta");
    writeFileSync(join(dir, "soundmark-index.json"), "{ not json");
    expect(() => SoundmarkIndex.open(dir)).toThrow(IndexCorruptError);
  });
});
