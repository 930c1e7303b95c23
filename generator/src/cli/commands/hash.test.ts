import { writeFile, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing/run-cli.js";

const fixtures = path.resolve(import.meta.dirname, "../../../audio/fixtures");

describe("soundmark hash", () => {
  it("prints the same pcmSha256 for the same audio in WAV and FLAC, and different file hashes", async () => {
    const wav = await runCli("hash", path.join(fixtures, "chord-44k1-stereo-s16.wav"), "--json");
    const flac = await runCli("hash", path.join(fixtures, "chord-44k1-stereo-s16.flac"), "--json");
    expect(wav.code).toBe(0);
    expect(flac.code).toBe(0);
    const a = JSON.parse(wav.stdout);
    const b = JSON.parse(flac.stdout);
    expect(a.pcmSha256).toBe(b.pcmSha256);
    expect(a.sha256).not.toBe(b.sha256);
    expect(a).toMatchObject({ sampleRate: 44100, channels: 2 });
    expect(a.durationSeconds).toBeCloseTo(2, 3);
    expect(Object.keys(a).sort()).toEqual(["channels", "durationSeconds", "pcmSha256", "sampleRate", "sha256"]);
  });

  it("prints a readable table without --json", async () => {
    const { code, stdout } = await runCli("hash", path.join(fixtures, "tone-11k025-mono-s16.wav"));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^sha256\s+[0-9a-f]{64}$/m);
    expect(stdout).toMatch(/^sampleRate\s+11025$/m);
  });

  it("fails with a clear message and exit 1 on a file that is not audio", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "cli-hash-"));
    const file = path.join(dir, "notes.txt");
    await writeFile(file, "these are not samples\n");
    const { code, stderr, stdout } = await runCli("hash", file);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^soundmark: Unsupported audio format/);
  });

  it("fails with exit 1 on a truncated file, and 1 on a missing one", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "cli-hash-"));
    const bytes = await readFile(path.join(fixtures, "chord-44k1-stereo-s16.flac"));
    const cut = path.join(dir, "cut.flac");
    await writeFile(cut, bytes.subarray(0, bytes.length >> 1));
    const truncated = await runCli("hash", cut);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/truncated/i);
    const missing = await runCli("hash", path.join(dir, "absent.wav"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/ENOENT/);
  });

  it("exits 2 without a file or with two", async () => {
    expect((await runCli("hash")).code).toBe(2);
    expect((await runCli("hash", "a.wav", "b.wav")).code).toBe(2);
  });
});
