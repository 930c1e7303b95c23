import { describe, expect, it } from "vitest";
import { runCli } from "../testing/run-cli.js";

describe("soundmark generator serve", () => {
  it("rejects bad options before starting anything", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["--port", "70000"], /--port must be an integer 0\.\.65535/],
      [["--port", "http"], /--port must be an integer/],
      [["--workers", "0"], /--workers must be an integer 1\.\.64/],
      [["--queue=0"], /--queue must be an integer 1/],
      [["--synth", "--soundfont", "a.sf2"], /exclude each other/],
      [["stray"], /unexpected argument "stray"/],
      [["--colour", "red"], /colour/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli("generator", "serve", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const missingKey = await runCli("generator", "serve", "--key", "/nonexistent/key.json");
    expect(missingKey.code).toBe(1);
    expect(missingKey.stderr).toMatch(/ENOENT.*key\.json/);
  });

  it("documents the job API in its usage", async () => {
    const { code, stdout } = await runCli("help", "generator", "serve");
    expect(code).toBe(0);
    expect(stdout).toMatch(/POST \/v1\/jobs/);
    expect(stdout).toMatch(/events/);
  });
});
