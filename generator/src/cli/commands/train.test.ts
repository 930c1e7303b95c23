import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus } from "../../corpus/synthetic-corpus.js";
import { buildWad } from "../../corpus/testing/build-wad.js";
import { loadStyleModel } from "../../model/load-style-model.js";
import { runCli } from "../testing/run-cli.js";

let dir: string;
let corpus: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cli-train-"));
  corpus = path.join(dir, "corpus");
  await mkdir(path.join(corpus, "nested"), { recursive: true });
  const pieces = syntheticCorpus(3, { pieces: 5, bars: 4 });
  for (const [i, piece] of pieces.entries()) await writeFile(path.join(corpus, i % 2 ? "nested" : "", `piece-${i}.mid`), piece.bytes);
  await writeFile(path.join(corpus, "broken.mid"), "MThd this is not really MIDI");
});

describe("soundmark train", () => {
  it("trains on a MIDI folder, then fine-tunes on a WAD, and the result generates in the new style", async () => {
    const model = path.join(dir, "model-a");
    const trained = await runCli("train", "--corpus", corpus, "--style", "artist-a", "--out", model, "--epochs", "1", "--max-steps", "2", "--seed", "1");
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/^wrote .*model-a \(model [0-9a-f]{64}, styles artist-a\)/);
    expect(trained.stderr).toMatch(/skipped broken\.mid: /);
    expect(trained.stderr).toMatch(/corpus: 4 pieces for training, 1 held out/);
    expect(trained.stderr).toMatch(/epoch 1\/1: train loss \d/);
    const loaded = await loadStyleModel(model);
    expect(loaded.styles).toEqual(["artist-a"]);
    const hashA = loaded.hash();
    loaded.dispose();
    expect(trained.stdout).toContain(hashA);

    const wad = path.join(dir, "music.wad");
    const other = syntheticCorpus(4, { pieces: 3, bars: 4 });
    await writeFile(wad, buildWad(other.map((p, i) => ({ name: `D_E1M${i + 1}`, bytes: p.bytes }))));
    const tuned = path.join(dir, "model-b");
    const fineTune = await runCli("train", "--corpus", wad, "--style", "artist-b", "--out", tuned, "--base", model, "--epochs", "1", "--max-steps", "2", "--json");
    expect(fineTune.code, fineTune.stderr).toBe(0);
    const summary = JSON.parse(fineTune.stdout);
    expect(summary.styles).toEqual(["artist-a", "artist-b"]);
    expect(summary.pieces).toEqual({ train: 2, heldOut: 1, skipped: 0 });
    expect(summary.modelHash).not.toBe(hashA);
    expect(summary.epochs[0].validationPerplexity).toBeGreaterThan(1);
    const metadata = JSON.parse(await readFile(path.join(tuned, "model.json"), "utf8")).userDefinedMetadata;
    expect(metadata.base).toBe(hashA);

    const key = path.join(dir, "key.json");
    await runCli("watermark", "keygen", "--out", key);
    const generated = await runCli("generate", "--model", tuned, "--seconds", "4", "--seed", "1", "--key", key, "--out", path.join(dir, "t.wav"), "--synth", "--json");
    expect(generated.code, generated.stderr).toBe(0);
    expect(JSON.parse(generated.stdout).generator).toMatchObject({ style: "artist-b", modelHash: summary.modelHash });
  }, 60_000);

  it("gives clear errors for bad arguments, empty corpora and missing files", async () => {
    const out = path.join(dir, "never");
    const usage: Array<[string[], RegExp]> = [
      [["--style", "s", "--out", out], /--corpus is required/],
      [["--corpus", corpus, "--out", out], /--style is required/],
      [["--corpus", corpus, "--style", "s"], /--out is required/],
      [["--corpus", corpus, "--style", "s", "--out", out, "--epochs", "0"], /--epochs must be an integer 1\.\./],
      [["--corpus", corpus, "--style", "s", "--out", out, "--seed", "x"], /--seed must be an integer/],
      [["--corpus", corpus, "--style", "", "--out", out], /--style must be/],
      [["--corpus", path.join(dir, "notes.txt"), "--style", "s", "--out", out], /folder of MIDI files or a \.wad/],
    ];
    await writeFile(path.join(dir, "notes.txt"), "hello");
    for (const [args, message] of usage) {
      const r = await runCli("train", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const empty = path.join(dir, "empty");
    await mkdir(empty);
    const onlyBroken = path.join(dir, "only-broken");
    await mkdir(onlyBroken);
    await writeFile(path.join(onlyBroken, "a.mid"), "not midi at all");
    const failures: Array<[string[], RegExp]> = [
      [["--corpus", empty, "--style", "s", "--out", out], /no MIDI/i],
      [["--corpus", onlyBroken, "--style", "s", "--out", out], /no piece/i],
      [["--corpus", path.join(dir, "missing"), "--style", "s", "--out", out], /ENOENT/],
      [["--corpus", corpus, "--style", "s", "--out", out, "--base", path.join(dir, "no-model")], /config\.json/],
    ];
    for (const [args, message] of failures) {
      const r = await runCli("train", ...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  }, 30_000);
});
