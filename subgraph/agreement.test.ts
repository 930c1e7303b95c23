// The subgraph's mapping logic, fed the logs of a real EDR run, must agree with the chain itself (every view function
// that exposes state the events describe) and with the server's own indexer for the same chain.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAddress, type Address, type Hex } from "viem";
import { soundmarkRegistryAbi } from "../server/src/chain/abi/SoundmarkRegistry.js";
import { trackNFTAbi } from "../server/src/chain/abi/TrackNFT.js";
import { hashTrackRecord, type TrackRecord } from "../server/src/chain/track-record.js";
import { rawCidFromDigest } from "../server/src/ipfs/raw-cid.js";
import type { Row } from "./src/logic/row";
import { TRACK_KINDS, batchId } from "./src/logic/track-registry";
import { MemoryStore } from "./testing/memory-store";
import { replayLogs } from "./testing/replay";
import { runScenario, type Scenario } from "./testing/scenario";
import { checkReferences, checkRow, loadEntitySchema } from "./testing/schema-check";
import { DATA_SOURCES, exportedHandlers, type DataSourceName } from "../scripts/subgraph-manifest.js";
import { openStore, type Store } from "../server/src/store/index.js";
import { startIndexer } from "../server/src/indexer/start-indexer.js";
import { indexerState, subgraphState } from "./testing/indexer-agreement";
import { createReadModel } from "../server/src/indexer/read-model.js";
import { readModelProvenance, readModelStyle, subgraphProvenance, subgraphStyle } from "./testing/read-model-agreement";

let scenario: Scenario;
let database: Store | undefined;
const store = new MemoryStore();
let events = 0;
let names = new Set<string>();

beforeAll(async () => {
  scenario = await runScenario();
  ({ events, names } = await replayLogs({ publicClient: scenario.publicClient, deployment: scenario.deployment, store }));
});

afterAll(async () => {
  await database?.close();
  await scenario?.close();
});

const rows = (entity: string): Row[] => [...store.all(entity).values()];
const one = (entity: string, id: string): Row => {
  const row = store.load(entity, id);
  if (!row) throw new Error(`no ${entity} ${id}`);
  return row;
};
const nullable = (row: Row, name: string): string | null => (row.isNull(name) ? null : row.text(name));

const registryRead = (functionName: string, args: readonly unknown[]) =>
  scenario.publicClient.readContract({
    address: scenario.deployment.contracts.SoundmarkRegistry.address,
    abi: soundmarkRegistryAbi,
    functionName,
    args,
  } as never) as Promise<never>;
const nftRead = (functionName: string, args: readonly unknown[]) =>
  scenario.publicClient.readContract({
    address: scenario.deployment.contracts.TrackNFT.address,
    abi: trackNFTAbi,
    functionName,
    args,
  } as never) as Promise<never>;

/** The record an entity describes, in the contract's field types. */
function recordOf(track: Row): TrackRecord {
  return {
    contentHash: track.text("contentHash") as Hex,
    registrant: getAddress(track.text("registrant")),
    kind: TRACK_KINDS.indexOf(track.text("kind")) as TrackRecord["kind"],
    styleId: track.isNull("style") ? 0 : Number(track.text("style")),
    licenceId: track.isNull("licence") ? 0n : BigInt(track.text("licence")),
    parents: track.list("parents") as Hex[],
    manifestDigest: track.text("manifestDigest") as Hex,
  };
}

