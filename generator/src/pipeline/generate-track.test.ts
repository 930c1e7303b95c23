import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeAudio } from "../../audio/src/decode/index.js";
import { sha256 } from "../../audio/src/hash/sha256.js";
import { detectWatermark, generateWatermarkKey, WATERMARK_PAYLOAD_BYTES, type WatermarkKey } from "../../audio/src/watermark/index.js";
import { syntheticCorpus } from "../corpus/synthetic-corpus.js";
import { GenerationCancelledError } from "../sample/sample-error.js";
import { midiToNoteSequence } from "../tokenizer/midi-to-note-sequence.js";
import { generateTrack } from "./generate-track.js";
import { InvalidGenerateParametersError } from "./pipeline-error.js";
import { trainTinyModel } from "./testing/tiny-model.js";
import type { TrackManifest } from "./track-manifest.js";

let dir: string;
let modelDir: string;
let modelHash: string;
let key: WatermarkKey;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "generate-track-"));
  modelDir = path.join(dir, "model");
  ({ modelHash } = await trainTinyModel(modelDir));
  key = generateWatermarkKey();
}, 60_000);

describe("generateTrack", () => {
  it("writes a watermarked WAV, its MIDI and a manifest, reproducible byte for byte", async () => {
    const stages: string[] = [];
    const fractions: number[] = [];
    const a = await generateTrack({
      modelDir,
      seconds: 8,
      seed: 7,
      sampling: { temperature: 0.9, topK: 20 },
      watermarkKey: key,
      out: path.join(dir, "a", "track.wav"),
      onProgress: (p) => {
        if (stages.at(-1) !== p.stage) stages.push(p.stage);
        fractions.push(p.fraction);
      },
    });
    expect(stages).toEqual(["load", "generate", "render", "watermark", "write"]);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    expect((await readdir(path.join(dir, "a"))).sort()).toEqual(["track.json", "track.mid", "track.wav"]);

    const wav = await readFile(a.paths.wav);
    const manifest = JSON.parse(await readFile(a.paths.manifest, "utf8")) as TrackManifest;
    expect(manifest).toEqual(a.manifest);
    expect(manifest.audio.sha256).toBe(sha256(wav));
    expect(manifest.audio).toMatchObject({ sampleRate: 44_100, channels: 2, durationSeconds: 8 });
    expect(manifest.generator).toMatchObject({
      modelHash,
      style: "tiny-style",
      seed: 7,
      seconds: 8,
      sampling: { temperature: 0.9, topK: 20, topP: 1, beamWidth: 1 },
      promptSha256: null,
      renderer: "synth",
    });
    expect(manifest.generator.backend).toMatch(/^(wasm|cpu|tensorflow|tensorflow-gpu)$/);
    expect(manifest.generator.tokens).toBeGreaterThan(0);
    expect(manifest.watermark.keyId).toBe(key.keyId);
    expect(manifest.watermark.payload).toMatch(new RegExp(`^[0-9a-f]{${2 * WATERMARK_PAYLOAD_BYTES}}$`));
    // The manifest says whether the written output carries its payload (an 8-second sparse render may not: 2 blocks).
    const written = detectWatermark(await decodeAudio(await readFile(a.paths.wav)), key, { searchScales: false });
    expect(manifest.watermark.verified).toBe(written.detected && Buffer.from(written.payload ?? []).toString("hex") === manifest.watermark.payload);
    expect([38.5, 34, 30]).toContain(manifest.watermark.targetSnrDb);
    expect(Object.values(manifest.timings).every((t) => Number.isInteger(t) && t >= 0)).toBe(true);
    // The MIDI decodes to the notes that were rendered.
    const notes = midiToNoteSequence(await readFile(a.paths.midi)).notes;
    expect(notes.length).toBe(manifest.generator.notes);

    const b = await generateTrack({
      modelDir,
      seconds: 8,
      seed: 7,
      sampling: { temperature: 0.9, topK: 20 },
      watermarkKey: key,
      out: path.join(dir, "b", "again.wav"),
    });
    expect((await readFile(b.paths.wav)).equals(wav)).toBe(true);
    expect((await readFile(b.paths.midi)).equals(await readFile(a.paths.midi))).toBe(true);
    expect(b.manifest.watermark.payload).toBe(manifest.watermark.payload);

    const other = await generateTrack({ modelDir, seconds: 8, seed: 8, sampling: { temperature: 0.9, topK: 20 }, watermarkKey: key, out: path.join(dir, "c.wav") });
    expect(other.manifest.audio.sha256).not.toBe(manifest.audio.sha256);
    expect(other.manifest.watermark.payload).not.toBe(manifest.watermark.payload);
  }, 60_000);

  it("embeds a payload that the detector reads back with the key", async () => {
    const payload = Uint8Array.from({ length: WATERMARK_PAYLOAD_BYTES }, (_, i) => 0x10 + i);
    // The prompt (a piece with drums) makes the audio full-band music from the first bar: silence carries no mark,
    // and a barely trained model alone can leave long silences.
    const promptMidi = syntheticCorpus(4, { pieces: 1, bars: 8 })[0]!.bytes;
    const { paths, manifest } = await generateTrack({ modelDir, seconds: 10, seed: 3, watermarkKey: key, payload, promptMidi, out: path.join(dir, "marked.wav") });
    expect(manifest.generator.promptSha256).toBe(sha256(promptMidi));
    expect(manifest.watermark.payload).toBe(Buffer.from(payload).toString("hex"));
    const audio = await decodeAudio(await readFile(paths.wav));
    const found = detectWatermark(audio, key);
    expect(found.detected).toBe(true);
    expect(manifest.watermark.verified).toBe(true);
    expect(Buffer.from(found.payload!).toString("hex")).toBe(manifest.watermark.payload);
    expect(detectWatermark(audio, generateWatermarkKey()).detected).toBe(false);
  }, 60_000);

  it("stops when cancelled and leaves no files", async () => {
    const controller = new AbortController();
    const out = path.join(dir, "cancelled", "track.wav");
    const run = generateTrack({
      modelDir,
      seconds: 30,
      seed: 1,
      watermarkKey: key,
      out,
      signal: controller.signal,
      onProgress: (p) => p.stage === "generate" && p.fraction > 0.06 && controller.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(GenerationCancelledError);
    await expect(readdir(path.dirname(out))).rejects.toMatchObject({ code: "ENOENT" });
  }, 30_000);

  it("rejects bad parameters before loading anything", async () => {
    const base = { modelDir, seed: 1, watermarkKey: key, out: path.join(dir, "x.wav") };
    const bad = [
      { ...base, seconds: 0 },
      { ...base, seconds: 100_000 },
      { ...base, seconds: Number.NaN },
      { ...base, seconds: 5, seed: -1 },
      { ...base, seconds: 5, seed: 1.5 },
      { ...base, seconds: 5, sampling: { temperature: -1 } },
      { ...base, seconds: 5, sampling: { topP: 0 } },
      { ...base, seconds: 5, sampling: { beamWidth: 1000 } },
      { ...base, seconds: 5, out: path.join(dir, "x.mp3") },
      { ...base, seconds: 5, payload: new Uint8Array(3) },
    ];
    for (const parameters of bad) {
      await expect(generateTrack(parameters), JSON.stringify(parameters)).rejects.toBeInstanceOf(InvalidGenerateParametersError);
    }
    await expect(generateTrack({ ...base, seconds: 5, watermarkKey: { keyId: "x", secret: "nothex" } })).rejects.toThrow(/key/i);
    await expect(generateTrack({ ...base, seconds: 5, modelDir: path.join(dir, "missing") })).rejects.toThrow(/config\.json/);
    await expect(generateTrack({ ...base, seconds: 5, style: "nobody" })).rejects.toThrow(/nobody/);
    await expect(generateTrack({ ...base, seconds: 5, promptMidi: new TextEncoder().encode("not midi") })).rejects.toThrow(/MIDI/);
  }, 30_000);
});
