import { describe, expect, it } from "vitest";
import { WATERMARK_SCHEME, type WatermarkScan } from "../pipeline/index.js";
import type { TrackRecordSummary } from "./track-records.js";
import { decideVerdict } from "./verdict.js";

const scan = (detected: boolean): WatermarkScan => ({
  detected,
  scheme: WATERMARK_SCHEME,
  keyId: "wmk_0123456789abcdef",
  payload: detected ? "0102030405060708" : "",
  falsePositiveProbability: detected ? 1e-12 : 0.4,
  bitErrors: 0,
  score: detected ? 9 : 0.3,
});

const record = (over: Partial<TrackRecordSummary>): TrackRecordSummary => ({
  sha256: "a".repeat(64),
  status: "registered",
  kind: "generated",
  registered: true,
  generated: true,
  styleId: 1,
  licenceId: 0,
  parents: [],
  durationSeconds: 30,
  pcmSha256: "b".repeat(64),
  cid: null,
  manifestCid: null,
  transactionHash: null,
  blockNumber: null,
  registrant: null,
  watermark: null,
  generator: null,
  ...over,
});

describe("decideVerdict", () => {
  it("says yes for a detected watermark, even without any match", () => {
    expect(decideVerdict({ analysable: true, watermark: scan(true), matchedRecords: [], matchCount: 0 }).verdict).toBe("yes");
  });

  it("says yes for a match to a registered generated track, even without a watermark", () => {
    const result = decideVerdict({ analysable: true, watermark: scan(false), matchedRecords: [record({})], matchCount: 1 });
    expect(result.verdict).toBe("yes");
    expect(result.reasons[0]).toMatch(/matches registered generated track a{64}/);
  });

  it("says no only after a full analysis found nothing", () => {
    expect(decideVerdict({ analysable: true, watermark: scan(false), matchedRecords: [], matchCount: 0 }).verdict).toBe("no");
  });

  it("says unknown for audio it cannot analyse, without a key, or for matches that are not AI-made", () => {
    expect(decideVerdict({ analysable: false, watermark: null, matchedRecords: [], matchCount: 0 }).verdict).toBe("unknown");
    expect(decideVerdict({ analysable: true, watermark: null, matchedRecords: [], matchCount: 0 }).verdict).toBe("unknown");
    const original = record({ kind: "original", generated: false, styleId: 0 });
    expect(decideVerdict({ analysable: true, watermark: scan(false), matchedRecords: [original], matchCount: 1 }).verdict).toBe("unknown");
    const unfinished = record({ status: "processing", registered: false });
    const result = decideVerdict({ analysable: true, watermark: scan(false), matchedRecords: [unfinished], matchCount: 1 });
    expect(result.verdict).toBe("unknown");
    expect(result.reasons[0]).toMatch(/ingest is processing/);
  });
});