describe("subgraph logic replaying a real EDR run", () => {
  it("indexes every log of both contracts into the entities the story made", () => {
    expect(events).toBeGreaterThan(40);
    expect(rows("Artist").map((a) => a.id).sort()).toEqual([scenario.accounts.artist, scenario.accounts.holder].sort());
    expect(rows("Style")).toHaveLength(2);
    expect(rows("LicenceTerms")).toHaveLength(3);
    expect(rows("Licence")).toHaveLength(3);
    expect(rows("Track")).toHaveLength(6);
    expect(rows("Batch")).toHaveLength(1);
    expect(rows("Token")).toHaveLength(2);
    expect(rows("Sale")).toHaveLength(1);
    expect(rows("Withdrawal")).toHaveLength(3);
  });

  it("the story emits every event the subgraph's mappings handle", async () => {
    const handled = new Set<string>();
    for (const name of Object.keys(DATA_SOURCES) as DataSourceName[]) {
      const source = await readFile(new URL(DATA_SOURCES[name], new URL("./", import.meta.url)), "utf8");
      for (const handler of exportedHandlers(source)) handled.add(`${name}.${handler.slice("handle".length)}`);
    }
    expect([...handled].filter((h) => !names.has(h))).toEqual([]);
    expect([...names].filter((n) => !handled.has(n))).toEqual([]);
  });

  it("every entity is one graph-node would store: schema.graphql's fields and types, references that resolve", () => {
    const schema = loadEntitySchema(new URL("./schema.graphql", import.meta.url).pathname);
    const all = [...store.rows.values()];
    const problems = all.flatMap((row) => [
      ...checkRow(schema, row),
      ...checkReferences(schema, row, (entity, id) => store.load(entity, id) !== null),
    ]);
    expect(problems).toEqual([]);
    // Every entity type of the schema is produced by the story.
    expect(new Set(all.map((r) => r.entity))).toEqual(new Set(schema.entities.keys()));
  });

  it("styles and their current terms equal the registry's style(id)", async () => {
    for (const style of rows("Style")) {
      const [artist, terms, termsVersion, metadataURI] = (await registryRead("style", [BigInt(style.id)])) as [
        Address,
        { fee: bigint; royaltyBps: number; duration: number; maxTracks: number; commercial: boolean; derivatives: boolean; purchasable: boolean },
        number,
        string,
      ];
      expect(style.text("artist")).toBe(artist.toLowerCase());
      expect(style.text("metadataURI")).toBe(metadataURI);
      expect(style.int("termsVersion")).toBe(termsVersion);
      const current = one("LicenceTerms", style.text("terms"));
      expect(current.int("version")).toBe(termsVersion);
      expect({
        fee: BigInt(current.text("fee")),
        royaltyBps: current.int("royaltyBps"),
        duration: Number(current.text("duration")),
        maxTracks: current.int("maxTracks"),
        commercial: current.flag("commercial"),
        derivatives: current.flag("derivatives"),
        purchasable: current.flag("purchasable"),
      }).toEqual(terms);
      const licences = rows("Licence").filter((l) => l.text("style") === style.id);
      expect(style.int("licenceCount")).toBe(licences.length);
      expect(style.int("trackCount")).toBe(rows("Track").filter((t) => nullable(t, "style") === style.id).length);
    }
    expect(one("Style", "1").text("metadataURI")).toBe("ipfs://style-one-v2");
  });

  it("licences equal the registry's licence(id), caps and revocation included", async () => {
    for (const licence of rows("Licence")) {
      const l = (await registryRead("licence", [BigInt(licence.id)])) as {
        licensee: Address; styleId: number; expiresAt: number; remaining: number; flags: number; feePaid: bigint; royaltyBps: number; issuedAt: number;
      };
      expect(licence.text("licensee")).toBe(l.licensee.toLowerCase());
      expect(licence.text("style")).toBe(String(l.styleId));
      expect(Number(licence.text("expiresAt"))).toBe(l.expiresAt);
      expect(licence.int("remaining")).toBe(l.remaining);
      expect(licence.flag("commercial")).toBe((l.flags & 1) !== 0);
      expect(licence.flag("derivatives")).toBe((l.flags & 2) !== 0);
      expect(licence.flag("revoked")).toBe((l.flags & 4) !== 0);
      expect(licence.flag("bySignature")).toBe((l.flags & 8) !== 0);
      expect(BigInt(licence.text("feePaid"))).toBe(l.feePaid);
      expect(licence.int("royaltyBps")).toBe(l.royaltyBps);
      expect(Number(licence.text("issuedAt"))).toBe(l.issuedAt);
      expect(licence.int("trackCount")).toBe(rows("Track").filter((t) => nullable(t, "licence") === licence.id).length);
    }
    // Bought licences point at the terms version they were bought at; the signed one has its own terms.
    expect(one("Licence", "1").text("terms")).toBe("1-1");
    expect(one("Licence", "2").text("terms")).toBe("1-2");
    expect(one("Licence", "3").isNull("terms")).toBe(true);
    expect(one("Licence", "2").flag("revoked")).toBe(true);
  });

  it("every track entity is exactly the registered record (recordHashOf), with its CID, batch and relations", async () => {
    for (const track of rows("Track")) {
      const record = recordOf(track);
      expect(await registryRead("recordHashOf", [record.contentHash])).toBe(hashTrackRecord(record));
      expect(await registryRead("isRegistered", [{ ...record, parents: [...record.parents] }])).toBe(true);
      expect(track.text("manifestCid")).toBe(rawCidFromDigest(record.manifestDigest).toString());
    }
    const { own, generated, derivative, batchedA, batchedB } = scenario.tracks;
    expect(one("Track", derivative.contentHash).list("parents")).toEqual([own.contentHash, generated.contentHash]);
    const id = batchId(scenario.accounts.licensee, scenario.batchRoot);
    expect(one("Track", batchedA.contentHash).text("batch")).toBe(id);
    expect(one("Track", batchedB.contentHash).text("batch")).toBe(id);
    expect(one("Track", own.contentHash).isNull("batch")).toBe(true);
    const children = rows("Track").filter((t) => t.list("parents").includes(derivative.contentHash)).map((t) => t.id);
    expect(children).toEqual([batchedB.contentHash]);
  });

  it("the batch equals the registry's batch(anchorer, root)", async () => {
    for (const batch of rows("Batch")) {
      const b = (await registryRead("batch", [batch.text("anchorer"), batch.text("root")])) as { anchorer: Address; anchoredAt: bigint; size: number };
      expect(b.anchorer.toLowerCase()).toBe(batch.text("anchorer"));
      expect(BigInt(batch.text("anchoredAt"))).toBe(b.anchoredAt);
      expect(Number(batch.text("size"))).toBe(b.size);
      expect(batch.int("promotedCount")).toBe(2);
    }
  });

  it("tokens equal the NFT's listing, owner, approval and tokenURI", async () => {
    for (const token of rows("Token")) {
      const tokenId = BigInt(token.id);
      const listing = (await nftRead("listing", [tokenId])) as { registrant: Address; price: bigint; artist: Address; royaltyBps: number; settled: boolean };
      const track = one("Track", token.text("track"));
      expect(track.text("token")).toBe(token.id);
      expect(BigInt(track.id)).toBe(tokenId);
      if (token.text("status") === "DELISTED") {
        expect(listing.registrant).toBe("0x0000000000000000000000000000000000000000");
        expect(token.isNull("owner")).toBe(true);
        continue;
      }
      expect(token.text("registrant")).toBe(listing.registrant.toLowerCase());
      expect(BigInt(token.text("price"))).toBe(listing.price);
      expect(token.text("artist")).toBe(listing.artist.toLowerCase());
      expect(token.int("royaltyBps")).toBe(listing.royaltyBps);
      if (token.text("status") === "SOLD") {
        expect(token.text("owner")).toBe(((await nftRead("ownerOf", [tokenId])) as Address).toLowerCase());
        expect(nullable(token, "approved")).toBe(null);
        expect(await nftRead("getApproved", [tokenId])).toBe("0x0000000000000000000000000000000000000000");
        expect(await nftRead("tokenURI", [tokenId])).toBe(`ipfs://${track.text("manifestCid")}`);
        expect(one("Sale", token.id).flag("settled")).toBe(listing.settled);
      }
    }
    const sold = one("Token", BigInt(scenario.tracks.generated.contentHash).toString());
    expect(sold.text("status")).toBe("SOLD");
    expect(sold.text("owner")).toBe(scenario.accounts.holder);
    expect(one("Token", BigInt(scenario.tracks.derivative.contentHash).toString()).text("status")).toBe("DELISTED");
  });

  it("the sale's split equals the price at the listing's royalty rate", () => {
    const sale = one("Sale", BigInt(scenario.tracks.generated.contentHash).toString());
    const token = one("Token", sale.id);
    const price = BigInt(sale.text("price"));
    const artistShare = (price * BigInt(token.int("royaltyBps"))) / 10_000n;
    expect(BigInt(sale.text("artistShare"))).toBe(artistShare);
    expect(BigInt(sale.text("registrantShare"))).toBe(price - artistShare);
    expect(sale.text("buyer")).toBe(scenario.accounts.collector);
  });

  it("balances equal each contract's withdrawable(payee), and credits minus withdrawals add up", async () => {
    const balances = rows("Balance");
    expect(balances.length).toBeGreaterThanOrEqual(3);
    for (const balance of balances) {
      const contract = balance.text("contract");
      const read = contract === scenario.deployment.contracts.SoundmarkRegistry.address.toLowerCase() ? registryRead : nftRead;
      expect(BigInt(balance.text("withdrawable"))).toBe(await read("withdrawable", [balance.text("payee")]));
      const credited = rows("Credit").filter((c) => c.text("contract") === contract && c.text("payee") === balance.text("payee"));
      const withdrawn = rows("Withdrawal").filter((w) => w.text("contract") === contract && w.text("payee") === balance.text("payee"));
      const sum = (list: Row[]) => list.reduce((t, r) => t + BigInt(r.text("amount")), 0n);
      expect(BigInt(balance.text("credited"))).toBe(sum(credited));
      expect(BigInt(balance.text("withdrawn"))).toBe(sum(withdrawn));
    }
  });

  it("nonces, pauses, roles and operator approvals equal the contracts' views", async () => {
    for (const nonce of rows("CancelledNonce")) {
      expect(await registryRead("nonceUsed", [nonce.text("artist"), BigInt(nonce.text("nonce"))])).toBe(true);
    }
    expect(rows("CancelledNonce")).toHaveLength(1);
    for (const state of rows("ContractState")) {
      const read = state.id === scenario.deployment.contracts.SoundmarkRegistry.address.toLowerCase() ? registryRead : nftRead;
      expect(state.flag("paused")).toBe(await read("paused", []));
    }
    const members = rows("RoleMember");
    expect(members.length).toBeGreaterThanOrEqual(5);
    for (const member of members) {
      const role = one("Role", member.text("role"));
      const read = role.text("contract") === scenario.deployment.contracts.SoundmarkRegistry.address.toLowerCase() ? registryRead : nftRead;
      expect(member.flag("active")).toBe(await read("hasRole", [role.text("role"), member.text("account")]));
    }
    for (const approval of rows("OperatorApproval")) {
      expect(approval.flag("approved")).toBe(await nftRead("isApprovedForAll", [approval.text("owner"), approval.text("operator")]));
    }
  });
});

