import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import { baseAudioFiles, hostileFiles, mutatedAudioFiles } from "./fuzz-audio-inputs.js";

describe("the fuzz corpus", () => {
  const bases = baseAudioFiles();

  it("starts from one real file per container", () => {
    const magic = bases.map((b) => String.fromCharCode(...b.bytes.subarray(0, 4)));
    expect(magic).toEqual(expect.arrayContaining(["RIFF", "fLaC", "OggS"]));
    expect(bases.find((b) => b.contentType === "audio/mpeg")!.bytes.length).toBeGreaterThan(10_000);
  });

  it("is the same for the same seed and different for another", () => {
    const a = mutatedAudioFiles(new SeededRandom(1), bases, 12);
    const b = mutatedAudioFiles(new SeededRandom(1), bases, 12);
    const c = mutatedAudioFiles(new SeededRandom(2), bases, 12);
    expect(a.map((f) => f.name)).toEqual(b.map((f) => f.name));
    expect(a.map((f) => Buffer.from(f.bytes).toString("base64"))).toEqual(b.map((f) => Buffer.from(f.bytes).toString("base64")));
    expect(a.map((f) => f.name)).not.toEqual(c.map((f) => f.name));
  });

  it("damages every mutated file", () => {
    for (const f of mutatedAudioFiles(new SeededRandom(5), bases, 24)) {
      const base = bases.find((b) => f.name.startsWith(`${b.name}:`))!;
      expect(Buffer.compare(Buffer.from(f.bytes), Buffer.from(base.bytes))).not.toBe(0);
    }
  });

  it("has hostile files with distinct names, including the oversized claims", () => {
    const files = hostileFiles(new SeededRandom(1));
    expect(new Set(files.map((f) => f.name)).size).toBe(files.length);
    const claim = files.find((f) => f.name === "WAV: data chunk claiming 4 GiB")!;
    expect(new DataView(claim.bytes.buffer, claim.bytes.byteOffset).getUint32(40, true)).toBe(0xffffffff);
  });
});
