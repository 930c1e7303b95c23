import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeFunctionData, sha256, stringToBytes, type Hex } from "viem";
import { openStore, type Store } from "../store/index.js";
import { soundmarkRegistryAbi } from "./abi/SoundmarkRegistry.js";
import { ContractPausedError, InvalidTrackRecordError, LicenceNotValidError, UnknownParentError } from "./contract-errors.js";
import type { Deployment } from "./deployment.js";
import { ChainClientClosedError, InvalidRegistrationError } from "./errors.js";
import { startEdrChain, type EdrChain } from "./testing/edr-chain.js";
import { resetChainTables } from "./testing/reset-tables.js";
import { insertRegistration } from "./registrar-records.js";
import { TrackKind } from "./track-record.js";
import { createTxManager } from "./tx-manager.js";
import { createTrackRegistrar, type CreateTrackRegistrarParameters, type RegisterTrackParameters } from "./track-registrar.js";

const SERVER = 1;
const ARTIST = 2;
const OTHER = 3;
const TERMS = { fee: 1000n, royaltyBps: 750, duration: 0, maxTracks: 0, commercial: true, derivatives: true, purchasable: true } as const;

const hashOf = (label: string): Hex => sha256(stringToBytes(label));
const track = (label: string, over: Partial<RegisterTrackParameters> = {}): RegisterTrackParameters => ({
  contentHash: hashOf(`audio:${label}`),
  kind: "original",
  styleId: 0n,
  licenceId: 0n,
  parents: [],
  manifestDigest: hashOf(`manifest:${label}`),
  ...over,
});

