// The server's two read questions — provenance(sha256) and style(id) — answered from the subgraph's entities (following
// the relations a query of the subgraph follows, docs/subgraph.md) in the read model's conventions, and the read
// model's own answers cut down to what the chain holds (the off-chain ingest fields have no subgraph counterpart).
import type { LicenceView, ProvenanceView, StyleView, TokenView, TrackView } from "../../server/src/indexer/read-model.js";
import type { Row } from "../src/logic/row";
import type { MemoryStore } from "./memory-store";

const NEVER = "4294967295";
const bare = (hash: string) => hash.replace(/^0x/, "");
const iso = (unixSeconds: string) => new Date(Number(unixSeconds) * 1000).toISOString();
const orNull = (row: Row, name: string): string | null => (row.isNull(name) ? null : row.text(name));
const bySha = <T extends { sha256: string }>(list: T[]) => [...list].sort((a, b) => a.sha256.localeCompare(b.sha256));

type TrackAnswer = Omit<TrackView, "status">;
type LicenceAnswer = LicenceView;
type TokenAnswer = Omit<TokenView, "transfers" | "listing"> & {
  listing: { active: boolean; price: string | null; registrant: string | null; artist: string | null; royaltyBps: number | null } | null;
};
export type ProvenanceAnswer = Pick<ProvenanceView, "registrant" | "style" | "artist" | "transactionHash" | "blockNumber" | "manifestCid"> & {
  track: TrackAnswer;
  licence: LicenceAnswer | null;
  parents: TrackAnswer[];
  children: TrackAnswer[];
  token: TokenAnswer | null;
};
export type StyleAnswer = Omit<StyleView, "derivatives"> & { derivatives: TrackAnswer[] };

/** The read model's provenance, without the off-chain fields and in a stable order. */
export function readModelProvenance(v: ProvenanceView): ProvenanceAnswer {
  return {
    track: trackOf(v.track),
    registrant: v.registrant,
    style: v.style,
    artist: v.artist,
    licence: v.licence,
    parents: bySha(v.parents.map(trackOf)),
    children: bySha(v.children.map(trackOf)),
    transactionHash: v.transactionHash,
    blockNumber: v.blockNumber,
    manifestCid: v.manifestCid,
    token: v.token && {
      tokenId: v.token.tokenId,
      sha256: v.token.sha256,
      owner: v.token.owner,
      listing: v.token.listing && {
        active: v.token.listing.active,
        price: v.token.listing.price,
        registrant: v.token.listing.registrant,
        artist: v.token.listing.artist,
        royaltyBps: v.token.listing.royaltyBps,
      },
      sale: v.token.sale,
      settlement: v.token.settlement,
    },
  };
}

/** The read model's style, derivatives in a stable order. */
export function readModelStyle(v: StyleView): StyleAnswer {
  return { ...v, derivatives: bySha(v.derivatives.map(trackOf)) };
}

function trackOf(t: TrackView): TrackAnswer {
  const { status: _status, ...rest } = t;
  return rest;
}

/** provenance(sha256) from the subgraph's entities. */
export function subgraphProvenance(store: MemoryStore, sha256: string): ProvenanceAnswer | null {
  const row = store.load("Track", `0x${bare(sha256)}`);
  if (!row) return null;
  const style = row.isNull("style") ? null : store.require("Style", row.text("style"));
  const tracks = [...store.all("Track").values()];
  return {
    track: trackAnswer(store, row),
    registrant: row.text("registrant"),
    style: style && { styleId: style.id, artist: style.text("artist"), metadataUri: style.text("metadataURI") },
    artist: style ? style.text("artist") : null,
    licence: row.isNull("licence") ? null : licenceAnswer(store.require("Licence", row.text("licence"))),
    parents: bySha(row.list("parents").map((p) => trackAnswer(store, store.require("Track", p)))),
    // Track.derivatives is @derivedFrom(field: "parents"): the tracks that name this one as a parent.
    children: bySha(tracks.filter((t) => t.list("parents").includes(row.id)).map((t) => trackAnswer(store, t))),
    transactionHash: row.text("transactionHash"),
    blockNumber: row.text("registeredAtBlock"),
    manifestCid: row.text("manifestCid"),
    token: row.isNull("token") ? null : tokenAnswer(store, store.require("Token", row.text("token"))),
  };
}

