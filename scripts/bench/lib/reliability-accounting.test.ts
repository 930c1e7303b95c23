import { describe, expect, it } from "vitest";
import { accountRegistrations, everyUploadRegisteredOnce, rssTrend, summarizeLatency } from "./reliability-accounting.js";

const A = "a".repeat(64);
const B = "b".repeat(64);
const C = "c".repeat(64);
const D = "d".repeat(64);
const E = "e".repeat(64);

describe("accountRegistrations", () => {
  it("counts an upload registered with one event as registered", () => {
    const o = accountRegistrations([A], new Map([[A, "registered"]]), new Map([[A, 1]]));
    expect(o).toMatchObject({ accepted: 1, registered: 1, duplicates: 0, lost: 0, failed: 0, pending: 0, problems: [] });
    expect(everyUploadRegisteredOnce(o)).toBe(true);
  });

  it("tells duplicates, losses, failures and pending jobs apart", () => {
    const o = accountRegistrations(
      [A, B, C, D, E],
      new Map([
        [A, "registered"],
        [B, "registered"], // no event: the server says registered, the chain does not
        [C, "failed"],
        [D, "processing"],
        // E unknown to the server
      ]),
      new Map([[A, 2]]),
    );
    expect(o).toMatchObject({ accepted: 5, registered: 0, duplicates: 1, lost: 2, failed: 1, pending: 1 });
    expect(o.problems.map((p) => p.sha256)).toEqual([A, B, C, D, E]);
    expect(everyUploadRegisteredOnce(o)).toBe(false);
  });

  it("counts an upload accepted twice (same content) once, case-insensitively", () => {
    const o = accountRegistrations([A, A.toUpperCase()], new Map([[A, "registered"]]), new Map([[A, 1]]));
    expect(o.accepted).toBe(1);
    expect(o.registered).toBe(1);
  });

  it("ignores events of hashes nobody uploaded in this run", () => {
    const o = accountRegistrations([A], new Map([[A, "registered"]]), new Map([[A, 1], [B, 3]]));
    expect(o.duplicates).toBe(0);
  });
});

describe("summarizeLatency", () => {
  it("interpolates percentiles", () => {
    const s = summarizeLatency(Array.from({ length: 101 }, (_, i) => i));
    expect(s).toMatchObject({ count: 101, p50: 50, p90: 90, p99: 99, max: 100, mean: 50 });
  });

  it("is NaN without samples", () => {
    expect(Number.isNaN(summarizeLatency([]).p50)).toBe(true);
  });
});

describe("rssTrend", () => {
  it("fits the slope in MiB per minute", () => {
    const mib = 1024 * 1024;
    // 100 MiB growing 2 MiB per 30 s = 4 MiB/min
    const samples = Array.from({ length: 10 }, (_, i) => ({ t: i * 30, bytes: (100 + 2 * i) * mib }));
    const trend = rssTrend(samples);
    expect(trend.startMiB).toBe(100);
    expect(trend.endMiB).toBe(118);
    expect(trend.peakMiB).toBe(118);
    expect(trend.slopeMiBPerMinute).toBeCloseTo(4, 10);
  });

  it("is flat for a single sample and NaN for none", () => {
    expect(rssTrend([{ t: 0, bytes: 1 }]).slopeMiBPerMinute).toBe(0);
    expect(Number.isNaN(rssTrend([]).startMiB)).toBe(true);
  });
});
