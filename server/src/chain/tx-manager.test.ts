import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeFunctionData, type Hex } from "viem";
import { openStore, type Store } from "../store/index.js";
import { soundmarkRegistryAbi } from "./abi/SoundmarkRegistry.js";
import { LicenceNotValidError, TrackAlreadyRegisteredError } from "./contract-errors.js";
import type { Deployment } from "./deployment.js";
import { ContractRevertError, GasCapExceededError, TransactionKeyConflictError, TransactionRevertedError } from "./errors.js";
import { startEdrChain, type EdrChain } from "./testing/edr-chain.js";
import { resetChainTables } from "./testing/reset-tables.js";
import { createTxManager, type CreateTxManagerParameters, type TxEvent } from "./tx-manager.js";

const TERMS = { fee: 0n, royaltyBps: 500, duration: 0, maxTracks: 0, commercial: true, derivatives: true, purchasable: true } as const;
const registerStyleData = (uri: string, royaltyBps = 500) =>
  encodeFunctionData({ abi: soundmarkRegistryAbi, functionName: "registerStyle", args: [uri, { ...TERMS, royaltyBps }] });
const registerData = (seed: number, licenceId = 0n, styleId = 0) =>
  encodeFunctionData({
    abi: soundmarkRegistryAbi,
    functionName: "register",
    args: [`0x${seed.toString(16).padStart(64, "0")}`, licenceId ? 1 : 0, styleId, licenceId, [], `0x${"ab".repeat(32)}`],
  });

