import { describe, expect, it } from "vitest";
import { durationBucket, tempoBucket, velocityBucket, velocityOfBucket } from "./quantize.js";
import { defaultVocabularySpec as spec } from "./vocabulary.js";

describe("quantisation buckets", () => {
  it("map every bucket's value back to the bucket (so a second quantisation changes nothing)", () => {
    for (let b = 0; b < spec.velocityBins; b++) expect(velocityBucket(spec, velocityOfBucket(spec, b))).toBe(b);
    spec.durationSteps.forEach((d, i) => expect(durationBucket(spec, d)).toBe(i));
    spec.tempoBpms.forEach((t, i) => expect(tempoBucket(spec, t)).toBe(i));
  });

  it("cover the whole MIDI velocity range with ordered buckets", () => {
    const buckets = Array.from({ length: 127 }, (_, i) => velocityBucket(spec, i + 1));
    expect(buckets[0]).toBe(0);
    expect(buckets[126]).toBe(spec.velocityBins - 1);
    expect(buckets.every((b, i) => i === 0 || b >= buckets[i - 1]!)).toBe(true);
    expect(velocityBucket(spec, 0)).toBe(0);
    expect(velocityBucket(spec, 500)).toBe(spec.velocityBins - 1);
  });

  it("take the nearest length and the nearest tempo in log space", () => {
    expect(spec.durationSteps[durationBucket(spec, 9)]).toBe(8); // 8 and 10 tie: the shorter
    expect(spec.durationSteps[durationBucket(spec, 1000)]).toBe(64);
    expect(spec.tempoBpms[tempoBucket(spec, 10)]).toBe(40);
    expect(spec.tempoBpms[tempoBucket(spec, 1000)]).toBe(240);
  });
});
