import { createPublicClient, http, type Address, type Hex, type PublicClient } from "viem";
import { decodeAudioFile, type AudioFormat } from "../../../generator/audio/src/decode/index.js";
import { pcmSha256, sha256File } from "../../../generator/audio/src/hash/index.js";
import { downmix, pcmDuration } from "../../../generator/audio/src/pcm.js";
import type { WatermarkKey } from "../../../generator/audio/src/watermark/index.js";
import { CHECK_WATERMARK_SECONDS, indexMatches, isAnalysable, watermarkSearchFor, type CheckMatch } from "../check/audio-evidence.js";
import type { TrackRecordSummary } from "../check/track-records.js";
import { decideVerdict, type AiGeneratedVerdict } from "../check/verdict.js";
import { searchWatermark } from "../check/watermark-search.js";
import { KIND } from "../chain/registration-input.js";
import type { TrackRecord } from "../chain/track-record.js";
import { BaseError } from "../errors/base.js";
import { rawCidFromDigest } from "../ipfs/raw-cid.js";
import { middle, type WatermarkScan } from "../pipeline/stages/watermark.js";
import type { Manifest } from "../pipeline/manifest.js";
import { readBatchRecords, type BatchedRecord } from "./batch-records.js";
import { openBlockSource } from "./block-source.js";
import { createRegistryReader, type AnchoredBatch, type RegisteredRecord, type RegistryReader } from "./registry-reader.js";
import { syncTrackIndex } from "./sync-track-index.js";
import { defaultCacheDir, openVerifyCache, type VerifyCache } from "./verify-cache.js";
import { isManifestProblem, manifestDisagreements, readManifest, type VerifiedManifest } from "./verified-manifest.js";

export interface VerifyFileParameters {
  filePath: string;
  /** A JSON-RPC node of the chain (any: its answers are checked against the registry's stored hashes). */
  rpcUrl: string;
  /** The SoundmarkRegistry address. */
  registry: string;
  /** The registry's deployment block: where event reads start (0). */
  fromBlock?: bigint;
  /** A trustless gateway or Kubo RPC URL; without it, nothing is fetched (no manifests, no fingerprint index). */
  ipfsUrl?: string;
  /** Watermark keys to search with; without any, the watermark is not searched (the verdict can then not be "no"). */
  watermarkKeys?: readonly WatermarkKey[];
  /** Default `~/.cache/soundmark-verify/<chainId>-<registry>`. */
  cacheDir?: string;
  /** Matches returned at most (5, as the server). */
  maxMatches?: number;
  /** Caps on the checked file (decoding): the server's upload caps by default. */
  limits?: { maxBytes?: number; maxSeconds?: number };
  onProgress?: (line: string) => void;
}

/** A registered record as the chain and IPFS prove it; the fields of the server's TrackRecordSummary, plus the proof. */
export interface VerifiedRecord {
  sha256: string;
  kind: TrackRecordSummary["kind"];
  registered: true;
  generated: boolean;
  styleId: number;
  licenceId: number;
  parents: string[];
  registrant: string;
  /** The registering transaction; for a batched record not promoted yet, the batch's anchoring transaction (as the server). */
  transactionHash: string;
  blockNumber: string;
  manifestCid: string;
  /** From the verified manifest (null when it could not be fetched). */
  cid: string | null;
  pcmSha256: string | null;
  durationSeconds: number | null;
  watermark: Manifest["watermark"];
  modelHash: string | null;
  /** The style's artist and the licence, read from the registry. */
  artist: string | null;
  licence: { id: string; licensee: string; royaltyBps: number } | null;
  /** "registered": a full record whose event fields hash to `recordHashOf`; "anchored": in a batch, proven by Merkle proof. */
  proof: "registered" | "anchored";
  batch: { root: string; anchorer: string; transactionHash: string; proof: string[]; promoted: boolean; verifiedOnChain: boolean } | null;
  /** Whether the manifest was fetched, hashed to the on-chain digest and agrees with the record. */
  manifestVerified: boolean;
}

