import type { Sql } from "../store/index.js";
import type { GeneratorClaim, TrackKindName } from "../pipeline/index.js";
import type { IngestStatus } from "../pipeline/index.js";
import type { WatermarkEvidence } from "../pipeline/index.js";

/** The off-chain record of an ingested track (the read model of server/src/indexer adds the on-chain view). */
export interface TrackRecordSummary {
  sha256: string;
  status: IngestStatus;
  kind: TrackKindName;
  /** Whether the track is registered on-chain (its registration transaction is known or confirmed by the registrar). */
  registered: boolean;
  /** AI-made: generated, or derived under a style. */
  generated: boolean;
  styleId: number;
  licenceId: number;
  parents: string[];
  durationSeconds: number | null;
  pcmSha256: string | null;
  cid: string | null;
  manifestCid: string | null;
  transactionHash: string | null;
  blockNumber: string | null;
  registrant: string | null;
  watermark: WatermarkEvidence | null;
  generator: GeneratorClaim | null;
}

interface Row {
  sha256: string;
  status: IngestStatus;
  kind: TrackKindName;
  generator: GeneratorClaim | null;
  duration_seconds: number | null;
  pcm_sha256: string | null;
  cid: string | null;
  manifest_cid: string | null;
  transaction_hash: string | null;
  block_number: string | null;
  registrant: string | null;
  registered_at: Date | null;
  watermark: WatermarkEvidence | null;
}

/** The records of these tracks, in the order asked (unknown ones left out). */
export async function trackRecords(sql: Sql, sha256s: readonly string[]): Promise<TrackRecordSummary[]> {
  if (sha256s.length === 0) return [];
  const rows = await sql.query<Row>(
    `SELECT t.sha256, j.status, t.kind, t.generator, t.duration_seconds, t.pcm_sha256, t.cid, t.manifest_cid,
            t.transaction_hash, t.block_number, t.registrant, t.registered_at, t.watermark
       FROM ingest_tracks t JOIN ingest_jobs j USING (sha256)
      WHERE t.sha256 = ANY($1::text[])`,
    [sha256s],
  );
  const bySha = new Map(rows.map((r) => [r.sha256, r]));
  return sha256s.flatMap((sha) => {
    const r = bySha.get(sha);
    return r ? [summarise(r)] : [];
  });
}

function summarise(r: Row): TrackRecordSummary {
  const styleId = r.generator?.styleId ?? 0;
  return {
    sha256: r.sha256,
    status: r.status,
    kind: r.kind,
    registered: r.registered_at !== null,
    generated: r.kind === "generated" || (r.kind === "derivative" && styleId !== 0),
    styleId,
    licenceId: r.generator?.licenceId ?? 0,
    parents: r.generator?.parents ?? [],
    durationSeconds: r.duration_seconds,
    pcmSha256: r.pcm_sha256,
    cid: r.cid,
    manifestCid: r.manifest_cid,
    transactionHash: r.transaction_hash,
    blockNumber: r.block_number,
    registrant: r.registrant,
    watermark: r.watermark,
    generator: r.generator,
  };
}
