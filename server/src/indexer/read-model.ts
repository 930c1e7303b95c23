import { rawCidFromDigest } from "../ipfs/raw-cid.js";
import type { Sql } from "../store/index.js";
import { InvalidQueryError } from "./errors.js";
import { decodeCursor, encodeCursor } from "./page-cursor.js";
import type {
  LicenceTermsView,
  LicenceView,
  ListTracksParameters,
  ProvenanceView,
  StyleView,
  TokenView,
  TrackConnection,
  TrackKindName,
  TrackView,
} from "./read-model-types.js";

export type * from "./read-model-types.js";

/** Pure queries over the indexed chain (and the ingest pipeline's off-chain fields): what GraphQL and REST read. */
export interface ReadModel {
  getTrack(by: { sha256?: string; id?: string; cid?: string }): Promise<TrackView | null>;
  listTracks(p?: ListTracksParameters): Promise<TrackConnection>;
  getStyle(id: string | bigint | number, options?: { derivativesLimit?: number }): Promise<StyleView | null>;
  getProvenance(sha256: string, options?: ProvenanceOptions): Promise<ProvenanceView | null>;
  /** The registered tracks that name this one as a parent, newest first (at most 1000). */
  getChildren(sha256: string): Promise<TrackView[]>;
  getLicence(id: string | bigint | number): Promise<LicenceView | null>;
  getToken(id: string | bigint | number): Promise<TokenView | null>;
}

export interface ProvenanceOptions {
  /** Read the track's NFT (listing, sale, settlement, transfers: four more queries); default true. False: `token` is null. */
  token?: boolean;
  /** Read the parent and child tracks (default true). False: `parents` and `children` are empty, unread. */
  related?: boolean;
}

const NEVER = "4294967295";
const KINDS: readonly TrackKindName[] = ["original", "generated", "derivative"];

/** Selects a TrackView row from chain_tracks `t` (parents and promotion root folded in). */
const TRACK_COLUMNS = `
  t.content_hash, t.token_id, t.kind, t.registrant, t.style_id, t.licence_id, t.manifest_digest, t.manifest_cid,
  t.block_number, t.transaction_hash, t.log_index, t.block_time,
  COALESCE((SELECT array_agg(p.parent_hash ORDER BY p.position) FROM chain_track_parents p WHERE p.content_hash = t.content_hash), '{}') AS parents,
  (SELECT pr.root FROM chain_track_promotions pr WHERE pr.content_hash = t.content_hash LIMIT 1) AS batch_root`;

/** The ingest pipeline's off-chain fields of a track, as provenance reads them. */
const INGEST_COLUMNS = `
  i.sha256 AS i_sha256, i.cid AS i_cid, i.manifest_cid AS i_manifest_cid, i.pcm_sha256 AS i_pcm_sha256,
  i.duration_seconds AS i_duration_seconds, i.generator AS i_generator, i.watermark AS i_watermark,
  i.generator->>'modelHash' AS i_model_hash, i.watermark->>'payload' AS i_watermark_payload`;

interface IngestColumns {
  i_sha256: string | null;
  i_cid: string | null;
  i_manifest_cid: string | null;
  i_pcm_sha256: string | null;
  i_duration_seconds: number | null;
  i_generator: Record<string, unknown> | null;
  i_watermark: Record<string, unknown> | null;
  i_model_hash: string | null;
  i_watermark_payload: string | null;
}

/**
 * A registered track with its ingest row, in one query: provenance is the API's hottest read. The style is a second
 * query, for styled tracks only: joining chain_style_current (three tables behind a view) here would make every
 * lookup plan over them, and planning dominates a one-row read on PGlite.
 */
const PROVENANCE_SQL = `
  SELECT ${TRACK_COLUMNS}, ${INGEST_COLUMNS}
  FROM chain_tracks t
  LEFT JOIN ingest_tracks i ON i.sha256 = t.content_hash
  WHERE t.content_hash = $1`;