export interface VerifyResult {
  aiGenerated: AiGeneratedVerdict;
  reasons: string[];
  sha256: string;
  pcmSha256: string;
  format: AudioFormat;
  durationSeconds: number;
  /** With `tracks`: the registered tracks whose manifest records this key and payload. */
  watermark: (WatermarkScan & { tracks: string[] }) | null;
  matches: CheckMatch[];
  records: VerifiedRecord[];
  style: { styleId: number; licenceId: number } | null;
  /** Registered tracks whose canonical PCM equals this file's (the same audio in another container). */
  samePcm: string[];
  source: {
    chainId: number;
    registry: Address;
    blockNumber: string;
    ipfs: string | null;
    registeredTracks: number;
    indexedTracks: number;
    cacheDir: string | null;
  };
  /** Contradictions between what the chain commits to and what IPFS served: verification failed where any. */
  problems: string[];
  /** Data that could not be had (a track's audio unavailable...): the answer may miss a match. */
  warnings: string[];
}

interface KnownTrack {
  record: TrackRecord;
  event: { transactionHash: Hex; blockNumber: bigint };
  registered: RegisteredRecord | null;
  batched: BatchedRecord | null;
  manifest: VerifiedManifest | null;
}

/**
 * Answers the provenance question for a file from the chain and IPFS alone, as the server's `checkAudio` does from its
 * database: file and PCM hashes, the registry's records (direct and Merkle-batched, each proven), the manifests by
 * the CIDs the chain commits to, the watermark with the given keys, and fingerprint matches against a local index of
 * the registered tracks' audio fetched and verified from IPFS. Same verdict rule (`decideVerdict`), same evidence.
 *
 * @throws the decoder's AudioError for a file that is not audio; VerifyChainError / VerifyInputError for a bad source;
 * VerifyIntegrityError when the chain's answers contradict each other.
 * @example
 * const result = await verifyFile({ filePath: "clip.mp3", rpcUrl: "http://127.0.0.1:8545", registry, ipfsUrl: "http://127.0.0.1:4000" });
 * result.aiGenerated; // "yes"
 */
export async function verifyFile(p: VerifyFileParameters): Promise<VerifyResult> {
  const log = p.onProgress ?? (() => {});
  const publicClient = createPublicClient({ transport: http(p.rpcUrl, { retryCount: 1, timeout: 30_000 }) }) as PublicClient;
  const decodeOptions: { allowTruncated: true; maxBytes?: number; maxSeconds?: number } = { allowTruncated: true, ...p.limits };
  const [sha256, audio, reader] = await Promise.all([
    sha256File(p.filePath),
    decodeAudioFile(p.filePath, decodeOptions),
    createRegistryReader({ publicClient, registry: p.registry, fromBlock: p.fromBlock ?? 0n }),
  ]);
  const problems: string[] = [];
  const warnings: string[] = [];
  const source = p.ipfsUrl ? openBlockSource({ url: p.ipfsUrl }) : null;
  if (!source) warnings.push("no --ipfs source: manifests are not checked and excerpts are not matched by fingerprint");

  log(`reading the registry ${reader.registry} on chain ${reader.chainId} at block ${reader.blockNumber}`);
  const tracks = await knownTracks(reader, source?.getBlock ?? null, problems, warnings);
  const cacheDir = source ? (p.cacheDir ?? defaultCacheDir(reader.chainId, reader.registry)) : null;
  const cache = cacheDir ? await openVerifyCache(cacheDir) : null;
  try {
    if (source && cache) await readManifests(tracks, source.getBlock, cache, problems, warnings, log);

    const durationSeconds = pcmDuration(audio);
    const analysable = isAnalysable(audio);

    let matches: CheckMatch[] = [];
    let indexedTracks = 0;
    if (source && cache && analysable) {
      const indexable = [...tracks.values()].filter((t) => t.manifest).map((t) => ({ sha256: t.record.contentHash.slice(2), manifest: t.manifest!.manifest }));
      const synced = await syncTrackIndex({ index: cache.index, tracks: indexable, getBlock: source.getBlock, onProgress: log });
      for (const s of synced.skipped) warnings.push(`track ${s.sha256} is not in the fingerprint index: ${s.reason}`);
      indexedTracks = cache.index.size;
      matches = indexMatches(cache.index, audio, p.maxMatches ?? 5);
    } else if (cache) {
      indexedTracks = cache.index.size;
    }
    const keys = p.watermarkKeys ?? [];
    const scan = analysable && keys.length > 0 ? searchWatermark(middle(audio, CHECK_WATERMARK_SECONDS), keys, watermarkSearchFor(matches)) : null;

    // The records behind the matches and of the exact file, in the order the server gives them.
    const ids = [...new Set([...matches.map((m) => m.sha256), sha256])];
    const records: VerifiedRecord[] = [];
    for (const id of ids) {
      const track = tracks.get(`0x${id}`);
      if (track) records.push(await verifiedRecord(track, reader, problems));
    }
    const exactRegistered = records.some((r) => r.sha256 === sha256);
    const decided = decideVerdict({
      analysable,
      watermark: scan,
      matchedRecords: records.map(summaryOf),
      matchCount: new Set([...matches.map((m) => m.sha256), ...(exactRegistered ? [sha256] : [])]).size,
    });
    // "no" means nothing matched in a full search; without IPFS there was no fingerprint index to search.
    const { verdict, reasons } =
      decided.verdict === "no" && !source
        ? { verdict: "unknown" as const, reasons: ["no fingerprint search was possible (no --ipfs source), and no watermark of the given keys"] }
        : decided;
    const madeUnder = records.find((r) => r.generated && r.styleId !== 0);
    const filePcm = pcmSha256(audio);
    return {
      aiGenerated: verdict,
      reasons,
      sha256,
      pcmSha256: filePcm,
      format: audio.format,
      durationSeconds,
      watermark: scan ? { ...scan, tracks: scan.detected ? tracksWithPayload(tracks, scan) : [] } : null,
      matches,
      records,
      style: madeUnder ? { styleId: madeUnder.styleId, licenceId: madeUnder.licenceId } : null,
      samePcm: [...tracks.values()].filter((t) => t.manifest?.manifest.audio.pcmSha256 === filePcm).map((t) => t.record.contentHash.slice(2)),
      source: {
        chainId: reader.chainId,
        registry: reader.registry,
        blockNumber: reader.blockNumber.toString(),
        ipfs: source?.url ?? null,
        registeredTracks: tracks.size,
        indexedTracks,
        cacheDir,
      },
      problems,
      warnings,
    };
  } finally {
    cache?.close();
  }
}

