import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../testing/run-cli.js";

const fixtures = path.resolve(import.meta.dirname, "../../../audio/fixtures/chromaprint");

async function fpcalcOutput(name: string): Promise<{ duration: number; raw: number[]; compressed: string }> {
  return JSON.parse(await readFile(path.join(fixtures, `${name}.json`), "utf8"));
}

describe("soundmark fingerprint", () => {
  it("prints what fpcalc printed for the same file, compressed and raw", async () => {
    const expected = await fpcalcOutput("chords-44k-stereo");
    const file = path.join(fixtures, "chords-44k-stereo.flac");
    const plain = await runCli("fingerprint", file);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(`DURATION=${Math.trunc(expected.duration)}\nFINGERPRINT=${expected.compressed}\n`);
    const raw = await runCli("fingerprint", file, "--raw");
    expect(raw.stdout).toBe(`DURATION=${Math.trunc(expected.duration)}\nFINGERPRINT=${expected.raw.join(",")}\n`);
  });

  it("prints fpcalc's JSON shape with --json", async () => {
    const { stdout } = await runCli("fingerprint", path.join(fixtures, "melody-11k-mono.flac"), "--json", "--raw");
    const parsed = JSON.parse(stdout);
    expect(Object.keys(parsed)).toEqual(["duration", "fingerprint"]);
    expect(parsed.fingerprint).toEqual((await fpcalcOutput("melody-11k-mono")).raw);
  });

  it("fails with exit 1 and a clear message on audio too short to fingerprint", async () => {
    const { code, stderr } = await runCli("fingerprint", path.join(fixtures, "tiny-8k-mono.wav"));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^soundmark: .*fingerprint/i);
  });

  it("rejects bad option values with exit 2", async () => {
    const file = path.join(fixtures, "melody-11k-mono.flac");
    expect((await runCli("fingerprint", file, "--length", "-3")).code).toBe(2);
    expect((await runCli("fingerprint", file, "--algorithm", "9")).code).toBe(2);
    expect((await runCli("fingerprint", file, "--length", "abc")).code).toBe(2);
  });
});