/** style(id) from the subgraph's entities. */
export function subgraphStyle(store: MemoryStore, id: string): StyleAnswer | null {
  const style = store.load("Style", id);
  if (!style) return null;
  const terms = [...store.all("LicenceTerms").values()]
    .filter((t) => t.text("style") === id)
    .sort((a, b) => a.int("version") - b.int("version"))
    .map((t) => ({
      termsVersion: t.int("version"),
      fee: t.text("fee"),
      royaltyBps: t.int("royaltyBps"),
      duration: t.text("duration"),
      maxTracks: t.int("maxTracks"),
      commercial: t.flag("commercial"),
      derivatives: t.flag("derivatives"),
      purchasable: t.flag("purchasable"),
      setAt: iso(t.text("setAt")),
      transactionHash: t.text("transactionHash"),
    }));
  const tracks = [...store.all("Track").values()].filter((t) => orNull(t, "style") === id);
  return {
    styleId: id,
    artist: style.text("artist"),
    metadataUri: style.text("metadataURI"),
    terms: terms.find((t) => t.termsVersion === style.int("termsVersion"))!,
    termsHistory: terms,
    licences: [...store.all("Licence").values()]
      .filter((l) => l.text("style") === id)
      .sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)))
      .map(licenceAnswer),
    derivatives: bySha(tracks.map((t) => trackAnswer(store, t))),
    derivativeCount: style.int("trackCount"),
    registeredAt: iso(style.text("registeredAt")),
    transactionHash: style.text("transactionHash"),
  };
}

function trackAnswer(store: MemoryStore, t: Row): TrackAnswer {
  return {
    sha256: bare(t.id),
    tokenId: BigInt(t.id).toString(),
    kind: t.text("kind").toLowerCase() as TrackView["kind"],
    registrant: t.text("registrant"),
    styleId: orNull(t, "style"),
    licenceId: orNull(t, "licence"),
    manifestDigest: bare(t.text("manifestDigest")),
    manifestCid: t.text("manifestCid"),
    parents: t.list("parents").map(bare),
    transactionHash: t.text("transactionHash"),
    blockNumber: t.text("registeredAtBlock"),
    logIndex: Number(t.text("logIndex")),
    registeredAt: iso(t.text("registeredAt")),
    batchRoot: t.isNull("batch") ? null : store.require("Batch", t.text("batch")).text("root"),
  };
}

function licenceAnswer(l: Row): LicenceAnswer {
  return {
    licenceId: l.id,
    styleId: l.text("style"),
    licensee: l.text("licensee"),
    expiresAt: l.text("expiresAt") === NEVER ? null : iso(l.text("expiresAt")),
    maxTracks: l.int("maxTracks"),
    royaltyBps: l.int("royaltyBps"),
    commercial: l.flag("commercial"),
    derivatives: l.flag("derivatives"),
    bySignature: l.flag("bySignature"),
    feePaid: l.text("feePaid"),
    revoked: l.flag("revoked"),
    revokedAt: l.isNull("revokedAt") ? null : iso(l.text("revokedAt")),
    tracksRegistered: l.int("trackCount"),
    issuedAt: iso(l.text("issuedAt")),
    transactionHash: l.text("transactionHash"),
    blockNumber: l.text("issuedAtBlock"),
  };
}

function tokenAnswer(store: MemoryStore, t: Row): TokenAnswer {
  const status = t.text("status");
  const sale = t.isNull("sale") ? null : store.require("Sale", t.text("sale"));
  const delisted = status === "DELISTED";
  return {
    tokenId: t.id,
    sha256: bare(t.text("track")),
    owner: orNull(t, "owner"),
    listing: {
      active: status === "LISTED",
      price: delisted ? null : t.text("price"),
      registrant: delisted ? null : t.text("registrant"),
      artist: delisted ? null : t.text("artist"),
      royaltyBps: delisted ? null : t.int("royaltyBps"),
    },
    sale: sale && {
      buyer: sale.text("buyer"),
      price: sale.text("price"),
      transactionHash: sale.text("transactionHash"),
      blockNumber: sale.text("soldAtBlock"),
      soldAt: iso(sale.text("soldAt")),
    },
    settlement:
      sale && sale.flag("settled")
        ? {
            artist: sale.text("artist"),
            artistShare: sale.text("artistShare"),
            registrant: sale.text("registrant"),
            registrantShare: sale.text("registrantShare"),
            transactionHash: sale.text("settleTransactionHash"),
          }
        : null,
  };
}