/** Every record the registry holds: full records (checked against their stored hashes) and records of anchored batches. */
async function knownTracks(reader: RegistryReader, getBlock: VerifyGetBlock, problems: string[], warnings: string[]): Promise<Map<Hex, KnownTrack>> {
  const [registered, batches] = await Promise.all([reader.registeredRecords(), reader.anchoredBatches()]);
  const tracks = new Map<Hex, KnownTrack>();
  for (const r of registered.values()) {
    tracks.set(r.record.contentHash, { record: r.record, event: r, registered: r, batched: null, manifest: null });
  }
  if (batches.length > 0 && !getBlock) {
    warnings.push(`${batches.length} anchored batch(es) not read: their records need --ipfs`);
    return tracks;
  }
  for (const batch of batches) {
    let records: BatchedRecord[];
    try {
      records = await readBatchRecords(batch, getBlock!);
    } catch (error) {
      if (!(error instanceof BaseError)) throw error;
      (error.code === "VERIFY_INTEGRITY" || error.code === "IPFS_INTEGRITY" ? problems : warnings).push(batchLine(batch, error));
      continue;
    }
    for (const b of records) {
      const known = tracks.get(b.record.contentHash);
      if (known) {
        known.batched ??= b;
        continue;
      }
      tracks.set(b.record.contentHash, { record: b.record, event: batch, registered: null, batched: b, manifest: null });
    }
  }
  return tracks;
}

type VerifyGetBlock = Parameters<typeof readBatchRecords>[1] | null;

function batchLine(batch: AnchoredBatch, error: BaseError): string {
  return `batch ${batch.root} (anchored in ${batch.transactionHash}): ${error.shortMessage}`;
}

