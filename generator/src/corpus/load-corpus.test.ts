import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmptyCorpusError } from "./corpus-error.js";
import { encodeCorpus } from "./encode-corpus.js";
import { loadCorpus } from "./load-corpus.js";
import { splitHeldOut } from "./split-held-out.js";
import { syntheticCorpus, syntheticStyle } from "./synthetic-corpus.js";
import { buildMus } from "./testing/build-mus.js";
import { buildWad } from "./testing/build-wad.js";

describe("corpora", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "soundmark-corpus-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("loads .mid files recursively and WAD music, in path order, skipping what is not MIDI", async () => {
    const root = path.join(dir, "a");
    const [one, two, three] = syntheticCorpus(3, { pieces: 3, bars: 2 });
    await mkdir(path.join(root, "deep", "er"), { recursive: true });
    await writeFile(path.join(root, "b.mid"), one!.bytes);
    await writeFile(path.join(root, "deep", "er", "a.MIDI"), two!.bytes);
    await writeFile(path.join(root, "deep", "notes.txt"), "not music");
    await writeFile(path.join(root, "big.mid"), new Uint8Array(2048));
    await writeFile(path.join(root, "doom.wad"), buildWad([{ name: "D_E1M1", bytes: three!.bytes }, { name: "D_E1M2", bytes: buildMus([{ type: 1, channel: 0, data: [60], delay: 140 }, { type: 0, channel: 0, data: [60] }]) }]));
    const corpus = await loadCorpus(root, { maxFileBytes: 1024 + 512 });
    expect(corpus.pieces.map((p) => p.name)).toEqual(["b.mid", path.join("deep", "er", "a.MIDI"), "doom.wad:D_E1M1", "doom.wad:D_E1M2"]);
    expect(corpus.skipped).toEqual([{ name: "big.mid", reason: "2048 bytes exceeds the 1536-byte limit" }]);
    const encoded = encodeCorpus(corpus.pieces);
    expect(encoded.pieces).toHaveLength(4);
    expect(encoded.skipped).toEqual([]);
  });

  it("reports an empty or missing corpus with EmptyCorpusError", async () => {
    const empty = path.join(dir, "empty");
    await mkdir(empty);
    await writeFile(path.join(empty, "readme.txt"), "nothing");
    await expect(loadCorpus(empty)).rejects.toBeInstanceOf(EmptyCorpusError);
    await expect(loadCorpus(path.join(dir, "missing"))).rejects.toThrow(/cannot read/);
  });

  it("skips damaged pieces when encoding, and fails only when none is left", () => {
    const good = syntheticCorpus(1, { pieces: 1, bars: 2 })[0]!;
    const result = encodeCorpus([good, { name: "bad.mid", bytes: good.bytes.slice(0, 30) }, { name: "text.mid", bytes: new TextEncoder().encode("hello") }]);
    expect(result.pieces.map((p) => p.name)).toEqual([good.name]);
    expect(result.skipped.map((s) => s.name)).toEqual(["bad.mid", "text.mid"]);
    expect(result.skipped[0]!.reason).toMatch(/Invalid MIDI/);
    expect(() => encodeCorpus([{ name: "bad.mid", bytes: new Uint8Array(3) }])).toThrow(EmptyCorpusError);
    expect(() => encodeCorpus([])).toThrow(EmptyCorpusError);
  });

  it("splits held-out pieces deterministically", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const a = splitHeldOut(items, 0.2, 1);
    expect(a.heldOut).toHaveLength(4);
    expect([...a.train, ...a.heldOut].sort((x, y) => x - y)).toEqual(items);
    expect(splitHeldOut(items, 0.2, 1)).toEqual(a);
    expect(splitHeldOut(items, 0.2, 2).heldOut).not.toEqual(a.heldOut);
    expect(splitHeldOut([1], 0.5).heldOut).toEqual([]);
  });

  it("generates the same synthetic corpus for a seed, and distinct styles for distinct seeds", () => {
    expect(syntheticCorpus(4, { pieces: 2 })).toEqual(syntheticCorpus(4, { pieces: 2 }));
    const styles = [0, 1, 2, 3].map(syntheticStyle);
    expect(new Set(styles.map((s) => JSON.stringify([s.scale, s.rhythm, s.melodyProgram]))).size).toBe(4);
  });
});
