import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeWav } from "../../../audio/src/encode/wav-writer.js";
import { syntheticMusic } from "../../../audio/src/testing/synthetic-music.js";
import { generateWatermarkKey } from "../../../audio/src/watermark/index.js";
import { connectChain } from "../../../../server/src/chain/connect.js";
import { deployContracts } from "../../../../server/src/chain/deploy-contracts.js";
import type { Deployment } from "../../../../server/src/chain/deployment.js";
import type { CommandIo } from "../command.js";
import { UsageError } from "../usage-error.js";
import { verifyCommand } from "./verify.js";

/** The command against Hardhat's EDR chain over HTTP with the contracts deployed and nothing registered. */
describe("soundmark verify (command line)", () => {
  let closeChain: () => Promise<void>;
  let rpcUrl: string;
  let dir: string;
  let deployment: Deployment;
  let deploymentFile: string;
  let audio: string;
  let keyFile: string;

  const run = async (...args: string[]) => {
    let stdout = "";
    let stderr = "";
    const io: CommandIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), interactive: false };
    const code = await verifyCommand.run(args, io);
    return { code, stdout, stderr };
  };

  beforeAll(async () => {
    const server = await network.createServer("default", "127.0.0.1", 0);
    const { address, port } = await server.listen();
    closeChain = () => server.close();
    rpcUrl = `http://${address}:${port}`;
    dir = await mkdtemp(path.join(tmpdir(), "cli-verify-"));
    const { publicClient, walletClient } = await connectChain({ rpcUrl });
    ({ deployment } = await deployContracts({ publicClient, walletClient, deploymentsDir: dir }));
    deploymentFile = path.join(dir, `${deployment.chainId}.json`);
    audio = path.join(dir, "song.wav");
    await writeFile(audio, encodeWav(syntheticMusic({ seed: 5, durationSeconds: 6, sampleRate: 16_000 }), "s16"));
    keyFile = path.join(dir, "key.json");
    await writeFile(keyFile, JSON.stringify(generateWatermarkKey()));
  }, 60_000);

  afterAll(async () => {
    await closeChain?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("answers 'unknown' for unregistered, unmarked audio from the chain alone (no IPFS: no fingerprint search)", async () => {
    const { code, stdout } = await run(audio, "--rpc", rpcUrl, "--deployment", deploymentFile, "--key", keyFile, "--json");
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      aiGenerated: "unknown",
      reasons: [expect.stringMatching(/no fingerprint search was possible/)],
      format: "wav",
      matches: [],
      records: [],
      problems: [],
      source: { chainId: deployment.chainId, registry: deployment.contracts.SoundmarkRegistry.address, registeredTracks: 0, ipfs: null },
    });
    expect(result.warnings).toEqual([expect.stringMatching(/no --ipfs source/)]);
    expect(result.watermark).toMatchObject({ detected: false });
  });

  it("says 'unknown' without a key, in words without --json", async () => {
    const { code, stdout } = await run(audio, "--rpc", rpcUrl, "--registry", deployment.contracts.SoundmarkRegistry.address);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^verdict {6}unknown: unknown$/m);
    expect(stdout).toMatch(/no watermark search was possible/);
    expect(stdout).toMatch(/^warning {6}no --ipfs source/m);
  });

  it("refuses bad command lines with a usage error", async () => {
    const usage = (...args: string[]) => expect(run(...args)).rejects.toThrow(UsageError);
    await usage("--rpc", rpcUrl);
    await usage(audio);
    await usage(audio, "--rpc", "ftp://example.org");
    await usage(audio, "--rpc", rpcUrl, "--registry", "0x12");
    await usage(audio, "--rpc", rpcUrl, "--registry", deployment.contracts.SoundmarkRegistry.address, "--from-block", "-1");
    await usage(path.join(dir, "missing.wav"), "--rpc", rpcUrl);
    await usage(audio, "--rpc", rpcUrl, "--deployment", path.join(dir, "none.json"));
    await usage(audio, "--rpc", rpcUrl, "--unknown-flag");
    await writeFile(path.join(dir, "junk.json"), "{not json");
    await usage(audio, "--rpc", rpcUrl, "--deployment", path.join(dir, "junk.json"));
    await writeFile(path.join(dir, "empty.json"), "{}");
    await usage(audio, "--rpc", rpcUrl, "--deployment", path.join(dir, "empty.json"));
    // no --registry, and no deployments/<chainId>.json in the working folder
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await expect(run(audio, "--rpc", rpcUrl)).rejects.toThrow(/no --registry given and no deployments\/31337.json here/);
    } finally {
      process.chdir(cwd);
    }
  });

  it("gives clear errors for a chain that is not there, a registry that is not one, a key and a file that are not", async () => {
    await expect(run(audio, "--rpc", "http://127.0.0.1:9", "--registry", deployment.contracts.SoundmarkRegistry.address)).rejects.toMatchObject({ code: "VERIFY_CHAIN" });
    await expect(run(audio, "--rpc", rpcUrl, "--registry", deployment.contracts.TrackNFT.address)).rejects.toThrow(/is not a Soundmark registry/);
    await writeFile(path.join(dir, "bad-key.json"), '{"keyId":"x"}');
    await expect(run(audio, "--rpc", rpcUrl, "--deployment", deploymentFile, "--key", path.join(dir, "bad-key.json"))).rejects.toMatchObject({ code: expect.stringMatching(/WATERMARK/) });
    const notAudio = path.join(dir, "notes.mp3");
    await writeFile(notAudio, "<html>not audio</html>");
    await expect(run(notAudio, "--rpc", rpcUrl, "--deployment", deploymentFile)).rejects.toMatchObject({ code: "UNSUPPORTED_AUDIO_FORMAT" });
    await expect(run(audio, "--rpc", rpcUrl, "--deployment", deploymentFile, "--ipfs", "gopher://x")).rejects.toMatchObject({ code: "INVALID_VERIFY_INPUT" });
  });
});