async function readManifests(
  tracks: Map<Hex, KnownTrack>,
  getBlock: NonNullable<VerifyGetBlock>,
  cache: VerifyCache,
  problems: string[],
  warnings: string[],
  log: (line: string) => void,
): Promise<void> {
  log(`reading ${tracks.size} manifest(s)`);
  for (const track of tracks.values()) {
    const { record } = track;
    try {
      const cid = rawCidFromDigest(record.manifestDigest).toString();
      const result = await readManifest(record.manifestDigest, getBlock, await cache.manifest(cid));
      if (isManifestProblem(result)) {
        problems.push(`track ${record.contentHash.slice(2)}: ${result.problem} (${result.cid})`);
        continue;
      }
      const disagreements = manifestDisagreements(result.manifest, record);
      if (disagreements.length > 0) {
        for (const d of disagreements) problems.push(`track ${record.contentHash.slice(2)}: ${d} (${result.cid})`);
        continue;
      }
      await cache.saveManifest(result.cid, result.bytes);
      track.manifest = result;
    } catch (error) {
      if (!(error instanceof BaseError)) throw error;
      (error.code === "IPFS_INTEGRITY" ? problems : warnings).push(`track ${record.contentHash.slice(2)}: manifest: ${error.shortMessage}`);
    }
  }
}

async function verifiedRecord(track: KnownTrack, reader: RegistryReader, problems: string[]): Promise<VerifiedRecord> {
  const { record, manifest } = track;
  const [artist, licence] = await Promise.all([reader.styleArtist(record.styleId).catch(() => null), reader.licence(record.licenceId).catch(() => null)]);
  let batch: VerifiedRecord["batch"] = null;
  if (track.batched) {
    const { batch: b, proof } = track.batched;
    const verifiedOnChain = await reader.verifyInclusion(b.root, record, proof);
    if (!verifiedOnChain) problems.push(`track ${record.contentHash.slice(2)}: the registry does not accept its Merkle proof for batch ${b.root}`);
    batch = { root: b.root, anchorer: b.anchorer.toLowerCase(), transactionHash: b.transactionHash, proof, promoted: track.registered !== null, verifiedOnChain };
  }
  const kind = (Object.keys(KIND) as TrackRecordSummary["kind"][]).find((k) => KIND[k] === record.kind)!;
  const m = manifest?.manifest ?? null;
  // The server reports a batched record with its anchoring transaction (its registrar's answer), promoted or not.
  const event = track.batched ? track.batched.batch : track.event;
  return {
    sha256: record.contentHash.slice(2),
    kind,
    registered: true,
    generated: kind === "generated" || (kind === "derivative" && record.styleId !== 0),
    styleId: record.styleId,
    licenceId: Number(record.licenceId),
    parents: record.parents.map((x) => x.slice(2)),
    registrant: record.registrant.toLowerCase(),
    transactionHash: event.transactionHash,
    blockNumber: event.blockNumber.toString(),
    manifestCid: rawCidFromDigest(record.manifestDigest).toString(),
    cid: m?.file.cid ?? null,
    pcmSha256: m?.audio.pcmSha256 ?? null,
    durationSeconds: m?.audio.durationSeconds ?? null,
    watermark: m?.watermark ?? null,
    modelHash: m?.generator?.modelHash ?? null,
    artist: artist?.toLowerCase() ?? null,
    licence: licence ? { id: record.licenceId.toString(), licensee: licence.licensee.toLowerCase(), royaltyBps: licence.royaltyBps } : null,
    proof: track.registered ? "registered" : "anchored",
    batch,
    manifestVerified: manifest !== null,
  };
}

/** The shape `decideVerdict` reads (the server's off-chain summary): every record here is registered on-chain. */
function summaryOf(r: VerifiedRecord): TrackRecordSummary {
  return {
    sha256: r.sha256,
    status: "registered",
    kind: r.kind,
    registered: true,
    generated: r.generated,
    styleId: r.styleId,
    licenceId: r.licenceId,
    parents: r.parents,
    durationSeconds: r.durationSeconds,
    pcmSha256: r.pcmSha256,
    cid: r.cid,
    manifestCid: r.manifestCid,
    transactionHash: r.transactionHash,
    blockNumber: r.blockNumber,
    registrant: r.registrant,
    watermark: null,
    generator: null,
  };
}

function tracksWithPayload(tracks: Map<Hex, KnownTrack>, scan: WatermarkScan): string[] {
  return [...tracks.values()]
    .filter((t) => t.manifest?.manifest.watermark?.keyId === scan.keyId && t.manifest.manifest.watermark.payload === scan.payload)
    .map((t) => t.record.contentHash.slice(2));
}
