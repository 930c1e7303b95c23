// The two indexers in one shape, so a test can say "they agree" with one toEqual: the subgraph's entities (from the
// replayed logs) and the server indexer's tables (server/src/store/migrations/0110-indexer.sql) after it followed the
// same chain. Only what both record is compared; each side's conventions (0x or not, names or addresses of
// contracts, kinds in upper or lower case, Unix seconds or timestamptz) are normalised here, nowhere else.
import type { Deployment } from "../../server/src/chain/deployment.js";
import type { Sql } from "../../server/src/store/index.js";
import type { Row } from "../src/logic/row";
import type { MemoryStore } from "./memory-store";

export interface IndexedState {
  styles: { id: string; artist: string; metadataURI: string; termsVersion: number; fee: string; royaltyBps: number; duration: string; maxTracks: number; commercial: boolean; derivatives: boolean; purchasable: boolean }[];
  terms: { style: string; version: number; fee: string; royaltyBps: number; duration: string; maxTracks: number; commercial: boolean; derivatives: boolean; purchasable: boolean }[];
  licences: { id: string; style: string; licensee: string; expiresAt: string; maxTracks: number; royaltyBps: number; commercial: boolean; derivatives: boolean; bySignature: boolean; feePaid: string; revokedAt: string | null; issuedAt: string }[];
  tracks: { contentHash: string; tokenId: string; registrant: string; kind: string; style: string | null; licence: string | null; parents: string[]; manifestDigest: string; manifestCid: string; batchRoot: string | null; block: string; transactionHash: string; logIndex: string; registeredAt: string }[];
  batches: { root: string; anchorer: string; size: string; leavesDigest: string; block: string }[];
  tokens: { id: string; status: string; registrant: string | null; price: string | null; artist: string | null; royaltyBps: number | null; owner: string | null }[];
  sales: { token: string; buyer: string; price: string; artist: string | null; artistShare: string | null; registrant: string | null; registrantShare: string | null }[];
  credits: { contract: string; payee: string; amount: string; transactionHash: string }[];
  withdrawals: { contract: string; payee: string; recipient: string; amount: string; transactionHash: string }[];
  nonces: { artist: string; nonce: string }[];
}

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const num = (a: string) => a.padStart(80, "0");
const orNull = (row: Row, name: string): string | null => (row.isNull(name) ? null : row.text(name));
const seconds = (value: unknown): string => String(Math.floor(new Date(value as string | Date).getTime() / 1000));

