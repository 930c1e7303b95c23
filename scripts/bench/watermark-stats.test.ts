import { describe, expect, it } from "vitest";
import { aggregateAttacks, checkTargets, MISSED_BER, summarizeFpr, summarizeSnr, summarizeSpeed } from "./watermark-stats.js";
import type { AttackRecord, FprRecord, TrackRecord } from "./watermark-records.js";

const attack = (name: string, over: Partial<AttackRecord>): AttackRecord => ({
  attack: name,
  track: "t.ogg",
  excerpt: 0,
  seconds: 10,
  detected: true,
  payloadRecovered: true,
  exact: true,
  bitErrors: 0,
  falsePositiveProbability: 1e-20,
  detectMs: 100,
  attackMs: 10,
  ...over,
});
const fprRecord = (over: Partial<FprRecord>): FprRecord => ({
  category: "music",
  seconds: 10,
  detected: false,
  falsePositiveProbability: 0.5,
  detectMs: 50,
  attackMs: 0,
  ...over,
});

describe("aggregateAttacks", () => {
  it("gives rates, BER with chance for missed payloads, and median p per attack in the given order", () => {
    const records = [
      attack("mp3-64k", { bitErrors: 10 }),
      attack("mp3-64k", { bitErrors: 30, exact: false }),
      attack("mp3-64k", { detected: false, payloadRecovered: false, exact: false, falsePositiveProbability: 1 }),
      attack("mp3-64k", { detected: true, payloadRecovered: false, exact: false, falsePositiveProbability: 1e-7 }),
      attack("none", {}),
    ];
    const rows = aggregateAttacks(records, [{ name: "none", target: "exact" }, { name: "mp3-64k", target: "exact" }, { name: "crop-3s", target: "exact" }], 100);
    expect(rows.map((r) => r.attack)).toEqual(["none", "mp3-64k"]);
    const mp3 = rows[1]!;
    expect(mp3.excerpts).toBe(4);
    expect(mp3.detectedRate).toBe(0.75);
    expect(mp3.exactRate).toBe(0.25);
    expect(mp3.ber).toBeCloseTo((0.1 + 0.3 + 2 * MISSED_BER) / 4, 12);
    expect(mp3.berRecovered).toBeCloseTo(0.2, 12);
    expect(mp3.medianFalsePositiveProbability).toBeCloseTo((1e-20 + 1e-7) / 2, 20);
    expect(rows[0]!.ber).toBe(0);
  });
});

describe("summaries and targets", () => {
  const tracks: TrackRecord[] = [
    { track: "a", seconds: 200, embedMs: 1000, embedSnrDb: 39, excerptEmbedMs: 50, excerptSeconds: 10 },
    { track: "b", seconds: 100, embedMs: 2000, embedSnrDb: 40, excerptEmbedMs: 200, excerptSeconds: 10 },
    { track: "c", seconds: 300, embedMs: 1000, embedSnrDb: 41, excerptEmbedMs: 100, excerptSeconds: 10 },
  ];

  it("counts false detections and the smallest p per category", () => {
    const fpr = summarizeFpr([
      fprRecord({ falsePositiveProbability: 1e-3, score: 2.5 }),
      fprRecord({ category: "pink-noise", falsePositiveProbability: 1 }),
      fprRecord({ category: "pink-noise", detected: true, falsePositiveProbability: 1e-9 }),
    ]);
    expect(fpr).toMatchObject({ excerpts: 3, falseDetections: 1, minFalsePositiveProbability: 1e-9, medianFalsePositiveProbability: 1e-3, maxScore: 2.5 });
    expect(summarizeFpr([fprRecord({})]).maxScore).toBeUndefined();
    expect(fpr.byCategory).toEqual({
      music: { excerpts: 1, falseDetections: 0, minFalsePositiveProbability: 1e-3 },
      "pink-noise": { excerpts: 2, falseDetections: 1, minFalsePositiveProbability: 1e-9 },
    });
  });

  it("reports speeds as medians of seconds of audio per second", () => {
    const speed = summarizeSpeed(tracks, [attack("none", { detectMs: 50 }), attack("mp3-64k", { detectMs: 200 })], [fprRecord({ detectMs: 100 })]);
    expect(speed).toEqual({ embedTrackXRealtime: 200, embedExcerptXRealtime: 100, detectMarkedXRealtime: 200, detectAllXRealtime: 100 });
  });

  it("checks each row against its own target and the global targets", () => {
    const rows = aggregateAttacks(
      [
        ...Array.from({ length: 99 }, () => attack("mp3-64k", {})),
        attack("mp3-64k", { exact: false, payloadRecovered: false }),
        ...Array.from({ length: 19 }, () => attack("speed+5%", { exact: false, payloadRecovered: false })),
        attack("speed+5%", { detected: false, exact: false, payloadRecovered: false }),
      ],
      [
        { name: "mp3-64k", target: "exact" },
        { name: "speed+5%", target: "detect" },
      ],
      172,
    );
    const snr = summarizeSnr([{ track: "a", excerpt: 0, startSeconds: 0, snrDb: 37.9 }], tracks);
    const speed = summarizeSpeed(tracks, [attack("none", { detectMs: 200 })], []);
    const checks = checkTargets(rows, snr, speed, summarizeFpr(Array.from({ length: 10_000 }, () => fprRecord({}))));
    expect(checks.map((c) => c.pass)).toEqual([true, true, false, true, false, true]);
    expect(checks[0]).toEqual({ target: "mp3-64k: exact payload >= 99%", value: "99.0%", pass: true });
    expect(checks[1]).toEqual({ target: "speed+5%: detected >= 95%", value: "95.0%", pass: true });
    expect(checkTargets([], snr, speed, summarizeFpr([fprRecord({})])).at(-1)!.pass).toBe(false);
  });
});
