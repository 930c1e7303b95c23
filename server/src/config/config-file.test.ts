import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigFileError, DEFAULT_CONFIG_FILE, loadConfig, withConfigFile } from "./index.js";

describe("config file", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "soundmark-config-"));
    await mkdir(join(dir, "etc"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, body: string) => {
    const file = join(dir, name);
    await writeFile(file, body);
    return file;
  };

  it("reads SOUNDMARK_CONFIG; paths are relative to the file, numbers become settings", async () => {
    const file = await write("etc/soundmark.json", JSON.stringify({ PORT: 8080, SOUNDMARK_DATA: "../data", SOUNDMARK_WATERMARK_KEYS: "a.json:/k/b.json", CONFIRMATIONS: 2 }));
    const config = loadConfig(withConfigFile({ SOUNDMARK_CONFIG: file }, "/elsewhere"), "/elsewhere");
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe(join(dir, "data"));
    expect(config.watermarkKeyFiles).toEqual([join(dir, "etc", "a.json"), "/k/b.json"]);
    expect(config.chain.confirmations).toBe(2);
  });

  it("lets the environment win over the file, and ignores blank environment values", async () => {
    const file = await write("env-wins.json", JSON.stringify({ PORT: 8080, HOST: "0.0.0.0" }));
    const config = loadConfig(withConfigFile({ SOUNDMARK_CONFIG: file, PORT: "9000", HOST: " " }, dir), dir);
    expect(config.port).toBe(9000);
    expect(config.host).toBe("0.0.0.0");
  });

  it(`reads ./${DEFAULT_CONFIG_FILE} when present and nothing is named; none -> the environment unchanged`, async () => {
    const cwd = await mkdtemp(join(dir, "cwd-"));
    expect(withConfigFile({ PORT: "1" }, cwd)).toEqual({ PORT: "1" });
    await writeFile(join(cwd, DEFAULT_CONFIG_FILE), JSON.stringify({ INGEST_CONCURRENCY: 3 }));
    expect(loadConfig(withConfigFile({}, cwd), cwd).ingest.concurrency).toBe(3);
  });

  it.each([
    ["a file that is not JSON", "PORT=4000", /not JSON/],
    ["a JSON array", "[1,2]", /one JSON object/],
    ["an unknown variable (a typo)", JSON.stringify({ PROT: 4000 }), /"PROT" is not a configuration variable/],
    ["a nested value", JSON.stringify({ PORT: { value: 1 } }), /PORT must be a string or a number/],
    ["an empty file", "", /not JSON/],
    ["a truncated file", '{"PORT": 40', /not JSON/],
  ])("refuses %s with a ConfigFileError naming the file", async (_name, body, message) => {
    const file = await write(`bad-${Math.random().toString(36).slice(2)}.json`, body);
    expect(() => withConfigFile({ SOUNDMARK_CONFIG: file }, dir)).toThrow(ConfigFileError);
    expect(() => withConfigFile({ SOUNDMARK_CONFIG: file }, dir)).toThrow(message);
  });

  it("refuses a named file that does not exist, and an oversized one", async () => {
    expect(() => withConfigFile({ SOUNDMARK_CONFIG: "missing.json" }, dir)).toThrow(/does not exist/);
    const big = await write("big.json", JSON.stringify({ HOST: "x".repeat(70_000) }));
    expect(() => withConfigFile({ SOUNDMARK_CONFIG: big }, dir)).toThrow(/larger than/);
  });

  it("still validates the values through loadConfig", async () => {
    const file = await write("bad-port.json", JSON.stringify({ PORT: 70000 }));
    expect(() => loadConfig(withConfigFile({ SOUNDMARK_CONFIG: file }, dir), dir)).toThrow(/PORT/);
  });
});