describe("track registrar on EDR with the deployed contracts", () => {
  let chain: EdrChain;
  let store: Store;
  let deployment: Deployment;
  let registry: Hex;
  const registrars: { close(): Promise<void> }[] = [];

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
  });
  afterEach(async () => {
    for (const r of registrars.splice(0)) await r.close();
    await chain.close();
  });

  const registrar = (over: Partial<CreateTrackRegistrarParameters> = {}) => {
    const r = createTrackRegistrar({
      publicClient: chain.publicClient,
      walletClient: chain.wallet(SERVER),
      deployment,
      store,
      transactions: { pollIntervalMs: 5 },
      ...over,
    });
    registrars.push(r);
    return r;
  };
  const write = async (account: number, functionName: string, args: readonly unknown[], value?: bigint) => {
    const hash = await chain.wallet(account).writeContract({
      address: registry,
      abi: soundmarkRegistryAbi,
      functionName: functionName as never,
      args: args as never,
      value: value as never,
    });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    return receipt;
  };
  /** The artist's style 1, and licence 1 bought by the server's signer. */
  const styleAndLicence = async () => {
    await write(ARTIST, "registerStyle", ["ipfs://style", TERMS]);
    await write(SERVER, "buyLicence", [1n, 1], TERMS.fee);
  };
  const serverNonce = () => chain.publicClient.getTransactionCount({ address: chain.wallet(SERVER).account.address, blockTag: "pending" });
  const isRegistered = (p: RegisterTrackParameters, registrant = chain.wallet(SERVER).account.address) =>
    chain.publicClient.readContract({
      address: registry,
      abi: soundmarkRegistryAbi,
      functionName: "isRegistered",
      args: [{ ...p, registrant, kind: { original: 0, generated: 1, derivative: 2 }[p.kind], styleId: Number(p.styleId) }],
    });

  it("registers a licensed generated track and records the transaction", async () => {
    await styleAndLicence();
    const r = registrar();
    const p = track("one", { kind: "generated", styleId: 1n, licenceId: 1n });
    const done = await r.register(p);
    expect(done.alreadyRegistered).toBe(false);
    expect(done.registrant).toBe(chain.wallet(SERVER).account.address.toLowerCase());
    expect(done.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: done.transactionHash! });
    expect(receipt.blockNumber).toBe(done.blockNumber);
    expect(await isRegistered(p)).toBe(true);
    const [row] = await store.query<{ status: string; content_hash: string }>("SELECT status, content_hash FROM registrar_records");
    expect(row).toEqual({ status: "registered", content_hash: p.contentHash.slice(2) });
  });

  it("sends one transaction for the same track registered twice, at once and later", async () => {
    const r = registrar();
    const p = track("twice");
    const [a, b] = await Promise.all([r.register(p), r.register({ ...p, contentHash: p.contentHash.toUpperCase().replace("0X", "0x") as Hex })]);
    expect(a.transactionHash).toBe(b.transactionHash);
    const c = await r.register(p);
    expect(c.transactionHash).toBe(a.transactionHash);
    expect(c.alreadyRegistered).toBe(false);
    expect(await serverNonce()).toBe(1);
    expect(await store.query("SELECT key FROM tx_transactions")).toHaveLength(1);
  });

  it("returns the existing record of a track someone else registered, sending nothing", async () => {
    const p = track("theirs");
    const theirs = await write(OTHER, "register", [p.contentHash, TrackKind.Original, 0, 0n, [], p.manifestDigest]);
    const done = await registrar().register(p);
    expect(done).toEqual({
      contentHash: p.contentHash,
      transactionHash: theirs.transactionHash,
      blockNumber: theirs.blockNumber,
      registrant: chain.wallet(OTHER).account.address.toLowerCase(),
      alreadyRegistered: true,
    });
    expect(await serverNonce()).toBe(0);
  });

  it("after a restart between sending and confirmation, waits for the sent transaction instead of sending again", async () => {
    await chain.setAutomine(false);
    const before = registrar();
    const p = track("restart");
    const first = before.register(p).catch((e: unknown) => e);
    for (;;) {
      const [row] = await store.query<{ status: string }>("SELECT status FROM registrar_records");
      if (row?.status === "sent") break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const [{ hashes }] = (await store.query<{ hashes: string[] }>("SELECT hashes FROM tx_transactions")) as [{ hashes: string[] }];
    await before.close(); // the process dies: its call never sees the receipt
    expect(await first).toBeInstanceOf(ChainClientClosedError);

    const after = registrar();
    const second = after.register(p);
    await chain.mine();
    const done = await second;
    expect(done.transactionHash).toBe(hashes[0]);
    expect(done.alreadyRegistered).toBe(false);
    expect(await serverNonce()).toBe(1);
    expect(await isRegistered(p)).toBe(true);
  });

  it("resumes the registrations an earlier process left, including one it sent but never recorded as sent", async () => {
    await chain.setAutomine(false);
    const p = track("crash");
    const q = track("queued");
    // The earlier process queued both, sent the first one's transaction, and died before recording that it did.
    for (const r of [p, q]) {
      await insertRegistration(store, { ...r, registrant: chain.wallet(SERVER).account.address, status: "queued" });
    }
    const tx = createTxManager({ publicClient: chain.publicClient, walletClient: chain.wallet(SERVER), store });
    const sent = await tx.send({
      key: `register:${p.contentHash.slice(2)}`,
      purpose: "register",
      to: registry,
      data: encodeFunctionData({ abi: soundmarkRegistryAbi, functionName: "register", args: [p.contentHash, 0, 0, 0n, [], p.manifestDigest] }),
    });
    await tx.close();

    const r = registrar();
    const resumed = r.resume();
    for (;;) {
      const rows = await store.query<{ status: string }>("SELECT status FROM registrar_records WHERE status = 'sent'");
      if (rows.length === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await chain.mine();
    const outcomes = await resumed;
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled"]);
    const done = outcomes.map((o) => (o.status === "fulfilled" ? o.value : null));
    expect(done.find((d) => d?.contentHash === p.contentHash)?.transactionHash).toBe(sent.hashes[0]);
    expect(await serverNonce()).toBe(2);
    expect(await isRegistered(p)).toBe(true);
    expect(await isRegistered(q)).toBe(true);
  });

  it("maps licence refusals to LicenceNotValidError, sends nothing, and registers once the licence is valid", async () => {
    await write(ARTIST, "registerStyle", ["ipfs://style", TERMS]);
    await write(OTHER, "buyLicence", [1n, 1], TERMS.fee); // licence 1 belongs to someone else
    const r = registrar();
    const p = track("licensed", { kind: "generated", styleId: 1n, licenceId: 1n });
    const notOurs = await r.register(p).catch((e: unknown) => e);
    expect(notOurs).toBeInstanceOf(LicenceNotValidError);
    expect((notOurs as LicenceNotValidError).errorName).toBe("StyleRegistryNotLicensee");
    const none = await r.register({ ...p, licenceId: 0n }).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(LicenceNotValidError);
    expect((none as LicenceNotValidError).errorName).toBe("TrackRegistryLicenceRequired");
    expect(await serverNonce()).toBe(0);
    const [row] = await store.query<{ status: string; error_code: string }>("SELECT status, error_code FROM registrar_records");
    expect(row).toEqual({ status: "failed", error_code: "REGISTRATION_LICENCE_INVALID" });

    await write(SERVER, "buyLicence", [1n, 1], TERMS.fee); // licence 2 is ours
    await write(ARTIST, "revokeLicence", [2n]);
    const revoked = await r.register({ ...p, licenceId: 2n }).catch((e: unknown) => e);
    expect((revoked as LicenceNotValidError).errorName).toBe("StyleRegistryLicenceRevoked");
    await write(SERVER, "buyLicence", [1n, 1], TERMS.fee); // licence 3, valid
    const done = await r.register({ ...p, licenceId: 3n });
    expect(done.transactionHash).not.toBeNull();
    expect(await isRegistered({ ...p, licenceId: 3n })).toBe(true);
  });

  it("reports a registration that reverted when mined, and sends a new transaction when asked again", async () => {
    await chain.setAutomine(false);
    const r = registrar();
    const p = track("paused");
    const pending = r.register(p).catch((e: unknown) => e);
    for (;;) {
      const [row] = await store.query<{ status: string }>("SELECT status FROM registrar_records");
      if (row?.status === "sent") break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // The admin pauses the registry in the same block, ahead of the registration.
    const fees = await chain.publicClient.estimateFeesPerGas();
    const pause = { address: registry, abi: soundmarkRegistryAbi, gas: 100_000n, maxFeePerGas: fees.maxFeePerGas * 3n, maxPriorityFeePerGas: fees.maxFeePerGas * 2n } as const;
    await chain.wallet(0).writeContract({ ...pause, functionName: "pause" });
    await chain.mine();
    expect(await pending).toBeInstanceOf(ContractPausedError);
    await chain.setAutomine(true);
    await chain.wallet(0).writeContract({ ...pause, functionName: "unpause" });
    const done = await r.register(p);
    expect(await isRegistered(p)).toBe(true);
    const keys = await store.query<{ key: string; status: string }>("SELECT key, status FROM tx_transactions ORDER BY created_at");
    expect(keys).toEqual([
      { key: `register:${p.contentHash.slice(2)}`, status: "reverted" },
      { key: `register:${p.contentHash.slice(2)}:1`, status: "confirmed" },
    ]);
    expect(done.transactionHash).not.toBeNull();
  });

  it("refuses unknown parents and malformed records with typed errors", async () => {
    const r = registrar();
    const orphan = await r.register(track("orphan", { kind: "derivative", parents: [hashOf("nobody")] })).catch((e: unknown) => e);
    expect(orphan).toBeInstanceOf(UnknownParentError);
    const badKind = await r.register(track("bad-kind", { kind: "generated" })).catch((e: unknown) => e);
    expect(badKind).toBeInstanceOf(InvalidTrackRecordError);
    expect(await serverNonce()).toBe(0);
  });

  it("rejects malformed input before touching the chain", async () => {
    const r = registrar();
    const bad: unknown[] = [
      track("x", { contentHash: "0x1234" as Hex }),
      track("x", { contentHash: `0x${"zz".repeat(32)}` as Hex }),
      track("x", { contentHash: `0x${"00".repeat(32)}` as Hex }),
      track("x", { manifestDigest: "not hex" as Hex }),
      track("x", { kind: "remix" as never }),
      track("x", { styleId: -1n }),
      track("x", { styleId: 2n ** 32n }),
      track("x", { licenceId: 2n ** 64n }),
      track("x", { styleId: 1 as never }),
      track("x", { parents: Array.from({ length: 17 }, (_, i) => hashOf(`p${i}`)) }),
      track("x", { parents: [hashOf("audio:x")] }),
      track("x", { parents: [hashOf("p"), hashOf("p")] }),
      track("x", { parents: "0x" as never }),
      null,
    ];
    for (const p of bad) {
      await expect(r.register(p as RegisterTrackParameters)).rejects.toBeInstanceOf(InvalidRegistrationError);
    }
    expect(await store.query("SELECT 1 FROM registrar_records")).toHaveLength(0);
  });

  it("sends a lone batchable registration directly once its batch window ends", async () => {
    const r = registrar({ batchThreshold: 3, batchWindowMs: 1 });
    const done = await r.register(track("alone"));
    expect(done.batch).toBeUndefined();
    expect(await isRegistered(track("alone"))).toBe(true);
  });

  it("registers a derivative of its own earlier track", async () => {
    await styleAndLicence();
    const r = registrar();
    const parent = track("parent");
    const child = track("child", { kind: "derivative", styleId: 1n, licenceId: 1n, parents: [parent.contentHash] });
    const [p, c] = await Promise.all([r.register(parent), r.register(child)]);
    expect(p.blockNumber! <= c.blockNumber!).toBe(true);
    expect(await isRegistered(child)).toBe(true);
  });

  it("anchors many waiting registrations as one Merkle batch, refuses invalid ones, and promotes with the stored proof", async () => {
    await styleAndLicence();
    const published: { file: Uint8Array; digest: Hex }[] = [];
    // Six parentless registrations, more than the threshold of five: the sixth to arrive sends the batch (the window
    // is long enough never to end first).
    const r = registrar({ batchThreshold: 5, batchWindowMs: 600_000, publishBatchFile: async (file, digest) => void published.push({ file, digest }) });
    const good = ["b1", "b2", "b3", "b4"].map((label) => track(label));
    const licensed = track("b5", { kind: "generated", styleId: 1n, licenceId: 1n });
    const bad = track("b6", { kind: "generated", styleId: 1n, licenceId: 9n });
    const results = await Promise.allSettled([...good, licensed, bad].map((p) => r.register(p)));
    const done = results.slice(0, 5).map((x) => (x.status === "fulfilled" ? x.value : null));
    expect(results[5]).toMatchObject({ status: "rejected", reason: expect.any(LicenceNotValidError) });
    expect(await serverNonce()).toBe(2); // the licence purchase and one anchor
    const root = done[0]!.batch!.root;
    for (const [i, d] of done.entries()) {
      expect(d!.batch!.root).toBe(root);
      expect(d!.batch!.promoted).toBe(false);
      expect(d!.transactionHash).toBe(done[0]!.transactionHash);
      const p = [...good, licensed][i]!;
      const included = await chain.publicClient.readContract({
        address: registry,
        abi: soundmarkRegistryAbi,
        functionName: "verifyInclusion",
        args: [
          root,
          { ...p, registrant: chain.wallet(SERVER).account.address, kind: p.kind === "generated" ? 1 : 0, styleId: Number(p.styleId) },
          d!.batch!.proof,
        ],
      });
      expect(included).toBe(true);
    }
    const [batch] = await store.query<{ size: number; status: string; batch_file: string; leaves_digest: string }>("SELECT * FROM registrar_batches");
    expect(batch?.size).toBe(5);
    expect(batch?.status).toBe("anchored");
    expect(sha256(stringToBytes(batch!.batch_file)).slice(2)).toBe(batch?.leaves_digest);
    expect(published).toHaveLength(1);
    expect(sha256(published[0]!.file)).toBe(published[0]!.digest);
    expect(published[0]!.digest.slice(2)).toBe(batch?.leaves_digest);

    expect(await isRegistered(licensed)).toBe(false);
    const promoted = await r.promote(licensed.contentHash);
    expect(promoted.batch?.promoted).toBe(true);
    expect(promoted.transactionHash).not.toBe(done[0]!.transactionHash);
    expect(await isRegistered(licensed)).toBe(true);
    // A second register of a batched track sends nothing.
    expect((await r.register(good[0]!)).batch?.root).toBe(root);

    // A derivative of a batched parent promotes the parent first.
    const child = track("b-child", { kind: "derivative", styleId: 1n, licenceId: 1n, parents: [good[1]!.contentHash] });
    await r.register(child);
    expect(await isRegistered(good[1]!)).toBe(true);
    expect(await isRegistered(child)).toBe(true);
  });
});
