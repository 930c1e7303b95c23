import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPublicClient, http, parseEther, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectChain } from "../connect.js";
import { deployContracts } from "../deploy-contracts.js";
import { ChainFolderLockedError, ChainJournalCorruptError, ChainJournalMismatchError, ChainReplayMismatchError, startEmbeddedChain, type EmbeddedChain } from "./index.js";

/** Hardhat's first two dev keys (test test ... junk): public on purpose, funded at genesis. */
const KEY0: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17DC79C8";
const BOB = "0x0000000000000000000000000000000000b0b000";

let dataDir: string;
let chain: EmbeddedChain | undefined;
const logs: string[] = [];
const start = async () => (chain = await startEmbeddedChain({ dataDir, port: 0, log: (line) => logs.push(line) }));
const stop = async () => {
  await chain?.close();
  chain = undefined;
};
const rpc = async (url: string, method: string, params: unknown[] = []) => {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result;
};
const allBlockHashes = async (client: PublicClient) => {
  const latest = await client.getBlockNumber();
  const hashes: Hex[] = [];
  for (let n = 0n; n <= latest; n++) hashes.push((await client.getBlock({ blockNumber: n })).hash);
  return hashes;
};

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "soundmark-chain-"));
  logs.length = 0;
});
afterEach(async () => {
  await stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("startEmbeddedChain", () => {
  it("comes back after a restart with the same blocks, balances, code and contracts, and its clock where it was", async () => {
    const first = await start();
    expect(first.created).toBe(true);
    expect(first.replayed).toBe(0);
    const deploymentsDir = path.join(dataDir, "deployments");
    const { publicClient, walletClient } = await connectChain({ rpcUrl: first.rpcUrl, privateKey: KEY0 });
    const { deployment, deployed } = await deployContracts({ publicClient, walletClient, deploymentsDir });
    expect(deployed).toBe(true);
    // A locally signed transfer (eth_sendRawTransaction), one signed by the node (eth_sendTransaction), the cheats.
    await publicClient.waitForTransactionReceipt({ hash: await walletClient.sendTransaction({ to: BOB, value: parseEther("1.5") }) });
    await rpc(first.rpcUrl, "eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x2a" }]);
    await rpc(first.rpcUrl, "hardhat_setBalance", ["0x00000000000000000000000000000000000000c0", "0x1234"]);
    await rpc(first.rpcUrl, "evm_increaseTime", [3600]);
    await rpc(first.rpcUrl, "evm_mine");
    await rpc(first.rpcUrl, "hardhat_mine", ["0x3", "0x10"]);
    // A reverted transaction is mined too (the node answers with an error): the journal keeps it.
    await expect(rpc(first.rpcUrl, "eth_sendTransaction", [{ from: ALICE, to: deployment.contracts.SoundmarkRegistry.address, data: "0xdeadbeef", gas: "0x100000" }])).rejects.toThrow();

    const registry = deployment.contracts.SoundmarkRegistry.address;
    const before = {
      hashes: await allBlockHashes(publicClient),
      bob: await publicClient.getBalance({ address: BOB }),
      c0: await publicClient.getBalance({ address: "0x00000000000000000000000000000000000000c0" }),
      alice: await publicClient.getBalance({ address: ALICE }),
      code: await publicClient.getCode({ address: registry }),
      offset: Number(await rpc(first.rpcUrl, "evm_increaseTime", [0])),
    };
    const entries = (await readFile(first.journalPath, "utf8")).trim().split("\n").slice(1).map((line) => JSON.parse(line) as { method: string; ok: boolean });
    expect(entries.filter((e) => !e.ok).map((e) => e.method)).toEqual(["eth_sendTransaction"]);
    const journaled = entries.length;
    await stop();

    const restartedAt = Math.floor(Date.now() / 1000);
    const second = await start();
    expect(second.created).toBe(false);
    expect(second.replayed).toBe(journaled);
    expect(logs).toContain(`chain: replayed ${journaled} journaled call(s) from ${second.journalPath}`);
    const client = createPublicClient({ transport: http(second.rpcUrl) }) as PublicClient;
    expect(await allBlockHashes(client)).toEqual(before.hashes);
    expect(await client.getBalance({ address: BOB })).toBe(before.bob);
    expect(await client.getBalance({ address: "0x00000000000000000000000000000000000000c0" })).toBe(before.c0);
    expect(await client.getBalance({ address: ALICE })).toBe(before.alice);
    expect(await client.getCode({ address: registry })).toBe(before.code);

    // The server's deploy step finds its contracts on the chain again instead of deploying new ones.
    const reconnected = await connectChain({ rpcUrl: second.rpcUrl, privateKey: KEY0 });
    expect((await deployContracts({ ...reconnected, deploymentsDir })).deployed).toBe(false);
    // The replay stamped blocks in the past; the clock is back at the offset it had, so a new block is not.
    const block = await client.getBlock({ blockNumber: BigInt(await rpc(second.rpcUrl, "evm_mine").then(() => client.getBlockNumber())) });
    expect(Number(block.timestamp)).toBeGreaterThanOrEqual(restartedAt + before.offset);
  });

  it("drops a torn last line (a crash mid-write) with a log line, and keeps what was answered", async () => {
    const first = await start();
    await rpc(first.rpcUrl, "evm_mine");
    const latest = await rpc(first.rpcUrl, "eth_getBlockByNumber", ["latest", false]);
    await stop();
    await appendFile(path.join(dataDir, "chain", "journal.jsonl"), '{"method":"evm_mine","params":[],"ok":tr');

    const second = await start();
    expect(second.replayed).toBe(1);
    expect(logs.some((line) => line.startsWith("chain: dropped a torn last line") && line.includes("(40 bytes"))).toBe(true);
    expect(await rpc(second.rpcUrl, "eth_getBlockByNumber", ["latest", false])).toEqual(latest);
    // The fragment is cut off the file, so what comes next starts on a line of its own.
    await rpc(second.rpcUrl, "evm_mine");
    await stop();
    const third = await start();
    expect(third.replayed).toBe(2);
  });

  it("refuses a journal written by another chain configuration", async () => {
    await start();
    await stop();
    const journalPath = path.join(dataDir, "chain", "journal.jsonl");
    const original = await readFile(journalPath, "utf8");
    const header = JSON.parse(original.split("\n")[0]!);

    await writeFile(journalPath, `${JSON.stringify({ ...header, chainId: 1 })}\n`);
    await expect(start()).rejects.toThrow(ChainJournalMismatchError);
    await expect(start()).rejects.toThrow(/chain id 1, this chain's is 31337/);

    // Same chain id, other genesis (accounts, hardfork or gas settings differ).
    await writeFile(journalPath, `${JSON.stringify({ ...header, genesis: { ...header.genesis, hash: `0x${"ab".repeat(32)}` } })}\n`);
    await expect(start()).rejects.toThrow(/genesis block 0xabab/);
    // A failed start leaves the folder free for the next one.
    await writeFile(journalPath, original);
    expect((await start()).created).toBe(false);
  });

  it("names the entry that does not replay identically", async () => {
    const first = await start();
    await rpc(first.rpcUrl, "hardhat_setBalance", [BOB, "0x1"]);
    await rpc(first.rpcUrl, "evm_mine");
    await stop();
    const journalPath = path.join(dataDir, "chain", "journal.jsonl");
    const lines = (await readFile(journalPath, "utf8")).trim().split("\n");
    // An edited balance changes the state root, hence the hash of the block mined after it (line 3).
    await writeFile(journalPath, `${[lines[0], lines[1]!.replace('"0x1"', '"0x2"'), lines[2]].join("\n")}\n`);
    const error = await start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainReplayMismatchError);
    expect(error).toMatchObject({ line: 3, method: "evm_mine" });
    expect((error as Error).message).toMatch(/^Replaying line 3 of .*journal\.jsonl \(evm_mine\) gave another chain: the latest block is #1 0x/);
  });

  it("refuses a journal with a bad line before its end", async () => {
    const first = await start();
    await rpc(first.rpcUrl, "evm_mine");
    await rpc(first.rpcUrl, "evm_mine");
    await stop();
    const journalPath = path.join(dataDir, "chain", "journal.jsonl");
    const lines = (await readFile(journalPath, "utf8")).trim().split("\n");
    await writeFile(journalPath, `${[lines[0], "not json", lines[2]].join("\n")}\n`);
    await expect(start()).rejects.toThrow(ChainJournalCorruptError);
    await writeFile(journalPath, `${[lines[0], '{"method":"evm_mine"}', lines[2]].join("\n")}\n`);
    await expect(start()).rejects.toThrow(/corrupt at line 2: params is not an array/);
  });

  it("refuses a second chain on a folder in use", async () => {
    await start();
    await expect(startEmbeddedChain({ dataDir, port: 0 })).rejects.toThrow(ChainFolderLockedError);
  });
});
