import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StackError } from "./stack-error.js";
import { readStackFile, removeStackFile, STACK_FILE, writeStackFile, type StackFile } from "./stack-file.js";

const info: StackFile = {
  pid: 4242,
  serverUrl: "http://127.0.0.1:4000",
  generatorUrl: "http://127.0.0.1:4001",
  generatorModelsDir: "/data/generator/models",
  rpcUrl: "http://127.0.0.1:8545",
  chainId: 31337,
  contracts: { SoundmarkRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3", TrackNFT: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" },
  signer: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  watermarkKeyId: "wmk_0123456789abcdef",
};

describe("stack.json", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "stack-file-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("round-trips, and is null when absent", async () => {
    expect(await readStackFile(dir)).toBeNull();
    await writeStackFile(dir, info);
    expect(await readStackFile(dir)).toEqual(info);
  });

  it("is removed only by the process that wrote it", async () => {
    await writeStackFile(dir, info);
    await removeStackFile(dir, 1);
    expect(await readStackFile(dir)).toEqual(info);
    await removeStackFile(dir, info.pid);
    expect(await readStackFile(dir)).toBeNull();
    await removeStackFile(dir, info.pid);
  });

  it("refuses a damaged or foreign file with a StackError", async () => {
    for (const text of ["{ truncated", "[]", "null", JSON.stringify({ serverUrl: 4000 }), ""]) {
      await writeFile(join(dir, STACK_FILE), text);
      await expect(readStackFile(dir), text).rejects.toBeInstanceOf(StackError);
    }
    expect(await readFile(join(dir, STACK_FILE), "utf8")).toBe("");
  });
});
