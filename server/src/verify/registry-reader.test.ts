import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsBlockstore } from "blockstore-fs";
import { createPublicClient, custom, http, stringToBytes, sha256 as sha256Hex, type Address, type EIP1193Provider, type Hex, type PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { soundmarkRegistryAbi } from "../chain/abi/SoundmarkRegistry.js";
import type { Deployment } from "../chain/deployment.js";
import { buildRegistrationBatch } from "../chain/registration-batch.js";
import { startEdrChain, type EdrChain } from "../chain/testing/edr-chain.js";
import { TrackKind, type TrackRecord } from "../chain/track-record.js";
import { blockstoreBlocks } from "../http/routes/ipfs-gateway-routes.js";
import { IpfsNotFoundError, openIpfs, type IpfsStore } from "../ipfs/index.js";
import type { GetBlock } from "../ipfs/read-verified.js";
import { readBatchRecords } from "./batch-records.js";
import { VerifyChainError, VerifyInputError, VerifyIntegrityError } from "./errors.js";
import { createRegistryReader, type AnchoredBatch } from "./registry-reader.js";

const hash = (label: string) => `0x${createHash("sha256").update(label).digest("hex")}` as Hex;

describe("createRegistryReader and readBatchRecords (Hardhat EDR chain, Helia blocks on disk)", () => {
  let chain: EdrChain;
  let deployment: Deployment;
  let registry: Address;
  let dataDir: string;
  let ipfs: IpfsStore;
  let blocks: FsBlockstore;
  let getBlock: GetBlock;
  let anchorer: Address;
  const original = (label: string, registrant: Address): TrackRecord => ({
    contentHash: hash(label),
    registrant,
    kind: TrackKind.Original,
    styleId: 0,
    licenceId: 0n,
    parents: [],
    manifestDigest: hash(`manifest of ${label}`),
  });

  /** Publishes `file` as the registrar does and anchors `root` with its digest; returns the anchored batch as read back. */
  async function anchor(root: Hex, size: number, file: string): Promise<AnchoredBatch> {
    await ipfs.addBytes(stringToBytes(file));
    const wallet = chain.wallet(1);
    const tx = await wallet.writeContract({ address: registry, abi: soundmarkRegistryAbi, functionName: "anchorBatch", args: [root, size, sha256Hex(stringToBytes(file))] });
    await chain.publicClient.waitForTransactionReceipt({ hash: tx });
    const reader = await createRegistryReader({ publicClient: chain.publicClient, registry });
    return (await reader.anchoredBatches()).find((b) => b.root === root.toLowerCase())!;
  }

  beforeAll(async () => {
    chain = await startEdrChain();
    deployment = await chain.deploy();
    registry = deployment.contracts.SoundmarkRegistry.address;
    anchorer = chain.wallet(1).account.address;
    dataDir = await mkdtemp(join(tmpdir(), "soundmark-verify-reader-"));
    ipfs = await openIpfs({ dataDir });
    blocks = new FsBlockstore(join(dataDir, "ipfs", "blocks"));
    await blocks.open();
    getBlock = blockstoreBlocks(blocks);
    const direct = original("direct", chain.wallet(0).account.address);
    const tx = await chain.wallet(0).writeContract({
      address: registry,
      abi: soundmarkRegistryAbi,
      functionName: "register",
      args: [direct.contentHash, direct.kind, direct.styleId, direct.licenceId, [...direct.parents], direct.manifestDigest],
    });
    await chain.publicClient.waitForTransactionReceipt({ hash: tx });
  });

  afterAll(async () => {
    await blocks?.close();
    await ipfs?.close();
    await chain?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("reads every registered record, each event re-hashed against the stored record hash", async () => {
    const reader = await createRegistryReader({ publicClient: chain.publicClient, registry, fromBlock: BigInt(deployment.contracts.SoundmarkRegistry.blockNumber) });
    expect(reader.registry).toBe(registry);
    const records = await reader.registeredRecords();
    const direct = records.get(hash("direct"))!;
    expect(direct.record).toEqual(original("direct", chain.wallet(0).account.address));
    expect(direct.promotedFrom).toBeNull();
    expect(direct.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    // read in ranges of two blocks: the same records
    const ranged = await createRegistryReader({ publicClient: chain.publicClient, registry, logRange: 2n });
    expect(await ranged.registeredRecords()).toEqual(records);
  });

  it("rebuilds a batch's records and proofs from the file the chain commits to; the registry accepts the proofs", async () => {
    const records = [original("batched one", anchorer), original("batched two", anchorer)];
    const built = buildRegistrationBatch(records);
    const batch = await anchor(built.root, built.size, built.file);
    const read = await readBatchRecords(batch, getBlock);
    expect(read.map((r) => r.record)).toEqual(records);
    const reader = await createRegistryReader({ publicClient: chain.publicClient, registry });
    for (const r of read) expect(await reader.verifyInclusion(batch.root, r.record, r.proof)).toBe(true);
    // a record changed after the fact is not in the batch
    expect(await reader.verifyInclusion(batch.root, { ...records[0]!, kind: TrackKind.Generated, styleId: 1 }, read[0]!.proof)).toBe(false);
  });

  it("refuses batch files that do not rebuild the anchored batch", async () => {
    const records = [original("forged one", anchorer), original("forged two", anchorer)];
    const built = buildRegistrationBatch(records);
    const other = buildRegistrationBatch([original("someone else's", anchorer)]);
    // the root of one batch anchored with the file of another
    await expect(readBatchRecords(await anchor(built.root, 1, other.file), getBlock)).rejects.toThrow(/rebuilds the root/);
    // the right records, but not in the registrar's canonical bytes
    const pretty = buildRegistrationBatch([original("pretty one", anchorer), original("pretty two", anchorer)]);
    const prettyFile = JSON.stringify(JSON.parse(pretty.file), null, 2);
    await expect(readBatchRecords(await anchor(pretty.root, 2, prettyFile), getBlock)).rejects.toThrow(/not in the registrar's canonical form/);
    // a size that differs from the file's
    const honest = await anchor(built.root.replace(/.$/, (c) => (c === "0" ? "1" : "0")) as Hex, 2, built.file);
    await expect(readBatchRecords({ ...honest, root: built.root.toLowerCase() as Hex, size: 3 }, getBlock)).rejects.toThrow(/lists 2 records, the chain says 3/);
    // records of another registrant than the anchorer
    const foreign = buildRegistrationBatch([original("foreign", chain.wallet(2).account.address)]);
    await expect(readBatchRecords(await anchor(foreign.root, 1, foreign.file), getBlock)).rejects.toThrow(/not the anchorer/);
    // not JSON, and not a batch file
    await expect(readBatchRecords(await anchor(hash("junk root"), 1, "<html>"), getBlock)).rejects.toThrow(VerifyIntegrityError);
    await expect(readBatchRecords(await anchor(hash("other format"), 1, '{"format":"x","records":[]}'), getBlock)).rejects.toThrow(/format/);
    const malformed = JSON.stringify({ format: "soundmark-batch-v1", records: [{ contentHash: "0x12", registrant: anchorer, kind: 0, styleId: 0, licenceId: "0", parents: [], manifestDigest: hash("m") }] });
    await expect(readBatchRecords(await anchor(hash("malformed"), 1, malformed), getBlock)).rejects.toThrow(/malformed hash in record 0/);
  });

  it("says when the batch file is not on IPFS", async () => {
    const built = buildRegistrationBatch([original("never published", anchorer)]);
    const batch: AnchoredBatch = { root: built.root, anchorer, size: 1, leavesDigest: built.leavesDigest, transactionHash: hash("tx"), blockNumber: 1n };
    await expect(readBatchRecords(batch, getBlock)).rejects.toThrow(IpfsNotFoundError);
  });

  it("catches a node that alters an event: its fields no longer hash to the stored record", async () => {
    // A fault injected on purpose: a node that rewrites the manifest digest in every log's data (kind, licenceId,
    // parents offset, manifestDigest: the digest is the fourth 32-byte word; its last hex digit is flipped).
    const at = 2 + 4 * 64 - 1;
    const provider = {
      async request(args: { method: string; params?: unknown[] }) {
        const result = await chain.publicClient.request(args as never);
        if (args.method !== "eth_getLogs") return result;
        return (result as { data: Hex }[]).map((log) =>
          log.data.length > at ? { ...log, data: `${log.data.slice(0, at)}${log.data[at] === "0" ? "1" : "0"}${log.data.slice(at + 1)}` } : log,
        );
      },
    } as EIP1193Provider;
    const lying = createPublicClient({ transport: custom(provider) }) as PublicClient;
    const reader = await createRegistryReader({ publicClient: lying, registry });
    await expect(reader.registeredRecords()).rejects.toThrow(/does not hash to the stored record/);
  });

  it("refuses what is not a registry: a bad address, no contract, another contract, a node that is not there", async () => {
    await expect(createRegistryReader({ publicClient: chain.publicClient, registry: "0x1234" })).rejects.toThrow(VerifyInputError);
    await expect(createRegistryReader({ publicClient: chain.publicClient, registry: chain.wallet(3).account.address })).rejects.toThrow(/no contract at/);
    await expect(createRegistryReader({ publicClient: chain.publicClient, registry: deployment.contracts.TrackNFT.address })).rejects.toThrow(/is not a Soundmark registry/);
    const nowhere = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0 }) }) as PublicClient;
    await expect(createRegistryReader({ publicClient: nowhere, registry })).rejects.toThrow(VerifyChainError);
  });
});
