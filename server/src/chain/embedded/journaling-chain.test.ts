import { network } from "hardhat";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RequestProvider } from "./chain-reads.js";
import { ChainJournalWriteError } from "./errors.js";
import type { JournalEntry } from "./journal-entry.js";
import { JournalingChain, type JournalAppender } from "./journaling-chain.js";
import { RpcErrorCode } from "./json-rpc.js";

type Connection = Awaited<ReturnType<typeof network.create>>;
let connection: Connection;
let provider: RequestProvider;
beforeEach(async () => {
  connection = await network.create();
  provider = connection.provider as unknown as RequestProvider;
});
afterEach(() => connection.close());

/** Keeps entries in memory; fails the appends it is told to (a full disk, on purpose). */
class RecordingAppender implements JournalAppender {
  readonly entries: JournalEntry[] = [];
  failing = false;
  async append(entry: JournalEntry): Promise<void> {
    if (this.failing) throw new ChainJournalWriteError("/data/chain/journal.jsonl", { cause: new Error("ENOSPC: no space left on device") });
    this.entries.push(entry);
  }
}

describe("JournalingChain", () => {
  it("journals a change with the block it mined, and passes reads through unjournaled", async () => {
    const appender = new RecordingAppender();
    const chain = new JournalingChain(provider, appender, () => {});
    const accounts = (await chain.request("eth_accounts", [])) as string[];
    const hash = await chain.request("eth_sendTransaction", [{ from: accounts[0], to: accounts[1], value: "0x1" }]);
    const receipt = (await chain.request("eth_getTransactionReceipt", [hash])) as { blockHash: string };
    const block = (await chain.request("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
    expect(appender.entries).toEqual([
      {
        method: "eth_sendTransaction",
        params: [{ from: accounts[0], to: accounts[1], value: "0x1" }],
        ok: true,
        timestamp: Number(block.timestamp),
        block: { number: 1, hash: receipt.blockHash },
        clockOffset: expect.any(Number),
      },
    ]);
    // A change that mines nothing has no timestamp.
    await chain.request("hardhat_setBalance", [accounts[2], "0x5"]);
    expect(appender.entries[1]).toMatchObject({ method: "hardhat_setBalance", ok: true, block: { number: 1 } });
    expect(appender.entries[1]).not.toHaveProperty("timestamp");
  });

  it("answers an error and refuses everything after a journal write fails, since memory is then ahead of the disk", async () => {
    const appender = new RecordingAppender();
    const lines: string[] = [];
    const chain = new JournalingChain(provider, appender, (line) => lines.push(line));
    appender.failing = true;
    await expect(chain.request("evm_mine", [])).rejects.toMatchObject({ code: RpcErrorCode.internalError, message: expect.stringMatching(/^Could not append to the chain journal/) });
    expect(lines[0]).toMatch(/the chain refuses every request until it is restarted$/);
    appender.failing = false;
    await expect(chain.request("eth_blockNumber", [])).rejects.toMatchObject({ code: RpcErrorCode.internalError });
    await expect(chain.request("evm_mine", [])).rejects.toMatchObject({ code: RpcErrorCode.internalError });
    expect(appender.entries).toEqual([]);
  });

  it("answers eth_getLogs with block numbers past the head (up to 2^64 - 1) at once, instead of walking them", async () => {
    const chain = new JournalingChain(provider, new RecordingAppender(), () => {});
    const accounts = (await chain.request("eth_accounts", [])) as string[];
    await chain.request("eth_sendTransaction", [{ from: accounts[0], to: accounts[1], value: "0x1" }]);
    const logs = await chain.request("eth_getLogs", [{ fromBlock: "0x0", toBlock: "0xffffffffffffffff" }]);
    expect(logs).toEqual([]);
    expect(await chain.request("eth_getLogs", [{ fromBlock: "0xffffffff", toBlock: "latest" }])).toEqual([]);
    await expect(chain.request("eth_getLogs", [{ fromBlock: "0xzz" }])).rejects.toMatchObject({ code: RpcErrorCode.invalidParams });
    await expect(chain.request("eth_getLogs", ["not a filter"])).rejects.toMatchObject({ code: RpcErrorCode.invalidParams });
  });
});
