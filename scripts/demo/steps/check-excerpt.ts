import { crop } from "../../../generator/audio/src/attacks/crop.js";
import { decodeAudio } from "../../../generator/audio/src/decode/index.js";
import { encodeMp3 } from "../../../generator/audio/src/encode/mp3-writer.js";
import { DemoError } from "../demo-error.js";
import type { SoundmarkClient } from "../http-client.js";

export interface PlatformCheck {
  excerptStartSeconds: number;
  mp3Bytes: number;
  aiGenerated: string;
  reasons: string[];
  watermark: { detected: boolean; keyId?: string; payload?: string; falsePositiveProbability?: number } | null;
  match: { sha256: string; offsetSeconds: number; matchedSeconds: number; score: number } | null;
  record: { sha256: string; transactionHash: string; styleId: number; licenceId: number } | null;
  provenance: { artist: string; manifestCid: string; transactionHash: string; blockNumber: number; style: { id: string }; licence: { id: string } | null } | null;
  /** The platform's answer in one sentence. */
  sentence: string;
}

export interface CheckExcerptParameters {
  api: SoundmarkClient;
  wav: Uint8Array;
  /** The track the excerpt is cut from: the check must name it. */
  sha256: string;
  cid: string;
  startSeconds?: number;
  seconds?: number;
  kbps?: number;
}

/**
 * A platform receives a re-encoded excerpt (10 s, MP3 128 kbps) and asks POST /v1/check whether it is AI-generated;
 * the answer's records and the provenance query name the track, the artist's style and the licence, with the
 * registration's transaction and the IPFS CIDs.
 */
export async function checkExcerpt({ api, wav, sha256, cid, startSeconds = 5, seconds = 10, kbps = 128 }: CheckExcerptParameters): Promise<PlatformCheck> {
  const { sampleRate, channels } = await decodeAudio(wav);
  const mp3 = encodeMp3(crop({ sampleRate, channels }, { startSeconds, durationSeconds: seconds }), kbps);
  const { status, body } = await api.upload("/v1/check", mp3, "excerpt.mp3");
  if (status !== 200) throw new DemoError(`POST /v1/check answered ${status}`, { details: JSON.stringify(body) });
  const match = body.matches?.[0] ?? null;
  const record = body.records?.find((r: { sha256: string }) => r.sha256 === sha256) ?? null;
  const { provenance } = await api.graphql(
    `query($s: String!) { provenance(sha256: $s) { artist manifestCid transactionHash blockNumber style { id } licence { id } } }`,
    { s: sha256 },
  );
  const result: PlatformCheck = {
    excerptStartSeconds: startSeconds,
    mp3Bytes: mp3.length,
    aiGenerated: body.aiGenerated,
    reasons: body.reasons ?? [],
    watermark: body.watermark,
    match,
    record,
    provenance,
    sentence: "",
  };
  if (body.aiGenerated !== "yes") throw new DemoError(`the check says aiGenerated "${body.aiGenerated}"`, { details: (body.reasons ?? []).join("; ") });
  if (!match || match.sha256 !== sha256) throw new DemoError("the check did not find the track the excerpt was cut from", { details: JSON.stringify(body.matches) });
  if (!record || !provenance?.licence) throw new DemoError("the check found the track but not its licensed registration", { details: JSON.stringify(body.records) });
  result.sentence =
    `AI-generated, derived from track ${sha256} (at ${match.offsetSeconds.toFixed(1)} s), in the style of artist ${provenance.artist} ` +
    `(style ${provenance.style.id}) under licence ${provenance.licence.id}; registered in transaction ${record.transactionHash} ` +
    `(block ${provenance.blockNumber}), audio ipfs://${cid}, manifest ipfs://${provenance.manifestCid}`;
  return result;
}