interface TrackRow {
  content_hash: string;
  token_id: string;
  kind: TrackKindName;
  registrant: string;
  style_id: string;
  licence_id: string;
  manifest_digest: string;
  manifest_cid: string;
  block_number: string;
  transaction_hash: string;
  log_index: number;
  block_time: Date;
  parents: string[];
  batch_root: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const nonZero = (v: string) => (v === "0" ? null : v);

function trackView(r: TrackRow, status: TrackView["status"] = "registered"): TrackView {
  return {
    sha256: r.content_hash,
    tokenId: r.token_id,
    status,
    kind: r.kind,
    registrant: r.registrant,
    styleId: nonZero(r.style_id),
    licenceId: nonZero(r.licence_id),
    manifestDigest: r.manifest_digest,
    manifestCid: r.manifest_cid,
    parents: r.parents ?? [],
    transactionHash: r.transaction_hash,
    blockNumber: r.block_number,
    logIndex: r.log_index,
    registeredAt: iso(r.block_time),
    batchRoot: r.batch_root,
  };
}

/** A sha256 as stored: 64 lowercase hex digits, with or without 0x in the input. */
export function parseSha256(value: unknown, name = "sha256"): string {
  if (typeof value !== "string" || !/^(0x)?[0-9a-fA-F]{64}$/.test(value)) {
    throw new InvalidQueryError(`${name} must be 64 hex digits`, { details: `got ${String(value).slice(0, 80)}` });
  }
  return value.toLowerCase().replace(/^0x/, "");
}

/** A uint256 id as a decimal string, from a decimal string, a number, a bigint, or 0x hex. */
export function parseId(value: unknown, name = "id"): string {
  if (typeof value === "bigint" && value >= 0n && value < 2n ** 256n) return value.toString();
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === "string") {
    if (/^\d{1,78}$/.test(value) && BigInt(value) < 2n ** 256n) return BigInt(value).toString();
    if (/^0x[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value).toString();
  }
  throw new InvalidQueryError(`${name} must be a non-negative integer below 2^256`, { details: `got ${String(value).slice(0, 80)}` });
}

function parseAddress(value: unknown): string {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new InvalidQueryError("registrant must be a 0x address of 40 hex digits", { details: `got ${String(value).slice(0, 80)}` });
  }
  return value.toLowerCase();
}

function parsePageSize(value: unknown): number {
  if (value === undefined || value === null) return 20;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 100) {
    throw new InvalidQueryError("first must be an integer from 1 to 100");
  }
  return value;
}

/**
 * The read model over `sql` (the store, or a transaction).
 *
 * @example
 * const reads = createReadModel(store);
 * const provenance = await reads.getProvenance("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
 */
