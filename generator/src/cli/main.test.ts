import { describe, expect, it } from "vitest";
import { runCli } from "./testing/run-cli.js";

describe("soundmark CLI", () => {
  it("lists its commands with --help and exits 0", async () => {
    const { code, stdout } = await runCli("--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/hash/);
  });

  it("exits 2 with a message for no command or an unknown one", async () => {
    expect((await runCli()).code).toBe(2);
    const unknown = await runCli("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command: frobnicate/);
  });

  it("exits 2 for an unknown option, naming it", async () => {
    const { code, stderr } = await runCli("hash", "--bogus", "x.wav");
    expect(code).toBe(2);
    expect(stderr).toMatch(/bogus/);
  });

  it("shows a command's usage with help <command>", async () => {
    const { code, stdout } = await runCli("help", "hash");
    expect(code).toBe(0);
    expect(stdout).toMatch(/usage: soundmark hash/);
  });
});
