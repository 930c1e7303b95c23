import { InvalidWatermarkAudioError, type WatermarkKey } from "../../../../generator/audio/src/watermark/index.js";
import { detectWatermark } from "../../../../generator/audio/src/watermark/index.js";
import type { Pcm } from "../../../../generator/audio/src/pcm.js";
import type { WatermarkEvidence } from "../track-row.js";
import type { Stage } from "./stage.js";

/** Name of the watermark scheme recorded with evidence: the audio package's own label, so they never disagree. */
import { WATERMARK_SCHEME } from "../../../../generator/audio/src/watermark/index.js";
export { WATERMARK_SCHEME };

/** The strongest watermark result over the configured keys (detected or not). */
export interface WatermarkScan extends WatermarkEvidence {
  detected: boolean;
}

export interface WatermarkSearchOptions {
  /**
   * Search speed / tempo / pitch factors too (default true). A check turns it off when the fingerprint index already
   * aligned the audio with a registered track at unit speed and pitch: a mark in it is then unscaled as well.
   */
  searchScales?: boolean;
}

/**
 * Tries every configured key and keeps the result with the lowest false-positive probability (a detection beats a
 * non-detection). Null when there is no key, or the audio cannot be analysed (too short, silent): then nothing is known.
 */
export function scanWatermark(pcm: Pcm, keys: readonly WatermarkKey[], { searchScales = true }: WatermarkSearchOptions = {}): WatermarkScan | null {
  let best: WatermarkScan | null = null;
  for (const key of keys) {
    let result;
    try {
      result = detectWatermark(pcm, key, { searchScales });
    } catch (error) {
      if (error instanceof InvalidWatermarkAudioError) return null;
      throw error;
    }
    const detected = result.detected && result.payload !== undefined;
    const better =
      !best || (detected && !best.detected) || (detected === best.detected && result.falsePositiveProbability < best.falsePositiveProbability);
    if (!better) continue;
    best = {
      detected,
      scheme: WATERMARK_SCHEME,
      keyId: key.keyId,
      payload: detected ? Buffer.from(result.payload!).toString("hex") : "",
      falsePositiveProbability: result.falsePositiveProbability,
      bitErrors: result.bitErrors,
      score: result.score,
    };
  }
  return best;
}

/**
 * Seconds analysed at ingest. The mark repeats every 4.1 s, so half a minute holds seven copies (a clean 12-second
 * clip already detects at p < 1e-11) while bounding the cost: detection runs at about 75 ms per second of audio
 * per key on one core.
 */
export const INGEST_WATERMARK_SECONDS = 30;

/** The middle `seconds` of the audio (intros and fades carry the least mark). */
export function middle(pcm: Pcm, seconds: number): Pcm {
  const length = pcm.channels[0]?.length ?? 0;
  const take = Math.min(length, Math.round(seconds * pcm.sampleRate));
  const from = Math.floor((length - take) / 2);
  return take === length ? pcm : { sampleRate: pcm.sampleRate, channels: pcm.channels.map((c) => c.subarray(from, from + take)) };
}

/** Records the watermark found with a configured key (the evidence without the `detected` flag), or none. */
export const watermarkStage: Stage = async ({ audio, deps }) => {
  const scan = scanWatermark(middle(await audio(), INGEST_WATERMARK_SECONDS), deps.watermarkKeys);
  if (!scan?.detected) return { watermark: null, watermark_checked: true };
  const { detected: _, ...evidence } = scan;
  return { watermark: evidence, watermark_checked: true };
};