/** The subgraph's entities in the common shape. */
export function subgraphState(store: MemoryStore): IndexedState {
  const all = (entity: string) => [...store.all(entity).values()];
  const termsOf = (r: Row) => ({
    fee: r.text("fee"),
    royaltyBps: r.int("royaltyBps"),
    duration: r.text("duration"),
    maxTracks: r.int("maxTracks"),
    commercial: r.flag("commercial"),
    derivatives: r.flag("derivatives"),
    purchasable: r.flag("purchasable"),
  });
  const sales = new Map(all("Sale").map((s) => [s.id, s]));
  return sortState({
    styles: all("Style").map((s) => ({
      id: s.id,
      artist: s.text("artist"),
      metadataURI: s.text("metadataURI"),
      termsVersion: s.int("termsVersion"),
      ...termsOf(store.require("LicenceTerms", s.text("terms"))),
    })),
    terms: all("LicenceTerms").map((t) => ({ style: t.text("style"), version: t.int("version"), ...termsOf(t) })),
    licences: all("Licence").map((l) => ({
      id: l.id,
      style: l.text("style"),
      licensee: l.text("licensee"),
      expiresAt: l.text("expiresAt"),
      maxTracks: l.int("maxTracks"),
      royaltyBps: l.int("royaltyBps"),
      commercial: l.flag("commercial"),
      derivatives: l.flag("derivatives"),
      bySignature: l.flag("bySignature"),
      feePaid: l.text("feePaid"),
      revokedAt: orNull(l, "revokedAt"),
      issuedAt: l.text("issuedAt"),
    })),
    tracks: all("Track").map((t) => ({
      contentHash: t.id,
      tokenId: BigInt(t.id).toString(),
      registrant: t.text("registrant"),
      kind: t.text("kind").toLowerCase(),
      style: orNull(t, "style"),
      licence: orNull(t, "licence"),
      parents: t.list("parents"),
      manifestDigest: t.text("manifestDigest"),
      manifestCid: t.text("manifestCid"),
      batchRoot: t.isNull("batch") ? null : store.require("Batch", t.text("batch")).text("root"),
      block: t.text("registeredAtBlock"),
      transactionHash: t.text("transactionHash"),
      logIndex: t.text("logIndex"),
      registeredAt: t.text("registeredAt"),
    })),
    batches: all("Batch").map((b) => ({
      root: b.text("root"),
      anchorer: b.text("anchorer"),
      size: b.text("size"),
      leavesDigest: b.text("leavesDigest"),
      block: b.text("anchoredAtBlock"),
    })),
    tokens: all("Token").map((t) => {
      const delisted = t.text("status") === "DELISTED";
      return {
        id: t.id,
        status: t.text("status"),
        // A withdrawn offer has no terms any more (the contract deletes the listing).
        registrant: delisted ? null : t.text("registrant"),
        price: delisted ? null : t.text("price"),
        artist: delisted ? null : t.text("artist"),
        royaltyBps: delisted ? null : t.int("royaltyBps"),
        owner: orNull(t, "owner"),
      };
    }),
    sales: [...sales.values()].map((s) => ({
      token: s.id,
      buyer: s.text("buyer"),
      price: s.text("price"),
      artist: orNull(s, "artist"),
      artistShare: orNull(s, "artistShare"),
      registrant: orNull(s, "registrant"),
      registrantShare: orNull(s, "registrantShare"),
    })),
    credits: all("Credit").map((c) => ({
      contract: c.text("contract"),
      payee: c.text("payee"),
      amount: c.text("amount"),
      transactionHash: c.text("transactionHash"),
    })),
    withdrawals: all("Withdrawal").map((w) => ({
      contract: w.text("contract"),
      payee: w.text("payee"),
      recipient: w.text("recipient"),
      amount: w.text("amount"),
      transactionHash: w.text("transactionHash"),
    })),
    nonces: all("CancelledNonce").map((n) => ({ artist: n.text("artist"), nonce: n.text("nonce") })),
  });
}

type Q = Record<string, unknown>;

