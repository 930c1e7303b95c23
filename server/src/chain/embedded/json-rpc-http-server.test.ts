import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createWalletClient, http, parseEther, publicActions } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedChain, type EmbeddedChain } from "./index.js";

/** Hardhat's dev mnemonic: the accounts EDR funds at genesis. Test-only keys, public on purpose. */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";
const MAX_BODY = 64 * 1024;

let dataDir: string;
let chain: EmbeddedChain;
const post = (body: string, init: RequestInit = {}) =>
  fetch(chain.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body, ...init });
const call = (method: string, params: unknown[] = [], id: unknown = 1) => ({ jsonrpc: "2.0", id, method, params });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "soundmark-chain-rpc-"));
  chain = await startEmbeddedChain({ dataDir, port: 0, maxBodyBytes: MAX_BODY });
});
afterAll(async () => {
  await chain.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the embedded chain's JSON-RPC server", () => {
  it("answers a body that is not JSON with a parse error", async () => {
    const res = await post("{not json");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32700, message: expect.stringMatching(/^Parse error/) } });
    expect(await (await post("")).json()).toMatchObject({ error: { code: -32700 } });
  });

  it("refuses a body above the limit with 413, and still serves the next request", async () => {
    const huge = JSON.stringify(call("eth_call", [{ data: `0x${"00".repeat(MAX_BODY)}` }]));
    const res = await post(huge);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: -32005, message: `Request body above ${MAX_BODY} bytes` } });
    // Far above the limit: answered at once, without reading it all.
    const declared = await post(" ".repeat(MAX_BODY * 5));
    expect(declared.status).toBe(413);
    expect(declared.headers.get("connection")).toBe("close");
    expect(await (await post(JSON.stringify(call("eth_chainId")))).json()).toEqual({ jsonrpc: "2.0", id: 1, result: "0x7a69" });
  });

  it("answers malformed requests and unknown methods with JSON-RPC errors", async () => {
    const answer = async (body: unknown) => (await post(JSON.stringify(body))).json();
    expect(await answer(42)).toMatchObject({ id: null, error: { code: -32600, message: "Invalid request: expected an object" } });
    expect(await answer({ id: 7, method: "eth_chainId" })).toMatchObject({ id: 7, error: { code: -32600 } });
    expect(await answer({ jsonrpc: "2.0", id: 7, method: "eth_chainId", params: { a: 1 } })).toMatchObject({ id: 7, error: { code: -32600, message: "Invalid request: params must be an array" } });
    expect(await answer({ jsonrpc: "2.0", id: { x: 1 }, method: "eth_chainId" })).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await answer(call("eth_madeUp", [], "a"))).toEqual({
      jsonrpc: "2.0",
      id: "a",
      error: { code: -32601, message: "The method eth_madeUp does not exist or is not available on the journaling chain" },
    });
    // EDR's own argument errors come through with EDR's code.
    expect(await answer(call("eth_getBalance", ["not an address"]))).toMatchObject({ id: 1, error: { code: -32602 } });
  });

  it("refuses the methods a journal cannot replay, and journals nothing for them", async () => {
    const journalBefore = await readFile(chain.journalPath, "utf8");
    for (const method of ["evm_snapshot", "evm_revert", "hardhat_reset", "evm_setIntervalMining"]) {
      const body = (await (await post(JSON.stringify(call(method, method === "evm_revert" ? ["0x1"] : [])))).json()) as { error: { code: number; message: string } };
      expect(body.error.code).toBe(-32004);
      expect(body.error.message).toMatch(new RegExp(`^${method} is not supported by the journaling chain: `));
    }
    // A transaction the chain turns down (a nonce far too low) changes nothing, so nothing is journaled either.
    const wallet = createWalletClient({ account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 5 }), transport: http(chain.rpcUrl) });
    const request = await wallet.prepareTransactionRequest({ to: wallet.account.address, value: 1n, nonce: 0, chain: null });
    await wallet.sendRawTransaction({ serializedTransaction: await wallet.signTransaction({ ...request, chain: null }) });
    const replayedNonce = await wallet.signTransaction({ ...request, chain: null });
    await expect(wallet.sendRawTransaction({ serializedTransaction: replayedNonce })).rejects.toThrow(/nonce/i);
    const added = (await readFile(chain.journalPath, "utf8")).slice(journalBefore.length).trim().split("\n");
    expect(added.map((line) => (JSON.parse(line) as { method: string }).method)).toEqual(["eth_sendRawTransaction"]);
  });

  it("answers a batch in order, one response per request with an id, none for notifications", async () => {
    const res = await post(
      JSON.stringify([
        call("eth_blockNumber", [], 1),
        { jsonrpc: "2.0", method: "evm_mine", params: [] },
        call("eth_blockNumber", [], 2),
        "garbage",
        call("nope", [], 3),
      ]),
    );
    const [first, second, garbage, nope, ...rest] = (await res.json()) as { id: unknown; result?: string; error?: { code: number } }[];
    expect(rest).toEqual([]);
    expect(first!.id).toBe(1);
    expect(second).toMatchObject({ id: 2 });
    expect(Number(second!.result)).toBe(Number(first!.result) + 1);
    expect(garbage).toMatchObject({ id: null, error: { code: -32600 } });
    expect(nope).toMatchObject({ id: 3, error: { code: -32601 } });

    expect(await (await post("[]")).json()).toMatchObject({ error: { code: -32600, message: "Invalid request: an empty batch" } });
    expect(await (await post(JSON.stringify(Array.from({ length: 1001 }, (_, i) => call("eth_chainId", [], i))))).json()).toMatchObject({ error: { code: -32005 } });
    const notifications = await post(JSON.stringify([{ jsonrpc: "2.0", method: "eth_chainId", params: [] }]));
    expect(notifications.status).toBe(204);
  });

  it("speaks CORS to pages and only takes POST", async () => {
    const preflight = await fetch(chain.rpcUrl, { method: "OPTIONS", headers: { origin: "http://page.example", "access-control-request-headers": "content-type" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("content-type");
    const get = await fetch(chain.rpcUrl);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST, OPTIONS");
    expect((await post(JSON.stringify(call("eth_chainId")))).headers.get("access-control-allow-origin")).toBe("*");
  });

  it("journals the transactions of concurrent clients in the order the chain mined them", async () => {
    const wallets = [1, 2, 3].map((i) =>
      createWalletClient({ account: mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i }), transport: http(chain.rpcUrl, { batch: true }) }).extend(publicActions),
    );
    const journalBefore = await readFile(chain.journalPath, "utf8");
    const hashes = await Promise.all(
      wallets.map(async (wallet, w) => {
        const sent = [];
        // Each client numbers its own nonces, so its transactions go out without waiting for one another.
        const first = await wallet.getTransactionCount({ address: wallet.account.address });
        for (let k = 0; k < 8; k++) sent.push(wallet.sendTransaction({ to: `0x00000000000000000000000000000000000000${(w + 1).toString(16).padStart(2, "0")}`, value: parseEther("0.001"), nonce: first + k, chain: null }));
        return Promise.all(sent);
      }),
    );
    const all = hashes.flat();
    expect(new Set(all).size).toBe(24);
    const receipts = await Promise.all(all.map((hash) => wallets[0]!.getTransactionReceipt({ hash })));
    const added = (await readFile(chain.journalPath, "utf8")).slice(journalBefore.length).trim().split("\n").map((line) => JSON.parse(line) as { block: { number: number; hash: string } });
    expect(added).toHaveLength(24);
    // One entry per block, in block order, each with the block hash the clients see.
    const byBlock = new Map(receipts.map((r) => [Number(r.blockNumber), r.blockHash]));
    expect(added.map((e) => e.block.number)).toEqual([...byBlock.keys()].sort((a, b) => a - b));
    for (const entry of added) expect(byBlock.get(entry.block.number)).toBe(entry.block.hash);
  });
});