describe("the subgraph and the server's indexer, on the same chain", () => {
  beforeAll(async () => {
    database = await openStore({});
    const indexer = startIndexer({ publicClient: scenario.publicClient, deployment: scenario.deployment, store: database, manual: true });
    const head = await scenario.publicClient.getBlockNumber();
    while ((indexer.indexedBlock() ?? -1n) < head) await indexer.syncOnce();
    await indexer.stop();
  });

  it("agree on every style, terms version, licence, track, batch, token, sale, credit, withdrawal and nonce", async () => {
    const fromIndexer = await indexerState(database!, scenario.deployment);
    const fromSubgraph = subgraphState(store);
    // Not vacuous: the story's entities are there on both sides.
    expect(fromIndexer.tracks).toHaveLength(6);
    expect(fromIndexer.licences).toHaveLength(3);
    expect(fromSubgraph).toEqual(fromIndexer);
  });

  it("answer provenance(sha256) alike for every track, and nothing for an unknown one", async () => {
    const readModel = createReadModel(database!);
    for (const track of rows("Track")) {
      const view = await readModel.getProvenance(track.id);
      expect(view).not.toBeNull();
      expect(subgraphProvenance(store, track.id)).toEqual(readModelProvenance(view!));
    }
    const unknown = `0x${"ab".repeat(32)}`;
    expect(await readModel.getProvenance(unknown)).toBeNull();
    expect(subgraphProvenance(store, unknown)).toBeNull();
  });

  it("answer style(id) alike for every style: terms history, licences, tracks", async () => {
    const readModel = createReadModel(database!);
    for (const style of rows("Style")) {
      const view = await readModel.getStyle(style.id, { derivativesLimit: 1000 });
      expect(view).not.toBeNull();
      expect(subgraphStyle(store, style.id)).toEqual(readModelStyle(view!));
    }
    expect(await readModel.getStyle("99")).toBeNull();
    expect(subgraphStyle(store, "99")).toBeNull();
  });
});