/** The server indexer's tables in the common shape. */
export async function indexerState(sql: Sql, deployment: Deployment): Promise<IndexedState> {
  const rows = (text: string) => sql.query<Q>(text);
  const s = (v: unknown) => String(v);
  const hex = (v: unknown) => `0x${s(v)}`;
  const id = (v: unknown) => (s(v) === "0" ? null : s(v));
  const address = (name: unknown) =>
    deployment.contracts[name as keyof Deployment["contracts"]].address.toLowerCase();
  const termsOf = (r: Q) => ({
    fee: s(r.fee),
    royaltyBps: Number(r.royalty_bps),
    duration: s(r.duration),
    maxTracks: Number(r.max_tracks),
    commercial: Boolean(r.commercial),
    derivatives: Boolean(r.derivatives),
    purchasable: Boolean(r.purchasable),
  });
  const parents = new Map<string, string[]>();
  for (const p of await rows("SELECT content_hash, parent_hash FROM chain_track_parents ORDER BY content_hash, position")) {
    parents.set(s(p.content_hash), [...(parents.get(s(p.content_hash)) ?? []), hex(p.parent_hash)]);
  }
  const sold = new Set((await rows("SELECT token_id FROM chain_sales")).map((r) => s(r.token_id)));
  return sortState({
    styles: (await rows("SELECT * FROM chain_style_current")).map((r) => ({
      id: s(r.style_id),
      artist: s(r.artist),
      metadataURI: s(r.metadata_uri),
      termsVersion: Number(r.terms_version),
      ...termsOf(r),
    })),
    terms: (await rows("SELECT * FROM chain_style_terms")).map((r) => ({ style: s(r.style_id), version: Number(r.terms_version), ...termsOf(r) })),
    licences: (
      await rows(
        `SELECT l.*, r.revoked_at FROM chain_licences l
         LEFT JOIN chain_licence_revocations r ON r.licence_id = l.licence_id`,
      )
    ).map((r) => ({
      id: s(r.licence_id),
      style: s(r.style_id),
      licensee: s(r.licensee),
      // The contract moves the expiry to the revocation time; the indexer keeps both facts.
      expiresAt: r.revoked_at === null ? s(r.expires_at) : String(BigInt(Math.min(Number(r.expires_at), Number(r.revoked_at)))),
      maxTracks: Number(r.max_tracks),
      royaltyBps: Number(r.royalty_bps),
      commercial: Boolean(r.commercial),
      derivatives: Boolean(r.derivatives),
      bySignature: Boolean(r.by_signature),
      feePaid: s(r.fee_paid),
      revokedAt: r.revoked_at === null ? null : s(r.revoked_at),
      issuedAt: seconds(r.block_time),
    })),
    tracks: (
      await rows(
        `SELECT t.*, p.root FROM chain_tracks t
         LEFT JOIN chain_track_promotions p ON p.content_hash = t.content_hash`,
      )
    ).map((r) => ({
      contentHash: hex(r.content_hash),
      tokenId: s(r.token_id),
      registrant: s(r.registrant),
      kind: s(r.kind),
      style: id(r.style_id),
      licence: id(r.licence_id),
      parents: parents.get(s(r.content_hash)) ?? [],
      manifestDigest: hex(r.manifest_digest),
      manifestCid: s(r.manifest_cid),
      batchRoot: r.root === null ? null : s(r.root),
      block: s(r.block_number),
      transactionHash: s(r.transaction_hash),
      logIndex: s(r.log_index),
      registeredAt: seconds(r.block_time),
    })),
    batches: (await rows("SELECT * FROM chain_batches")).map((r) => ({
      root: s(r.root),
      anchorer: s(r.anchorer),
      size: s(r.size),
      leavesDigest: hex(r.leaves_digest),
      block: s(r.block_number),
    })),
    tokens: (
      await rows(
        `SELECT l.*, o.owner FROM chain_listing_current l LEFT JOIN chain_token_owners o ON o.token_id = l.token_id`,
      )
    ).map((r) => {
      const delisted = s(r.action) === "delisted";
      return {
        id: s(r.token_id),
        status: sold.has(s(r.token_id)) ? "SOLD" : delisted ? "DELISTED" : "LISTED",
        registrant: delisted ? null : s(r.registrant),
        price: delisted ? null : s(r.price),
        artist: delisted ? null : s(r.artist),
        royaltyBps: delisted ? null : Number(r.royalty_bps),
        owner: r.owner === null || r.owner === undefined ? null : s(r.owner),
      };
    }),
    sales: (
      await rows(`SELECT s.token_id, s.buyer, s.price, x.artist, x.artist_share, x.registrant, x.registrant_share
                  FROM chain_sales s LEFT JOIN chain_settlements x ON x.token_id = s.token_id`)
    ).map((r) => ({
      token: s(r.token_id),
      buyer: s(r.buyer),
      price: s(r.price),
      artist: r.artist === null ? null : s(r.artist),
      artistShare: r.artist_share === null ? null : s(r.artist_share),
      registrant: r.registrant === null ? null : s(r.registrant),
      registrantShare: r.registrant_share === null ? null : s(r.registrant_share),
    })),
    credits: (await rows("SELECT * FROM chain_payment_credits")).map((r) => ({
      contract: address(r.contract),
      payee: s(r.payee),
      amount: s(r.amount),
      transactionHash: s(r.transaction_hash),
    })),
    withdrawals: (await rows("SELECT * FROM chain_withdrawals")).map((r) => ({
      contract: address(r.contract),
      payee: s(r.payee),
      recipient: s(r.recipient),
      amount: s(r.amount),
      transactionHash: s(r.transaction_hash),
    })),
    nonces: (await rows("SELECT * FROM chain_nonce_cancellations")).map((r) => ({ artist: s(r.artist), nonce: s(r.nonce) })),
  });
}

function sortState(state: IndexedState): IndexedState {
  return {
    styles: state.styles.sort(byKey((x) => num(x.id))),
    terms: state.terms.sort(byKey((x) => `${num(x.style)}-${num(String(x.version))}`)),
    licences: state.licences.sort(byKey((x) => num(x.id))),
    tracks: state.tracks.sort(byKey((x) => x.contentHash)),
    batches: state.batches.sort(byKey((x) => `${x.anchorer}-${x.root}`)),
    tokens: state.tokens.sort(byKey((x) => num(x.id))),
    sales: state.sales.sort(byKey((x) => num(x.token))),
    credits: state.credits.sort(byKey((x) => `${x.transactionHash}-${x.contract}-${x.payee}-${num(x.amount)}`)),
    withdrawals: state.withdrawals.sort(byKey((x) => `${x.transactionHash}-${x.payee}`)),
    nonces: state.nonces.sort(byKey((x) => `${x.artist}-${num(x.nonce)}`)),
  };
}
