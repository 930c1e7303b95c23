import { createHash } from "node:crypto";
import type { Hex } from "viem";
import { KIND } from "../chain/registration-input.js";
import type { TrackRecord } from "../chain/track-record.js";
import { rawCidFromDigest } from "../ipfs/raw-cid.js";
import { readVerified, type GetBlock } from "../ipfs/read-verified.js";
import { canonicalJson } from "../pipeline/canonical-json.js";
import { MANIFEST_SCHEMA, type Manifest } from "../pipeline/manifest.js";

/** Manifests are one raw block (`addRawBlock` refuses more than 1 MiB). */
const MAX_MANIFEST_BYTES = 1_048_576;

export interface VerifiedManifest {
  cid: string;
  manifest: Manifest;
  /** The manifest's exact bytes (canonical JSON): what a cache keeps. */
  bytes: Uint8Array;
}

/** A manifest that hashes to the on-chain digest but says something the on-chain record contradicts. */
export interface ManifestProblem {
  cid: string;
  problem: string;
}

/**
 * The manifest the chain commits to: fetched by the CID derived from the on-chain digest, every byte re-hashed, then
 * required to be canonical JSON of schema v1. Returns a problem instead of a manifest when the bytes are not a
 * Soundmark manifest; IPFS errors (unavailable, not found, integrity) are thrown.
 */
export async function readManifest(manifestDigest: Hex, getBlock: GetBlock, cached?: Uint8Array): Promise<VerifiedManifest | ManifestProblem> {
  const cid = rawCidFromDigest(manifestDigest);
  const bytes = cached && digestOf(cached) === manifestDigest.toLowerCase() ? cached : await readVerified(cid, getBlock, { maxBytes: MAX_MANIFEST_BYTES });
  // readVerified hashed the block against the CID already; the CID came from the digest, so this is the commitment itself.
  if (digestOf(bytes) !== manifestDigest.toLowerCase()) return { cid: cid.toString(), problem: "the manifest's SHA-256 differs from the on-chain commitment" };
  return parseManifest(cid.toString(), bytes);
}

export function parseManifest(cid: string, bytes: Uint8Array): VerifiedManifest | ManifestProblem {
  const text = new TextDecoder().decode(bytes);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    return { cid, problem: "the manifest is not JSON" };
  }
  if (!manifest || typeof manifest !== "object" || manifest.schema !== MANIFEST_SCHEMA) return { cid, problem: `the manifest is not of schema ${MANIFEST_SCHEMA}` };
  const shapeProblem = checkShape(manifest);
  if (shapeProblem) return { cid, problem: shapeProblem };
  if (canonicalJson(manifest) !== text) return { cid, problem: "the manifest is not canonical JSON" };
  return { cid, manifest, bytes };
}

/** What the manifest says that the on-chain record contradicts, one line each (empty when they agree). */
export function manifestDisagreements(manifest: Manifest, record: TrackRecord): string[] {
  const out: string[] = [];
  if (`0x${manifest.file.sha256}` !== record.contentHash) out.push(`the manifest describes file ${manifest.file.sha256}, the record ${record.contentHash.slice(2)}`);
  if (KIND[manifest.kind] !== record.kind) {
    const recorded = (Object.keys(KIND) as Manifest["kind"][]).find((k) => KIND[k] === record.kind);
    out.push(`the manifest says kind ${manifest.kind}, the record kind ${recorded}`);
  }
  const styleId = manifest.licence?.styleId ?? 0;
  const licenceId = manifest.licence?.licenceId ?? 0;
  if (styleId !== record.styleId || BigInt(licenceId) !== record.licenceId) {
    out.push(`the manifest names style ${styleId} licence ${licenceId}, the record style ${record.styleId} licence ${record.licenceId}`);
  }
  const parents = record.parents.map((p) => p.slice(2));
  if (manifest.parents.length !== parents.length || manifest.parents.some((p, i) => p !== parents[i])) out.push("the manifest's parents differ from the record's");
  return out;
}

function checkShape(m: Manifest): string | null {
  const sha = (x: unknown) => typeof x === "string" && /^[0-9a-f]{64}$/.test(x);
  if (!["original", "generated", "derivative"].includes(m.kind)) return "the manifest has no valid kind";
  if (!m.file || !sha(m.file.sha256) || typeof m.file.cid !== "string" || !Number.isSafeInteger(m.file.sizeBytes) || m.file.sizeBytes <= 0) {
    return "the manifest's file section is malformed";
  }
  if (!m.audio || !sha(m.audio.pcmSha256) || typeof m.audio.durationSeconds !== "number") return "the manifest's audio section is malformed";
  if (!Array.isArray(m.parents) || !m.parents.every(sha)) return "the manifest's parents are malformed";
  if (m.watermark !== null && (typeof m.watermark !== "object" || typeof m.watermark.keyId !== "string" || typeof m.watermark.payload !== "string")) {
    return "the manifest's watermark section is malformed";
  }
  if (m.licence !== null && (typeof m.licence !== "object" || !Number.isSafeInteger(m.licence.styleId) || !Number.isSafeInteger(m.licence.licenceId))) {
    return "the manifest's licence section is malformed";
  }
  return null;
}

function digestOf(bytes: Uint8Array): string {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

export function isManifestProblem(x: VerifiedManifest | ManifestProblem): x is ManifestProblem {
  return "problem" in x;
}
