import { afterEach, beforeEach, expect, it } from "vitest";
import type { Hex } from "viem";
import { soundmarkRegistryAbi } from "../chain/abi/SoundmarkRegistry.js";
import type { Deployment } from "../chain/deployment.js";
import { startEdrChain, type EdrChain } from "../chain/testing/edr-chain.js";
import { resetChainTables } from "../chain/testing/reset-tables.js";
import { TrackKind } from "../chain/track-record.js";
import type { Store } from "../store/index.js";
import { describeStores } from "../store/testing/test-stores.js";
import { ReorgTooDeepError } from "./errors.js";
import { startIndexer, type IndexerEvent, type StartIndexerParameters } from "./start-indexer.js";
import { FACT_TABLES } from "./store-event.js";
import { ACTORS, hashOf, PRICE, runScenario, STYLE_TERMS, type Scenario } from "./testing/scenario.js";

const bare = (h: Hex) => h.slice(2);

describeStores("chain indexer on EDR", (getStore) => {
  let chain: EdrChain;
  let store: Store;
  let deployment: Deployment;
  let events: IndexerEvent[];
  const stops: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    store = getStore();
    await resetChainTables(store);
    chain = await startEdrChain();
    deployment = await chain.deploy(0);
    events = [];
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await chain.close();
  });

  const indexer = (over: Partial<StartIndexerParameters> = {}) => {
    const ix = startIndexer({ publicClient: chain.publicClient, deployment, store, manual: true, onEvent: (e) => events.push(e), ...over });
    stops.push(() => ix.stop());
    return ix;
  };
  const catchUp = async (ix: ReturnType<typeof indexer>) => {
    let total = 0;
    for (;;) {
      const r = await ix.syncOnce();
      total += r.events;
      if (r.toBlock < r.fromBlock) return total;
    }
  };
  const count = async (table: string) => {
    const [row] = await store.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    return Number(row?.n);
  };
  const counts = async () => Object.fromEntries(await Promise.all(FACT_TABLES.map(async (t) => [t, await count(t)] as const)));
  /** One `register` by the generator, mined in its own block. */
  const registerTrack = async (label: string) => {
    const hash = await chain.wallet(ACTORS.generator).writeContract({
      address: deployment.contracts.SoundmarkRegistry.address,
      abi: soundmarkRegistryAbi,
      functionName: "register",
      args: [hashOf(`audio:${label}`), TrackKind.Original, 0, 0n, [], hashOf(`manifest:${label}`)],
    });
    return chain.publicClient.waitForTransactionReceipt({ hash });
  };
  const logCount = async () =>
    (
      await chain.publicClient.getLogs({
        address: [deployment.contracts.SoundmarkRegistry.address, deployment.contracts.TrackNFT.address],
        fromBlock: 0n,
        toBlock: "latest",
      })
    ).length;

  it("indexes every event of a whole story into its tables, in small block ranges", async () => {
    const s: Scenario = await runScenario(chain, deployment);
    const ix = indexer({ maxBlockRange: 3 });
    const indexedEvents = await catchUp(ix);
    expect(indexedEvents).toBe(await logCount());
    expect(await count("chain_events")).toBe(indexedEvents);
    expect(events.filter((e) => e.type === "synced").length).toBeGreaterThan(5);

    expect(await store.query("SELECT style_id, artist, metadata_uri FROM chain_style_current")).toEqual([
      { style_id: "1", artist: s.addresses.artist, metadata_uri: "ipfs://style-v2" },
    ].map((r) => expect.objectContaining(r)));
    expect(await store.query("SELECT terms_version, royalty_bps, fee, purchasable FROM chain_style_terms ORDER BY terms_version")).toEqual([
      { terms_version: 1, royalty_bps: 750, fee: "1000", purchasable: true },
      { terms_version: 2, royalty_bps: 1000, fee: "1000", purchasable: true },
    ]);
    expect(await store.query("SELECT licence_id, licensee, by_signature, fee_paid, max_tracks, royalty_bps FROM chain_licences ORDER BY licence_id")).toEqual([
      { licence_id: "1", licensee: s.addresses.generator, by_signature: false, fee_paid: "1000", max_tracks: 0, royalty_bps: 1000 },
      { licence_id: "2", licensee: s.addresses.licensee, by_signature: true, fee_paid: "0", max_tracks: 5, royalty_bps: 500 },
    ]);
    expect(await store.query("SELECT licence_id FROM chain_licence_revocations")).toEqual([{ licence_id: "2" }]);
    expect(await store.query("SELECT artist, nonce FROM chain_nonce_cancellations")).toEqual([{ artist: s.addresses.artist, nonce: "99" }]);

    const tracks = await store.query<{ content_hash: string; kind: string; parent_count: number; manifest_cid: string; token_id: string }>(
      "SELECT content_hash, kind, parent_count, manifest_cid, token_id FROM chain_tracks ORDER BY block_number",
    );
    expect(tracks.map((t) => t.content_hash)).toEqual([bare(s.parent.contentHash), bare(s.derivative.contentHash), bare(s.promoted.contentHash)]);
    expect(tracks.map((t) => t.kind)).toEqual(["original", "derivative", "generated"]);
    expect(tracks[1]?.token_id).toBe(BigInt(s.derivative.contentHash).toString());
    expect(tracks[0]?.manifest_cid).toMatch(/^bafkrei/);
    expect(await store.query("SELECT content_hash, parent_hash, position FROM chain_track_parents")).toEqual([
      { content_hash: bare(s.derivative.contentHash), parent_hash: bare(s.parent.contentHash), position: 0 },
    ]);
    expect(await store.query("SELECT root, anchorer, size FROM chain_batches")).toEqual([{ root: s.batchRoot, anchorer: s.addresses.generator, size: 3 }]);
    expect(await store.query("SELECT content_hash, root FROM chain_track_promotions")).toEqual([{ content_hash: bare(s.promoted.contentHash), root: s.batchRoot }]);

    const tokenId = BigInt(s.derivative.contentHash).toString();
    expect(await store.query("SELECT token_id, action, price, royalty_bps, artist FROM chain_listings")).toEqual([
      { token_id: tokenId, action: "listed", price: PRICE.toString(), royalty_bps: 1000, artist: s.addresses.artist },
    ]);
    expect(await store.query("SELECT token_id, buyer, price FROM chain_sales")).toEqual([{ token_id: tokenId, buyer: s.addresses.collector, price: PRICE.toString() }]);
    expect(await store.query("SELECT artist_share, registrant_share FROM chain_settlements")).toEqual([{ artist_share: "2000", registrant_share: "18000" }]);
    expect(await store.query("SELECT token_id, owner FROM chain_token_owners")).toEqual([{ token_id: tokenId, owner: s.addresses.collector }]);
    expect(await store.query("SELECT contract, payee, amount FROM chain_payment_credits ORDER BY block_number, log_index")).toEqual([
      { contract: "SoundmarkRegistry", payee: s.addresses.artist, amount: STYLE_TERMS.fee.toString() },
      { contract: "TrackNFT", payee: s.addresses.artist, amount: "2000" },
      { contract: "TrackNFT", payee: s.addresses.generator, amount: "18000" },
    ]);
    expect(await store.query("SELECT contract, payee, amount FROM chain_withdrawals ORDER BY block_number")).toEqual([
      { contract: "TrackNFT", payee: s.addresses.artist, amount: "2000" },
      { contract: "TrackNFT", payee: s.addresses.generator, amount: "18000" },
      { contract: "SoundmarkRegistry", payee: s.addresses.artist, amount: "1000" },
    ]);
    // Roles granted at deployment have no table of their own but are kept.
    expect(await count("chain_events WHERE event_name = 'RoleGranted'")).toBe(4);
  });

  it("is idempotent and resumes from its cursor after a restart", async () => {
    await runScenario(chain, deployment);
    const first = indexer({ maxBlockRange: 4 });
    // Index part of the chain, then "crash".
    await first.syncOnce();
    await first.syncOnce();
    const partial = first.indexedBlock()!;
    await first.stop();

    const second = indexer({ maxBlockRange: 4 });
    const next = await second.syncOnce();
    expect(next.fromBlock).toBe(partial + 1n);
    await catchUp(second);
    const before = await counts();
    expect(before.chain_events).toBe(await logCount());

    // Processing the same blocks again (a cursor moved back by hand) adds nothing.
    await store.query("UPDATE indexer_cursor SET block_number = $1, block_hash = (SELECT block_hash FROM indexer_blocks WHERE block_number = $1)", [
      deployment.contracts.SoundmarkRegistry.blockNumber - 1,
    ]);
    await catchUp(second);
    expect(await counts()).toEqual(before);
  });

  it("indexes only blocks with enough confirmations, and wakes waiters when a block is indexed", async () => {
    for (const label of ["c1", "c2", "c3", "c4"]) await registerTrack(label);
    const ix = indexer({ confirmations: 3 });
    await catchUp(ix);
    const head = await chain.publicClient.getBlockNumber();
    expect(ix.indexedBlock()).toBe(head - 3n);
    const waiting = ix.waitForBlock(head);
    await chain.mine(3);
    await catchUp(ix);
    await waiting;
    expect(ix.indexedBlock()).toBe(head);
  });

  it("follows the chain by itself once started, and is ready when caught up", async () => {
    await registerTrack("early");
    const ix = indexer({ manual: false, pollIntervalMs: 10 });
    await ix.ready;
    expect(await count("chain_events")).toBe(await logCount());
    const receipt = await registerTrack("late");
    await ix.waitForBlock(receipt.blockNumber);
    expect(await store.query("SELECT content_hash FROM chain_tracks WHERE content_hash = $1", [bare(hashOf("audio:late"))])).toHaveLength(1);
  });

  it("detects a reorg, rolls back the replaced blocks and indexes the new ones", async () => {
    await registerTrack("before-1");
    await registerTrack("before-2");
    const ix = indexer();
    await catchUp(ix);
    const settled = await counts();

    const snapshot = await chain.rpc<Hex>("evm_snapshot");
    const register = registerTrack;
    await register("fork-a-1");
    await register("fork-a-2");
    await catchUp(ix);
    expect(await count("chain_tracks")).toBe(settled.chain_tracks! + 2);

    // The two blocks are replaced by a longer fork with another track.
    expect(await chain.rpc<boolean>("evm_revert", [snapshot])).toBe(true);
    await chain.mine(1);
    await register("fork-b-1");
    await chain.mine(2);
    await catchUp(ix);
    const reorg = events.find((e) => e.type === "reorg");
    expect(reorg).toBeDefined();
    const tracks = await store.query<{ content_hash: string }>("SELECT content_hash FROM chain_tracks");
    const hashes = tracks.map((t) => t.content_hash);
    expect(hashes).toContain(bare(hashOf("audio:fork-b-1")));
    expect(hashes).not.toContain(bare(hashOf("audio:fork-a-1")));
    expect(hashes).not.toContain(bare(hashOf("audio:fork-a-2")));
    expect(await count("chain_events")).toBe(await logCount());
    const [cursor] = await store.query<{ block_hash: string; block_number: string }>("SELECT block_number, block_hash FROM indexer_cursor");
    const head = await chain.publicClient.getBlock();
    expect(cursor).toEqual({ block_number: head.number.toString(), block_hash: head.hash });
  });

  it("refuses to guess when a reorg goes below every block hash it kept", async () => {
    const ix = indexer({ reorgWindow: 2 });
    await chain.mine(5);
    await catchUp(ix);
    // Forge a history the chain never had: every stored hash is now wrong.
    await store.query("UPDATE indexer_blocks SET block_hash = $1", [`0x${"11".repeat(32)}`]);
    await store.query("UPDATE indexer_cursor SET block_hash = $1", [`0x${"11".repeat(32)}`]);
    await expect(ix.syncOnce()).rejects.toBeInstanceOf(ReorgTooDeepError);
  });
});
