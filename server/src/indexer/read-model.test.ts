import { createYoga } from "graphql-yoga";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Hex } from "viem";
import type { Deployment } from "../chain/deployment.js";
import { startEdrChain, type EdrChain } from "../chain/testing/edr-chain.js";
import { resetChainTables } from "../chain/testing/reset-tables.js";
import { createTrackRegistrar } from "../chain/track-registrar.js";
import { rawCidFromDigest } from "../ipfs/raw-cid.js";
import type { Store } from "../store/index.js";
import { describeStores } from "../store/testing/test-stores.js";
import { buildSchema } from "../schema/index.js";
import type { GraphQLContext } from "../schema/context.js";
import { withProvenanceCache } from "../schema/track/provenance-cache.js";
import { adaptReadModel } from "../schema/track/read-model-adapter.js";
import { InvalidQueryError } from "./errors.js";
import { createReadModel, type ReadModel } from "./read-model.js";
import { startIndexer } from "./start-indexer.js";
import { ACTORS, hashOf, PRICE, runScenario, type Scenario } from "./testing/scenario.js";

const bare = (h: Hex) => h.slice(2);
const AUDIO_CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

describeStores("read model over the indexed chain", (getStore) => {
  let chain: EdrChain;
  let store: Store;
  let deployment: Deployment;
  let s: Scenario;
  let reads: ReadModel;
  let anchored: Hex;

  beforeAll(async () => {
    store = getStore();
    await resetChainTables(store);
    await store.query("DELETE FROM ingest_jobs");
    await store.query("DELETE FROM ingest_tracks");
    chain = await startEdrChain();
    deployment = await chain.deploy(0);
    s = await runScenario(chain, deployment);
    // Two records anchored in a batch by the server's registrar (the generator's key), never promoted.
    const registrar = createTrackRegistrar({
      publicClient: chain.publicClient,
      walletClient: chain.wallet(ACTORS.generator),
      deployment,
      store,
      batchThreshold: 1,
      batchWindowMs: 600_000,
      transactions: { pollIntervalMs: 5 },
    });
    anchored = hashOf("audio:anchored-1");
    await Promise.all(
      ["anchored-1", "anchored-2"].map((label) =>
        registrar.register({ contentHash: hashOf(`audio:${label}`), kind: "original", styleId: 0n, licenceId: 0n, parents: [], manifestDigest: hashOf(`manifest:${label}`) }),
      ),
    );
    await registrar.close();
    const indexer = startIndexer({ publicClient: chain.publicClient, deployment, store, manual: true });
    for (;;) {
      const r = await indexer.syncOnce();
      if (r.toBlock < r.fromBlock) break;
    }
    await indexer.stop();
    // The ingest pipeline's off-chain record of the derivative.
    await store.query(
      `INSERT INTO ingest_tracks (sha256, size_bytes, kind, cid, manifest_cid, pcm_sha256, duration_seconds, generator, watermark)
       VALUES ($1, 1234, 'derivative', $2, $3, $4, 12.5, $5::jsonb, $6::jsonb)`,
      [
        bare(s.derivative.contentHash), AUDIO_CID, rawCidFromDigest(s.derivative.manifestDigest).toString(), bare(hashOf("pcm")),
        JSON.stringify({ modelHash: "ab".repeat(32), styleId: "1", seed: 7 }),
        JSON.stringify({ scheme: "spread-spectrum-v1", keyId: "k1", payload: "00ff00ff", detected: true, falsePositiveProbability: 1e-9 }),
      ],
    );
    reads = createReadModel(store);
  });
  afterAll(async () => {
    await chain?.close();
  });

  it("finds a track by sha256, token id, content hash id, manifest CID and audio CID", async () => {
    const bySha = await reads.getTrack({ sha256: bare(s.derivative.contentHash) });
    expect(bySha).toMatchObject({
      sha256: bare(s.derivative.contentHash),
      tokenId: BigInt(s.derivative.contentHash).toString(),
      status: "registered",
      kind: "derivative",
      registrant: s.addresses.generator,
      styleId: "1",
      licenceId: "1",
      manifestDigest: bare(s.derivative.manifestDigest),
      manifestCid: rawCidFromDigest(s.derivative.manifestDigest).toString(),
      parents: [bare(s.parent.contentHash)],
      batchRoot: null,
    });
    expect(bySha?.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(Date.parse(bySha!.registeredAt)).not.toBeNaN();
    expect(await reads.getTrack({ sha256: s.derivative.contentHash.toUpperCase().replace("0X", "0x") })).toEqual(bySha);
    expect(await reads.getTrack({ id: BigInt(s.derivative.contentHash).toString() })).toEqual(bySha);
    expect(await reads.getTrack({ id: s.derivative.contentHash })).toEqual(bySha);
    expect(await reads.getTrack({ cid: bySha!.manifestCid })).toEqual(bySha);
    expect(await reads.getTrack({ cid: AUDIO_CID })).toEqual(bySha);
    expect(await reads.getTrack({ sha256: bare(hashOf("unknown")) })).toBeNull();
    const promoted = await reads.getTrack({ sha256: bare(s.promoted.contentHash) });
    expect(promoted?.batchRoot).toBe(s.batchRoot);
  });

  it("shows a record anchored in a batch but not promoted, with its batch root", async () => {
    const track = await reads.getTrack({ sha256: bare(anchored) });
    expect(track).toMatchObject({ status: "anchored", kind: "original", registrant: s.addresses.generator, styleId: null, licenceId: null });
    const [batch] = await store.query<{ root: string }>("SELECT root FROM chain_batches WHERE size = 2");
    expect(track?.batchRoot).toBe(batch?.root);
    expect((await reads.getProvenance(bare(anchored)))?.token).toBeNull();
  });

  it("refuses malformed and hostile lookups with InvalidQueryError", async () => {
    const bad: unknown[] = [
      {},
      { sha256: "12", id: "1" },
      { sha256: "xyz" },
      { sha256: `${"a".repeat(64)}' OR 1=1 --` },
      { id: "-1" },
      { id: (2n ** 256n).toString() },
      { id: "1e5" },
      { cid: "bafy'; DROP TABLE chain_tracks; --" },
      { cid: "a".repeat(500) },
      null,
    ];
    for (const by of bad) await expect(reads.getTrack(by as never)).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(reads.getProvenance("nope")).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(reads.getStyle("1; DELETE FROM chain_styles")).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(reads.getLicence(-1)).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(reads.getToken(1.5)).rejects.toBeInstanceOf(InvalidQueryError);
    expect(await reads.getStyle(1)).not.toBeNull();
  });

  it("pages through tracks newest first with opaque cursors, and filters", async () => {
    const all = await reads.listTracks({ first: 100 });
    expect(all.totalCount).toBe(3);
    expect(all.edges.map((e) => e.node.sha256)).toEqual([s.promoted, s.derivative, s.parent].map((r) => bare(r.contentHash)));
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result = await reads.listTracks({ first: 1, after });
      seen.push(...result.edges.map((e) => e.node.sha256));
      expect(result.totalCount).toBe(3);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e) => e.node.sha256));

    expect((await reads.listTracks({ filter: { styleId: "1" } })).edges.map((e) => e.node.kind)).toEqual(["generated", "derivative"]);
    expect((await reads.listTracks({ filter: { kind: "original" } })).edges.map((e) => e.node.sha256)).toEqual([bare(s.parent.contentHash)]);
    const mine = await reads.listTracks({ filter: { registrant: s.addresses.generator.toUpperCase().replace("0X", "0x"), styleId: 1n, kind: "derivative" } });
    expect(mine.totalCount).toBe(1);
    expect((await reads.listTracks({ filter: { registrant: s.addresses.collector } })).edges).toEqual([]);

    await expect(reads.listTracks({ first: 0 })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(reads.listTracks({ first: 101 })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(reads.listTracks({ after: "garbage!" })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(reads.listTracks({ filter: { kind: "remix" as never } })).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(reads.listTracks({ filter: { registrant: "0x123" } })).rejects.toBeInstanceOf(InvalidQueryError);
  });

  it("returns a style with its current terms, their history, its licences and its derivatives", async () => {
    const style = await reads.getStyle("1");
    expect(style).toMatchObject({ styleId: "1", artist: s.addresses.artist, metadataUri: "ipfs://style-v2", derivativeCount: 2 });
    expect(style?.terms).toMatchObject({ termsVersion: 2, royaltyBps: 1000, fee: "1000", purchasable: true });
    expect(style?.termsHistory.map((t) => t.royaltyBps)).toEqual([750, 1000]);
    expect(style?.licences.map((l) => [l.licenceId, l.bySignature, l.revoked])).toEqual([
      ["1", false, false],
      ["2", true, true],
    ]);
    expect(style?.derivatives.map((t) => t.sha256)).toEqual([bare(s.promoted.contentHash), bare(s.derivative.contentHash)]);
    expect(await reads.getStyle(2)).toBeNull();
  });

  it("returns licences with their revocation and use", async () => {
    const bought = await reads.getLicence(1n);
    expect(bought).toMatchObject({ licenceId: "1", styleId: "1", licensee: s.addresses.generator, expiresAt: null, feePaid: "1000", tracksRegistered: 2, revoked: false });
    const granted = await reads.getLicence("2");
    expect(granted).toMatchObject({ licensee: s.addresses.licensee, bySignature: true, maxTracks: 5, royaltyBps: 500, commercial: false, revoked: true });
    expect(granted?.expiresAt).toBe(granted?.revokedAt);
    expect(await reads.getLicence(3)).toBeNull();
  });

  it("returns the token of a sold track with its owner, sale and settlement", async () => {
    const token = await reads.getToken(BigInt(s.derivative.contentHash));
    expect(token).toMatchObject({
      sha256: bare(s.derivative.contentHash),
      owner: s.addresses.collector,
      listing: { active: false, price: PRICE.toString(), artist: s.addresses.artist, royaltyBps: 1000 },
      sale: { buyer: s.addresses.collector, price: PRICE.toString() },
      settlement: { artistShare: "2000", registrantShare: "18000" },
    });
    expect(token?.transfers).toHaveLength(1);
    expect(await reads.getToken(BigInt(s.parent.contentHash))).toBeNull();
  });

  it("returns the whole provenance of a track, with the ingest pipeline's off-chain fields", async () => {
    const p = await reads.getProvenance(s.derivative.contentHash);
    expect(p).toMatchObject({
      registrant: s.addresses.generator,
      style: { styleId: "1", artist: s.addresses.artist, metadataUri: "ipfs://style-v2" },
      artist: s.addresses.artist,
      licence: { licenceId: "1" },
      audioCid: AUDIO_CID,
      pcmSha256: bare(hashOf("pcm")),
      durationSeconds: 12.5,
      modelHash: "ab".repeat(32),
      watermarkPayload: "00ff00ff",
      watermark: { keyId: "k1", detected: true },
      generator: { seed: 7 },
      token: { owner: s.addresses.collector },
    });
    expect(p?.parents.map((t) => t.sha256)).toEqual([bare(s.parent.contentHash)]);
    expect(p?.children).toEqual([]);
    expect(p?.transactionHash).toBe(p?.track.transactionHash);
    expect(p?.manifestCid).toBe(rawCidFromDigest(s.derivative.manifestDigest).toString());

    const parent = await reads.getProvenance(bare(s.parent.contentHash));
    expect(parent?.children.map((t) => t.sha256)).toEqual([bare(s.derivative.contentHash)]);
    expect(parent).toMatchObject({ style: null, artist: null, licence: null, audioCid: null, modelHash: null, watermarkPayload: null, token: null });
    expect(await reads.getProvenance(bare(hashOf("unknown")))).toBeNull();
  });

  it("reads provenance without the token and the related tracks when asked, the rest unchanged; children on their own", async () => {
    const full = await reads.getProvenance(s.derivative.contentHash);
    const lean = await reads.getProvenance(s.derivative.contentHash, { token: false, related: false });
    expect(lean).toEqual({ ...full, token: null, parents: [], children: [] });
    expect((await reads.getChildren(bare(s.parent.contentHash))).map((t) => t.sha256)).toEqual([bare(s.derivative.contentHash)]);
    expect(await reads.getChildren(s.derivative.contentHash)).toEqual([]);
    await expect(reads.getChildren("nope")).rejects.toBeInstanceOf(InvalidQueryError);
  });

  it("answers GraphQL provenance with its style, parents and children read only where the query asks", async () => {
    // The provenance resolvers read only the read model; the rest of the context is the edge's business.
    const context = { services: { readModel: adaptReadModel(reads as ReturnType<typeof createReadModel>, store) } } as unknown as GraphQLContext;
    const yoga = createYoga({ schema: buildSchema(), context: () => context, logging: false });
    const ask = async (sha256: Hex, fields: string) => {
      const response = await yoga.fetch("http://localhost/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: `query($s: String!) { provenance(sha256: $s) { ${fields} } }`, variables: { s: bare(sha256) } }),
      });
      const result = (await response.json()) as { data?: { provenance: Record<string, unknown> }; errors?: unknown[] };
      expect(result.errors).toBeUndefined();
      return result.data!.provenance;
    };
    const derivative = await ask(s.derivative.contentHash, "artist track { cid durationSeconds } style { id artist } parents { sha256 cid } children { sha256 }");
    expect(derivative).toEqual({
      artist: s.addresses.artist,
      track: { cid: AUDIO_CID, durationSeconds: 12.5 },
      style: { id: "1", artist: s.addresses.artist },
      parents: [{ sha256: bare(s.parent.contentHash), cid: null }],
      children: [],
    });
    const parent = await ask(s.parent.contentHash, "style { id } parents { sha256 } children { sha256 cid }");
    expect(parent).toEqual({ style: null, parents: [], children: [{ sha256: bare(s.derivative.contentHash), cid: AUDIO_CID }] });
  });

  it("answers provenance from memory until this process writes, and asks a shared Postgres server every time", async () => {
    const adapted = adaptReadModel(reads, store);
    let asked = 0;
    const counted = { ...adapted, getProvenance: (sha: string) => (asked++, adapted.getProvenance(sha)) };
    const cached = withProvenanceCache(counted, () => store.writeGeneration, 1);
    const derivative = bare(s.derivative.contentHash);
    const parent = bare(s.parent.contentHash);
    const first = await cached.getProvenance(derivative);
    expect(first).toEqual(await adapted.getProvenance(derivative));
    expect(await cached.getProvenance(derivative)).toEqual(first);
    const shared = store.writeGeneration === null;
    expect(asked).toBe(shared ? 2 : 1);

    // a write the answer depends on is never hidden
    await store.query("UPDATE ingest_tracks SET duration_seconds = 99 WHERE sha256 = $1", [derivative]);
    try {
      expect((await cached.getProvenance(derivative))?.track.durationSeconds).toBe(99);
      expect(asked).toBe(shared ? 3 : 2);
    } finally {
      await store.query("UPDATE ingest_tracks SET duration_seconds = 12.5 WHERE sha256 = $1", [derivative]);
    }

    // capacity 1: reading another track evicts the first
    const before = asked;
    await cached.getProvenance(parent);
    await cached.getProvenance(derivative);
    await cached.getProvenance(derivative);
    expect(asked - before).toBe(shared ? 3 : 2);
    expect(() => withProvenanceCache(adapted, () => 0, 0)).toThrow(RangeError);
  });
});
