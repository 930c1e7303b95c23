import type { WatermarkScan } from "../pipeline/index.js";
import type { TrackRecordSummary } from "./track-records.js";

export type AiGeneratedVerdict = "yes" | "no" | "unknown";

export interface VerdictInputs {
  /** Whether the audio could be analysed at all: long enough, not silent. */
  analysable: boolean;
  /** Null when no key is configured or the detector could not analyse the audio. */
  watermark: WatermarkScan | null;
  /** Records of the significant matches, best first (and of the exact file, when it was ingested). */
  matchedRecords: readonly TrackRecordSummary[];
  matchCount: number;
}

/**
 * The verdict rule:
 * - **yes** when a watermark of a configured key is detected, or the audio matches a registered AI-made track
 *   (generated, or derived under a style);
 * - **no** when the audio was fully analysed (long enough, not silent, watermark search run with at least one key)
 *   and neither a watermark nor any match was found;
 * - **unknown** otherwise: audio too short or silent, no watermark key to search with, or matches only to tracks
 *   that are not registered AI-made tracks (an original, or a track whose ingest is unfinished).
 */
export function decideVerdict({ analysable, watermark, matchedRecords, matchCount }: VerdictInputs): { verdict: AiGeneratedVerdict; reasons: string[] } {
  const reasons: string[] = [];
  if (watermark?.detected) reasons.push(`watermark of key ${watermark.keyId} detected (false-positive probability ${watermark.falsePositiveProbability.toExponential(2)})`);
  const generated = matchedRecords.filter((r) => r.generated && r.registered);
  for (const r of generated) reasons.push(`matches registered ${r.kind} track ${r.sha256}`);
  if (reasons.length > 0) return { verdict: "yes", reasons };

  if (!analysable) return { verdict: "unknown", reasons: ["the audio is too short or too quiet to analyse"] };
  if (watermark === null) return { verdict: "unknown", reasons: ["no watermark search was possible (no key configured, or unanalysable audio)"] };
  if (matchCount === 0) return { verdict: "no", reasons: ["no watermark of a known key and no match in the registry"] };
  for (const r of matchedRecords) {
    reasons.push(r.registered ? `matches registered ${r.kind} track ${r.sha256}, not AI-made` : `matches track ${r.sha256}, whose ingest is ${r.status}`);
  }
  return { verdict: "unknown", reasons };
}
