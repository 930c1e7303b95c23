import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus } from "../../corpus/synthetic-corpus.js";
import { trainTinyModel } from "../../pipeline/testing/tiny-model.js";
import { Gen } from "../../render/soundfont/generators.js";
import { buildSoundFont } from "../../render/soundfont/testing/build-soundfont.js";
import { runCli } from "../testing/run-cli.js";

let dir: string;
let model: string;
let key: string;
let prompt: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cli-generate-"));
  model = path.join(dir, "model");
  await trainTinyModel(model);
  key = path.join(dir, "key.json");
  expect((await runCli("watermark", "keygen", "--out", key)).code).toBe(0);
  // A piece with drums opens the generated track, so the audio is full-band music from the start: a barely trained
  // model alone can leave long silences, and a lone melody and bass leave most watermark bands empty.
  prompt = path.join(dir, "prompt.mid");
  await writeFile(prompt, syntheticCorpus(4, { pieces: 1, bars: 8 })[0]!.bytes);
}, 60_000);

describe("soundmark generate", () => {
  it("writes the WAV, MIDI and manifest; the same command gives the same bytes; detect reads the payload", async () => {
    const args = ["--model", model, "--seconds", "8", "--seed", "7", "--key", key, "--temperature", "0.8", "--top-k", "16", "--prompt", prompt, "--synth"];
    const first = await runCli("generate", ...args, "--out", path.join(dir, "one.wav"));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/wrote .*one\.wav, .*one\.mid, .*one\.json/);
    expect(first.stderr).toMatch(/^generate: 8\.0 s of audio, \d+ tokens on \w+ in \d+\.\d s\n$/);
    const manifest = JSON.parse(await readFile(path.join(dir, "one.json"), "utf8"));
    expect(manifest.generator).toMatchObject({ seed: 7, seconds: 8, renderer: "synth", sampling: { temperature: 0.8, topK: 16 } });
    expect(manifest.generator.promptSha256).toMatch(/^[0-9a-f]{64}$/);

    const second = await runCli("generate", ...args, "--out", path.join(dir, "two.wav"), "--json");
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).audio.sha256).toBe(manifest.audio.sha256);
    expect((await readFile(path.join(dir, "two.wav"))).equals(await readFile(path.join(dir, "one.wav")))).toBe(true);

    const detected = JSON.parse((await runCli("watermark", "detect", "--key", key, path.join(dir, "one.wav"), "--json")).stdout);
    expect(detected.detected).toBe(true);
    expect(detected.payload).toBe(manifest.watermark.payload);
  }, 60_000);

  it("renders with a given SoundFont and embeds a given payload", async () => {
    const samples = new Int16Array(2000);
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(12000 * Math.sin((2 * Math.PI * i) / 100));
    const font = buildSoundFont({
      samples,
      sampleHeaders: [{ name: "sine", start: 0, end: 2000, loopStart: 1000, loopEnd: 2000, sampleRate: 44100, originalPitch: 69, pitchCorrection: -4 }],
      instruments: [{ name: "Sine", zones: [new Map([[Gen.sampleModes, 1], [Gen.sampleID, 0]])] }],
      presets: [{ name: "Sine", bank: 0, program: 0, zones: [new Map([[Gen.instrument, 0]])] }],
    });
    const sf2 = path.join(dir, "sine.sf2");
    await writeFile(sf2, font);
    const out = path.join(dir, "sf.wav");
    const run = await runCli("generate", "--model", model, "--seconds", "5", "--seed", "2", "--key", key, "--out", out, "--soundfont", sf2, "--payload", "00112233445566ff", "--json");
    expect(run.code, run.stderr).toBe(0);
    const manifest = JSON.parse(run.stdout);
    expect(manifest.generator.renderer).toBe("soundfont:sine.sf2");
    expect(manifest.watermark.payload).toBe("00112233445566ff");
  }, 30_000);

  it("gives clear errors for bad arguments and bad files", async () => {
    const out = path.join(dir, "bad.wav");
    const base = ["--model", model, "--seed", "1", "--key", key, "--out", out];
    const usage: Array<[string[], RegExp]> = [
      [["--seconds", "5", "--seed", "1", "--key", key, "--out", out], /--model is required/],
      [[...base], /--seconds is required/],
      [[...base, "--seconds", "abc"], /--seconds must be a number, got "abc"/],
      [[...base, "--seconds", "0"], /seconds must be a number from 1 to 600/],
      [[...base, "--seconds", "100000"], /seconds must be a number from 1 to 600/],
      [[...base, "--seconds", "5", "--top-p", "3"], /topP/],
      [[...base, "--seconds", "5", "--beam", "0"], /beamWidth/],
      [[...base, "--seconds", "5", "--payload", "xyz"], /16 hex digits/],
      [[...base, "--seconds", "5", "--synth", "--soundfont", "x.sf2"], /exclude each other/],
      [["--model", model, "--seconds", "5", "--seed", "1", "--key", key, "--out", path.join(dir, "x.mp3")], /\.wav/],
      [[...base, "--seconds", "5", "extra"], /unexpected argument "extra"/],
    ];
    for (const [args, message] of usage) {
      const r = await runCli("generate", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const badKey = path.join(dir, "bad-key.json");
    await writeFile(badKey, '{"secret": "nope"}');
    const notMidi = path.join(dir, "not.mid");
    await writeFile(notMidi, "this is not a MIDI file");
    const failures: Array<[string[], RegExp]> = [
      [["--model", model, "--seconds", "5", "--seed", "1", "--key", path.join(dir, "missing.json"), "--out", out], /ENOENT.*missing\.json/],
      [["--model", model, "--seconds", "5", "--seed", "1", "--key", badKey, "--out", out, "--synth"], /key/i],
      [["--model", path.join(dir, "nope"), "--seconds", "5", "--seed", "1", "--key", key, "--out", out, "--synth"], /config\.json/],
      [[...base, "--seconds", "5", "--style", "nobody", "--synth"], /nobody/],
      [[...base, "--seconds", "5", "--prompt", notMidi, "--synth"], /MIDI/],
      [[...base, "--seconds", "5", "--soundfont", notMidi], /SoundFont/],
    ];
    for (const [args, message] of failures) {
      const r = await runCli("generate", ...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr).toMatch(/^soundmark: /);
      expect(r.stderr).toMatch(message);
    }
  }, 30_000);
});