describe("transaction manager on EDR", () => {
  let chain: EdrChain;
  let store: Store;
  let deployment: Deployment;
  let registry: Hex;
  let events: TxEvent[];
  const SIGNER = 1;

  beforeAll(async () => {
    store = await openStore({});
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(async () => {
    chain = await startEdrChain();
    await resetChainTables(store);
    deployment = await chain.deploy(0);
    registry = deployment.contracts.SoundmarkRegistry.address;
    events = [];
  });
  afterEach(async () => {
    await chain.close();
  });

  const manager = (over: Partial<CreateTxManagerParameters> = {}) =>
    createTxManager({
      publicClient: chain.publicClient,
      walletClient: chain.wallet(SIGNER),
      store,
      pollIntervalMs: 5,
      ...over,
      onEvent: (e) => {
        events.push(e);
        over.onEvent?.(e);
      },
    });
  const nonceOf = (blockTag: "latest" | "pending" = "latest") =>
    chain.publicClient.getTransactionCount({ address: chain.wallet(SIGNER).account.address, blockTag });
  /** Resolves with the first event of `type` (events are pushed synchronously by the manager). */
  const nextEvent = (type: TxEvent["type"]) =>
    new Promise<TxEvent>((resolve) => {
      const timer = setInterval(() => {
        const e = events.find((x) => x.type === type);
        if (e) {
          clearInterval(timer);
          resolve(e);
        }
      }, 2);
    });

  it("sends, waits for the receipt and records the confirmed transaction", async () => {
    const tx = manager();
    const record = await tx.sendAndWait({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") });
    expect(record.status).toBe("confirmed");
    expect(record.nonce).toBe(0);
    expect(record.hashes).toHaveLength(1);
    expect(record.minedHash).toBe(record.hashes[0]);
    expect(record.gasUsed).toBeGreaterThan(21_000n);
    expect(record.gas).toBeGreaterThanOrEqual(record.gasUsed!);
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: record.minedHash! });
    expect(receipt.status).toBe("success");
    expect(receipt.blockNumber).toBe(record.blockNumber);
    expect(receipt.type).toBe("eip1559");
    await tx.close();
  });

  it("sends nothing for a key it already sent, and refuses the key for a different transaction", async () => {
    const tx = manager();
    const first = await tx.sendAndWait({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") });
    const second = await tx.send({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") });
    expect(second.hashes).toEqual(first.hashes);
    expect(await nonceOf("pending")).toBe(1);
    await expect(tx.send({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://b") })).rejects.toBeInstanceOf(
      TransactionKeyConflictError,
    );
    await tx.close();
  });

  it("gives consecutive nonces to transactions sent at once", async () => {
    const tx = manager();
    const records = await Promise.all(
      [1, 2, 3, 4].map((i) => tx.send({ key: `style:${i}`, purpose: "registerStyle", to: registry, data: registerStyleData(`ipfs://${i}`) })),
    );
    expect(records.map((r) => r.nonce).sort()).toEqual([0, 1, 2, 3]);
    const done = await Promise.all(records.map((r) => tx.wait(r.key)));
    expect(done.every((r) => r.status === "confirmed")).toBe(true);
    expect(await nonceOf()).toBe(4);
    await tx.close();
  });

  it("refuses a transaction whose estimated gas is above the cap, before signing anything", async () => {
    const tx = manager({ maxGas: 30_000n });
    const error = await tx.send({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GasCapExceededError);
    expect((error as GasCapExceededError).estimatedGas).toBeGreaterThan(30_000n);
    expect((error as GasCapExceededError).shortMessage).toMatch(/above the cap of 30000/);
    expect(await tx.get("style:a")).toBeNull();
    expect(await nonceOf("pending")).toBe(0);
    await tx.close();
  });

  it("turns a revert found by the estimate into a typed contract error and records nothing", async () => {
    const tx = manager();
    const invalidTerms = registerStyleData("ipfs://a", 10_001);
    const error = await tx.send({ key: "style:bad", purpose: "registerStyle", to: registry, data: invalidTerms }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractRevertError);
    expect((error as ContractRevertError).errorName).toBe("StyleRegistryInvalidTerms");
    const licence = await tx.send({ key: "reg:1", purpose: "register", to: registry, data: registerData(1, 7n, 1) }).catch((e: unknown) => e);
    expect(licence).toBeInstanceOf(LicenceNotValidError);
    expect((licence as ContractRevertError).errorName).toBe("StyleRegistryUnknownLicence");
    expect(await tx.get("style:bad")).toBeNull();
    await tx.close();
  });

  it("replaces a stuck transaction with the same nonce and fees raised by at least 12.5%", async () => {
    await chain.setAutomine(false);
    const tx = manager({
      replaceAfterMs: 30,
      onEvent: (e) => {
        if (e.type === "replaced") void chain.mine();
      },
    });
    const sent = await tx.send({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") });
    const done = await tx.wait(sent.key);
    expect(done.status).toBe("confirmed");
    expect(done.nonce).toBe(sent.nonce);
    expect(done.hashes.length).toBeGreaterThanOrEqual(2);
    expect(done.hashes[0]).toBe(sent.hashes[0]);
    expect(done.minedHash).not.toBe(sent.hashes[0]);
    expect(done.hashes).toContain(done.minedHash);
    expect(done.maxFeePerGas * 1000n).toBeGreaterThanOrEqual(sent.maxFeePerGas * 1125n);
    expect(done.maxPriorityFeePerGas * 1000n).toBeGreaterThanOrEqual(sent.maxPriorityFeePerGas * 1125n);
    const mined = await chain.publicClient.getTransaction({ hash: done.minedHash! });
    expect(mined.nonce).toBe(sent.nonce);
    await expect(chain.publicClient.getTransactionReceipt({ hash: sent.hashes[0]! })).rejects.toThrow();
    expect(await nonceOf()).toBe(1);
    await tx.close();
  });

  it("does not replace above the fee cap: it reports the cap and keeps waiting", async () => {
    await chain.setAutomine(false);
    const probe = manager();
    const fees = await chain.publicClient.estimateFeesPerGas();
    await probe.close();
    const tx = manager({ replaceAfterMs: 10, maxFeePerGas: fees.maxFeePerGas });
    const sent = await tx.send({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") });
    const waiting = tx.wait(sent.key);
    await nextEvent("fee-cap");
    await chain.mine();
    const done = await waiting;
    expect(done.hashes).toEqual(sent.hashes);
    expect(events.some((e) => e.type === "replaced")).toBe(false);
    await tx.close();
  });

  it("waits for the configured number of confirmations", async () => {
    const tx = manager({
      confirmations: 3,
      onEvent: (e) => {
        if (e.type === "mined") void chain.mine(2);
      },
    });
    const done = await tx.sendAndWait({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") });
    const head = await chain.publicClient.getBlockNumber();
    expect(head - done.blockNumber!).toBeGreaterThanOrEqual(2n);
    expect(events.map((e) => e.type)).toEqual(["sent", "mined", "confirmed"]);
    await tx.close();
  });

  it("after a restart finds the transaction in the store and waits for it instead of sending it again", async () => {
    await chain.setAutomine(false);
    const before = manager();
    const sent = await before.send({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") });
    await before.close();

    const after = manager();
    expect((await after.open()).map((r) => r.key)).toEqual(["style:a"]);
    const again = await after.send({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") });
    expect(again.hashes).toEqual(sent.hashes);
    expect(await nonceOf("pending")).toBe(1);
    await chain.mine();
    const done = await after.wait("style:a");
    expect(done.minedHash).toBe(sent.hashes[0]);
    expect(await after.open()).toEqual([]);
    // The restarted manager continues the nonce sequence.
    await chain.setAutomine(true);
    const next = await after.sendAndWait({ key: "style:b", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://b") });
    expect(next.nonce).toBe(1);
    await after.close();
  });

  it("rebroadcasts a transaction the node lost", async () => {
    await chain.setAutomine(false);
    const tx = manager({
      replaceAfterMs: 60_000,
      onEvent: (e) => {
        if (e.type === "replaced") void chain.mine();
      },
    });
    const sent = await tx.send({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") });
    expect(await chain.rpc<boolean>("hardhat_dropTransaction", [sent.hashes[0]])).toBe(true);
    const done = await tx.wait(sent.key);
    expect(done.status).toBe("confirmed");
    expect(done.nonce).toBe(0);
    expect(done.hashes).toHaveLength(2);
    await tx.close();
  });

  it("fills a nonce gap left by a transaction it does not know, so its own transaction is mined", async () => {
    await chain.setAutomine(false);
    // Another process with the same key sends nonce 0; this manager counts from the pending nonce, 1.
    const outsider = await chain.wallet(SIGNER).sendTransaction({ to: registry, data: registerStyleData("ipfs://outsider") });
    const tx = manager({
      replaceAfterMs: 20,
      onEvent: (e) => {
        if (e.type === "gap-filled") void chain.mine();
      },
    });
    const sent = await tx.send({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") });
    expect(sent.nonce).toBe(1);
    // The outsider's transaction disappears: nonce 0 is a gap that holds nonce 1 back forever.
    expect(await chain.rpc<boolean>("hardhat_dropTransaction", [outsider])).toBe(true);
    const done = await tx.wait(sent.key);
    expect(done.status).toBe("confirmed");
    expect(done.nonce).toBe(1);
    const filler = events.find((e) => e.type === "gap-filled");
    expect(filler && filler.type === "gap-filled" && filler.nonce).toBe(0);
    expect(await nonceOf()).toBe(2);
    await tx.close();
  });

  it("resyncs its nonce when another sender used the next one", async () => {
    const tx = manager();
    await tx.sendAndWait({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") });
    const outsider = await chain.wallet(SIGNER).sendTransaction({ to: registry, data: registerStyleData("ipfs://outsider"), nonce: 1 });
    await chain.publicClient.waitForTransactionReceipt({ hash: outsider });
    const next = await tx.sendAndWait({ key: "style:b", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://b") });
    expect(next.nonce).toBe(2);
    expect(events.some((e) => e.type === "nonce-resync")).toBe(true);
    await tx.close();
  });

  it("works with a key the node holds: records the nonce first, then the hash the node returns", async () => {
    const tx = manager({ walletClient: chain.nodeWallet(SIGNER) });
    const done = await tx.sendAndWait({ key: "style:a", purpose: "registerStyle", to: registry, data: registerStyleData("ipfs://a") });
    expect(done.status).toBe("confirmed");
    expect(done.hashes).toHaveLength(1);
    expect(done.minedHash).toBe(done.hashes[0]);
    await tx.close();
  });

  it("reports a transaction that reverted when mined, with the decoded reason", async () => {
    await chain.setAutomine(false);
    const tx = manager();
    const ours = await tx.send({ key: "reg:a", purpose: "register", to: registry, data: registerData(1) });
    // Someone else registers the same content in the same block, with a higher tip: ours is mined second and reverts.
    const fees = await chain.publicClient.estimateFeesPerGas();
    await chain.wallet(3).sendTransaction({
      to: registry,
      data: registerData(1),
      gas: 200_000n,
      maxFeePerGas: fees.maxFeePerGas * 3n,
      maxPriorityFeePerGas: fees.maxFeePerGas * 2n,
    });
    await chain.mine();
    const error = await tx.wait(ours.key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionRevertedError);
    expect((error as TransactionRevertedError).cause).toBeInstanceOf(TrackAlreadyRegisteredError);
    expect((await tx.get(ours.key))?.status).toBe("reverted");
    await expect(tx.wait(ours.key)).rejects.toBeInstanceOf(TransactionRevertedError);
    await tx.close();
  });
});
