import type { GeneratorClaim, TrackKindName } from "./generator-claim.js";
import type { FingerprintRecord, TrackRow, WatermarkEvidence } from "./track-row.js";

export const MANIFEST_SCHEMA = "soundmark/manifest/v1";

/**
 * The track's credential, stored on IPFS as one raw block; the registry commits to its sha256. Everything in it is
 * derived from the audio and the submit request, never from the time of a retry, so a stage re-run after a crash
 * produces the same bytes.
 */
export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  kind: TrackKindName;
  file: { sha256: string; sizeBytes: number; format: string; cid: string };
  audio: { pcmSha256: string; sampleRate: number; channels: number; durationSeconds: number };
  fingerprints: {
    chromaprint: { algorithm: number; fingerprint: string };
    landmarks: { configs: string[] };
  };
  watermark: { scheme: string; keyId: string; payload: string } | null;
  generator: { modelHash: string | null; styleId: number; seed: number | null; params: Record<string, string | number | boolean> } | null;
  licence: { styleId: number; licenceId: number } | null;
  parents: string[];
  timestamps: { submittedAt: string };
}

export interface BuildManifestParameters {
  track: Pick<TrackRow, "sha256" | "size_bytes" | "format" | "sample_rate" | "channels" | "duration_seconds" | "pcm_sha256" | "created_at" | "kind">;
  fingerprint: FingerprintRecord;
  watermark: WatermarkEvidence | null;
  claim: { styleId: number; licenceId: number; parents: string[]; generator: GeneratorClaim | null };
  audioCid: string;
}

export function buildManifest({ track, fingerprint, watermark, claim, audioCid }: BuildManifestParameters): Manifest {
  if (!track.format || !track.sample_rate || !track.channels || track.duration_seconds === null || !track.pcm_sha256) {
    throw new TypeError("the manifest needs the decode and hashes stages' output");
  }
  const g = claim.generator;
  return {
    schema: MANIFEST_SCHEMA,
    kind: track.kind,
    file: { sha256: track.sha256, sizeBytes: Number(track.size_bytes), format: track.format, cid: audioCid },
    audio: {
      pcmSha256: track.pcm_sha256,
      sampleRate: track.sample_rate,
      channels: track.channels,
      durationSeconds: track.duration_seconds,
    },
    fingerprints: {
      chromaprint: { algorithm: fingerprint.chromaprint.algorithm, fingerprint: fingerprint.chromaprint.fingerprint },
      landmarks: { configs: fingerprint.landmarks.configs },
    },
    watermark: watermark ? { scheme: watermark.scheme, keyId: watermark.keyId, payload: watermark.payload } : null,
    generator: g
      ? { modelHash: g.modelHash ?? null, styleId: claim.styleId, seed: g.seed ?? null, params: g.params ?? {} }
      : null,
    licence: claim.styleId !== 0 ? { styleId: claim.styleId, licenceId: claim.licenceId } : null,
    parents: claim.parents,
    timestamps: { submittedAt: track.created_at.toISOString() },
  };
}
