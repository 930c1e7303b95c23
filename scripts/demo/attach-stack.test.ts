import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeStackFile } from "../../server/src/stack/stack-file.js";
import { attachStack } from "./attach-stack.js";
import { DemoError } from "./demo-error.js";

describe("attachStack: the demo against an npm start that is already running", () => {
  let dir: string;
  const serverUrl = "http://127.0.0.1:4000";
  const file = {
    pid: 1,
    serverUrl,
    generatorUrl: "http://127.0.0.1:4001",
    generatorModelsDir: "/data/generator/models",
    rpcUrl: "http://127.0.0.1:8545",
    chainId: 31337,
    contracts: { SoundmarkRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3", TrackNFT: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" },
    signer: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    watermarkKeyId: null,
  } as const;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "attach-stack-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("takes the generator, chain and signer from stack.json and the key from the caller", async () => {
    await writeStackFile(dir, file);
    expect(await attachStack({ serverUrl, dataDir: dir, apiKey: "sm_abc" })).toEqual({
      serverUrl,
      apiKey: "sm_abc",
      rpcUrl: file.rpcUrl,
      chainId: 31337,
      contracts: file.contracts,
      signer: file.signer,
      generatorUrl: file.generatorUrl,
      generatorModelsDir: file.generatorModelsDir,
    });
  });

  it("says what is missing: the stack file, the generator, a usable API key", async () => {
    await expect(attachStack({ serverUrl, dataDir: dir, apiKey: "sm_abc" })).rejects.toThrow(/has no stack\.json/);
    await writeStackFile(dir, { ...file, generatorUrl: null, generatorModelsDir: null });
    await expect(attachStack({ serverUrl, dataDir: dir, apiKey: "sm_abc" })).rejects.toThrow(/runs no generator worker/);
    await writeStackFile(dir, file);
    for (const apiKey of [undefined, "", "siwe_token", "sm_ spaced"]) {
      await expect(attachStack({ serverUrl, dataDir: dir, apiKey })).rejects.toBeInstanceOf(DemoError);
    }
  });
});