export function createReadModel(sql: Sql): ReadModel {
  async function trackBySha256(sha256: string): Promise<TrackView | null> {
    const [row] = await sql.query<TrackRow>(`SELECT ${TRACK_COLUMNS} FROM chain_tracks t WHERE t.content_hash = $1`, [sha256]);
    if (row) return trackView(row);
    return anchoredTrack(sha256);
  }

  /** A record of this server anchored in a batch that the indexer saw, not promoted yet. */
  async function anchoredTrack(sha256: string): Promise<TrackView | null> {
    const [row] = await sql.query<TrackRow>(
      `SELECT r.content_hash, NULL AS token_id, r.kind, r.registrant, r.style_id::text AS style_id, r.licence_id::text AS licence_id,
              r.manifest_digest, NULL AS manifest_cid, b.block_number, b.transaction_hash, b.log_index, b.block_time, r.parents,
              b.root AS batch_root
       FROM registrar_records r
       JOIN chain_batches b ON b.root = r.batch_root AND b.anchorer = r.registrant
       WHERE r.content_hash = $1 AND r.status IN ('anchored', 'registered')`,
      [sha256],
    );
    if (!row) return null;
    return trackView(
      { ...row, token_id: BigInt(`0x${row.content_hash}`).toString(), manifest_cid: rawCidFromDigest(`0x${row.manifest_digest}`).toString() },
      "anchored",
    );
  }

  /** `where` is one of this file's fixed SQL fragments with $n placeholders; input travels only in `params`. */
  async function tracksWhere(where: string, params: unknown[], limit: number): Promise<TrackView[]> {
    const rows = await sql.query<TrackRow>(
      `SELECT ${TRACK_COLUMNS} FROM chain_tracks t WHERE ${where} ORDER BY t.block_number DESC, t.log_index DESC LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    return rows.map((r) => trackView(r));
  }

  async function getChildren(sha256Input: string): Promise<TrackView[]> {
    const sha256 = parseSha256(sha256Input);
    return tracksWhere("t.content_hash IN (SELECT p.content_hash FROM chain_track_parents p WHERE p.parent_hash = $1)", [sha256], 1000);
  }

  async function getLicence(id: string | bigint | number): Promise<LicenceView | null> {
    const licenceId = parseId(id, "licence id");
    const [view] = await licencesWhere("l.licence_id = $1", [licenceId]);
    return view ?? null;
  }

  async function licencesWhere(where: string, params: unknown[]): Promise<LicenceView[]> {
    const rows = await sql.query<{
      licence_id: string; style_id: string; licensee: string; expires_at: string; max_tracks: number; royalty_bps: number;
      commercial: boolean; derivatives: boolean; by_signature: boolean; fee_paid: string; block_number: string; transaction_hash: string;
      block_time: Date; revoked_at: string | null; tracks: string;
    }>(
      `SELECT l.*, r.revoked_at,
              (SELECT count(*) FROM chain_tracks t WHERE t.licence_id = l.licence_id) AS tracks
       FROM chain_licences l
       LEFT JOIN chain_licence_revocations r ON r.licence_id = l.licence_id
       WHERE ${where}
       ORDER BY l.licence_id`,
      params,
    );
    return rows.map((l) => {
      const revokedAt = l.revoked_at === null ? null : new Date(Number(l.revoked_at) * 1000).toISOString();
      const expiresAt = l.expires_at === NEVER ? null : new Date(Number(l.expires_at) * 1000).toISOString();
      return {
        licenceId: l.licence_id,
        styleId: l.style_id,
        licensee: l.licensee,
        expiresAt: revokedAt && (expiresAt === null || revokedAt < expiresAt) ? revokedAt : expiresAt,
        maxTracks: l.max_tracks,
        royaltyBps: l.royalty_bps,
        commercial: l.commercial,
        derivatives: l.derivatives,
        bySignature: l.by_signature,
        feePaid: l.fee_paid,
        revoked: revokedAt !== null,
        revokedAt,
        tracksRegistered: Number(l.tracks),
        issuedAt: iso(l.block_time),
        transactionHash: l.transaction_hash,
        blockNumber: l.block_number,
      };
    });
  }

  async function getToken(id: string | bigint | number): Promise<TokenView | null> {
    const tokenId = parseId(id, "token id");
    const [listing] = await sql.query<{ action: string; price: string | null; registrant: string | null; artist: string | null; royalty_bps: number | null; transaction_hash: string }>(
      "SELECT action, price, registrant, artist, royalty_bps, transaction_hash FROM chain_listing_current WHERE token_id = $1",
      [tokenId],
    );
    const transfers = await sql.query<{ from_address: string; to_address: string; transaction_hash: string; block_number: string }>(
      "SELECT from_address, to_address, transaction_hash, block_number FROM chain_token_transfers WHERE token_id = $1 ORDER BY block_number, log_index",
      [tokenId],
    );
    if (!listing && transfers.length === 0) return null;
    const [sale] = await sql.query<{ buyer: string; price: string; transaction_hash: string; block_number: string; block_time: Date }>(
      "SELECT buyer, price, transaction_hash, block_number, block_time FROM chain_sales WHERE token_id = $1 ORDER BY block_number DESC LIMIT 1",
      [tokenId],
    );
    const [settlement] = await sql.query<{ artist: string; artist_share: string; registrant: string; registrant_share: string; transaction_hash: string }>(
      "SELECT artist, artist_share, registrant, registrant_share, transaction_hash FROM chain_settlements WHERE token_id = $1 LIMIT 1",
      [tokenId],
    );
    return {
      tokenId,
      sha256: BigInt(tokenId).toString(16).padStart(64, "0"),
      owner: transfers.at(-1)?.to_address ?? null,
      listing: listing
        ? {
            active: listing.action === "listed" && !sale,
            price: listing.price,
            registrant: listing.registrant,
            artist: listing.artist,
            royaltyBps: listing.royalty_bps,
            transactionHash: listing.transaction_hash,
          }
        : null,
      sale: sale ? { buyer: sale.buyer, price: sale.price, transactionHash: sale.transaction_hash, blockNumber: sale.block_number, soldAt: iso(sale.block_time) } : null,
      settlement: settlement
        ? {
            artist: settlement.artist,
            artistShare: settlement.artist_share,
            registrant: settlement.registrant,
            registrantShare: settlement.registrant_share,
            transactionHash: settlement.transaction_hash,
          }
        : null,
      transfers: transfers.map((t) => ({ from: t.from_address, to: t.to_address, transactionHash: t.transaction_hash, blockNumber: t.block_number })),
    };
  }

  return {
    async getTrack(by) {
      if (!by || typeof by !== "object") throw new InvalidQueryError("track needs one of sha256, id or cid");
      const given = [by.sha256, by.id, by.cid].filter((v) => v !== undefined && v !== null);
      if (given.length !== 1) throw new InvalidQueryError("track needs exactly one of sha256, id or cid");
      if (by.sha256 !== undefined && by.sha256 !== null) return trackBySha256(parseSha256(by.sha256));
      if (by.id !== undefined && by.id !== null) {
        const id = by.id;
        // An id is the token id (decimal) or the content hash (0x + 64 hex digits).
        const sha256 = typeof id === "string" && /^0x[0-9a-fA-F]{64}$/.test(id) ? parseSha256(id) : BigInt(parseId(id)).toString(16).padStart(64, "0");
        return trackBySha256(sha256);
      }
      const cid = by.cid;
      if (typeof cid !== "string" || !/^[A-Za-z0-9]{8,128}$/.test(cid)) throw new InvalidQueryError("cid must be a CID string");
      // The manifest's CID is derived from the chain; the audio file's CID is known to the ingest pipeline.
      const [row] = await sql.query<TrackRow>(
        `SELECT ${TRACK_COLUMNS} FROM chain_tracks t
         WHERE t.manifest_cid = $1 OR t.content_hash IN (SELECT i.sha256 FROM ingest_tracks i WHERE i.cid = $1 OR i.manifest_cid = $1)
         LIMIT 1`,
        [cid],
      );
      return row ? trackView(row) : null;
    },

    async listTracks(p = {}) {
      const first = parsePageSize(p.first);
      const conditions: string[] = [];
      const params: unknown[] = [];
      const filter = p.filter ?? {};
      if (filter.styleId !== undefined && filter.styleId !== null) {
        params.push(parseId(filter.styleId, "styleId"));
        conditions.push(`t.style_id = $${params.length}`);
      }
      if (filter.registrant !== undefined && filter.registrant !== null) {
        params.push(parseAddress(filter.registrant));
        conditions.push(`t.registrant = $${params.length}`);
      }
      if (filter.kind !== undefined && filter.kind !== null) {
        if (!KINDS.includes(filter.kind)) throw new InvalidQueryError("kind must be original, generated or derivative");
        params.push(filter.kind);
        conditions.push(`t.kind = $${params.length}`);
      }
      const filtered = conditions.length > 0 ? conditions.join(" AND ") : "true";
      const [{ n } = { n: "0" }] = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM chain_tracks t WHERE ${filtered}`, params);
      const pageConditions = [...conditions];
      const pageParams = [...params];
      if (p.after !== undefined && p.after !== null) {
        const after = decodeCursor(p.after);
        pageParams.push(after.blockNumber, after.logIndex);
        pageConditions.push(`(t.block_number, t.log_index) < ($${pageParams.length - 1}::bigint, $${pageParams.length}::integer)`);
      }
      const where = pageConditions.length > 0 ? pageConditions.join(" AND ") : "true";
      const nodes = await tracksWhere(where, pageParams, first + 1);
      const page = nodes.slice(0, first);
      const edges = page.map((node) => ({ cursor: encodeCursor({ blockNumber: node.blockNumber, logIndex: node.logIndex }), node }));
      return { edges, pageInfo: { hasNextPage: nodes.length > first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: Number(n) };
    },

    async getStyle(id, options = {}) {
      const styleId = parseId(id, "style id");
      const limit = Math.min(Math.max(1, Math.floor(options.derivativesLimit ?? 100)), 1000);
      const [style] = await sql.query<{ style_id: string; artist: string; metadata_uri: string; transaction_hash: string; block_time: Date }>(
        "SELECT style_id, artist, metadata_uri, transaction_hash, block_time FROM chain_style_current WHERE style_id = $1",
        [styleId],
      );
      if (!style) return null;
      const terms = await sql.query<{
        terms_version: number; fee: string; royalty_bps: number; duration: string; max_tracks: number; commercial: boolean;
        derivatives: boolean; purchasable: boolean; block_time: Date; transaction_hash: string;
      }>("SELECT * FROM chain_style_terms WHERE style_id = $1 ORDER BY terms_version", [styleId]);
      const termsHistory: LicenceTermsView[] = terms.map((t) => ({
        termsVersion: t.terms_version,
        fee: t.fee,
        royaltyBps: t.royalty_bps,
        duration: String(t.duration),
        maxTracks: t.max_tracks,
        commercial: t.commercial,
        derivatives: t.derivatives,
        purchasable: t.purchasable,
        setAt: iso(t.block_time),
        transactionHash: t.transaction_hash,
      }));
      const [{ n } = { n: "0" }] = await sql.query<{ n: string }>("SELECT count(*) AS n FROM chain_tracks WHERE style_id = $1", [styleId]);
      return {
        styleId,
        artist: style.artist,
        metadataUri: style.metadata_uri,
        terms: termsHistory.at(-1)!,
        termsHistory,
        licences: await licencesWhere("l.style_id = $1", [styleId]),
        derivatives: await tracksWhere("t.style_id = $1", [styleId], limit),
        derivativeCount: Number(n),
        registeredAt: iso(style.block_time),
        transactionHash: style.transaction_hash,
      };
    },

    async getProvenance(sha256Input, options = {}) {
      const sha256 = parseSha256(sha256Input);
      const [row] = await sql.query<TrackRow & IngestColumns>(PROVENANCE_SQL, [sha256]);
      let track: TrackView | null;
      let ingest: IngestColumns | undefined;
      if (row) {
        track = trackView(row);
        ingest = row;
      } else {
        // Anchored in a batch and not promoted yet: the rarer path, in separate queries.
        track = await anchoredTrack(sha256);
        if (!track) return null;
        [ingest] = await sql.query<IngestColumns>(`SELECT ${INGEST_COLUMNS} FROM ingest_tracks i WHERE i.sha256 = $1`, [sha256]);
      }
      const [s] = track.styleId
        ? await sql.query<{ style_id: string; artist: string; metadata_uri: string }>(
            "SELECT style_id, artist, metadata_uri FROM chain_style_current WHERE style_id = $1",
            [track.styleId],
          )
        : [];
      const style = s ? { styleId: s.style_id, artist: s.artist, metadataUri: s.metadata_uri } : null;
      const related = options.related !== false;
      const parents = related ? await Promise.all(track.parents.map((p) => trackBySha256(p))) : [];
      const children = related ? await getChildren(sha256) : [];
      const ingested = ingest?.i_sha256 != null;
      return {
        track,
        registrant: track.registrant,
        style,
        artist: style?.artist ?? null,
        licence: track.licenceId ? await getLicence(track.licenceId) : null,
        parents: parents.filter((p): p is TrackView => p !== null),
        children,
        transactionHash: track.transactionHash,
        blockNumber: track.blockNumber,
        manifestCid: (ingested ? ingest!.i_manifest_cid : null) ?? track.manifestCid,
        audioCid: ingested ? ingest!.i_cid : null,
        pcmSha256: ingested ? ingest!.i_pcm_sha256 : null,
        durationSeconds: ingested ? ingest!.i_duration_seconds : null,
        modelHash: ingested ? ingest!.i_model_hash : null,
        watermarkPayload: ingested ? ingest!.i_watermark_payload : null,
        watermark: ingested ? ingest!.i_watermark : null,
        generator: ingested ? ingest!.i_generator : null,
        token: options.token !== false && track.status === "registered" ? await getToken(track.tokenId) : null,
      };
    },

    getChildren,
    getLicence,
    getToken,
  };
}
