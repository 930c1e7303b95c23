import { decodeAudioFile, type AudioFormat } from "../../../generator/audio/src/decode/index.js";
import { sha256File } from "../../../generator/audio/src/hash/index.js";
import type { SoundmarkIndex } from "../../../generator/audio/src/index/index.js";
import { downmix, pcmDuration, type Pcm } from "../../../generator/audio/src/pcm.js";
import type { WatermarkKey } from "../../../generator/audio/src/watermark/index.js";
import { middle, type WatermarkScan } from "../pipeline/index.js";
import type { Sql } from "../store/index.js";
import { CHECK_WATERMARK_SECONDS, indexMatches, isAnalysable, watermarkSearchFor, type CheckMatch } from "./audio-evidence.js";
import { trackRecords, type TrackRecordSummary } from "./track-records.js";
import { decideVerdict, type AiGeneratedVerdict } from "./verdict.js";
import { searchWatermark, type WatermarkSearchOptions } from "./watermark-search.js";

/** Runs a watermark search of the configured keys: in this thread by default, or on a pool's workers. */
export type WatermarkSearcher = (pcm: Pcm, options: WatermarkSearchOptions) => WatermarkScan | null | Promise<WatermarkScan | null>;

export interface CheckAudioParameters {
  filePath: string;
  index: SoundmarkIndex;
  watermarkKeys: readonly WatermarkKey[];
  store: Sql;
  /** Caps on the checked file (the upload caps by default: 200 MiB, 1200 s). */
  limits?: { maxUploadBytes?: number; maxDurationSeconds?: number };
  /** Matches returned at most (5). */
  maxMatches?: number;
  /** Search for a watermark (default true); `similar` needs the matches only, and skips the costlier search. */
  searchWatermark?: boolean;
  /**
   * Where the watermark search runs (default: `searchWatermark` of `watermarkKeys` in this thread). The server passes
   * a worker pool's (watermark-search-pool.ts) so that checks never hold its event loop for the search.
   */
  watermarkSearcher?: WatermarkSearcher;
}

export interface CheckAudioResult {
  aiGenerated: AiGeneratedVerdict;
  /** Why, in words, one line per piece of evidence. */
  reasons: string[];
  sha256: string;
  format: AudioFormat;
  durationSeconds: number;
  /** The strongest watermark result over the configured keys; null when none could be searched. */
  watermark: WatermarkScan | null;
  /** Significant fingerprint matches, best first. */
  matches: CheckMatch[];
  /** The registry records behind the matches (and of the exact file when it was ingested), in match order. */
  records: TrackRecordSummary[];
  /** The style (and licence) the best AI-made match was made under, when any. */
  style: { styleId: number; licenceId: number } | null;
}

/**
 * The platform's question: is this audio AI-generated? Decodes the file (clips cut from longer files are accepted),
 * searches the watermark with every configured key, identifies it against the landmark index, and reads the records
 * behind the matches. See `decideVerdict` for the rule.
 *
 * @throws the decoder's AudioError (unsupported, corrupt, too large, empty) for a file that is not usable audio.
 * @example
 * const result = await checkAudio({ filePath: "clip.mp3", index, watermarkKeys, store });
 * result.aiGenerated; // "yes"
 */
export async function checkAudio({
  filePath,
  index,
  watermarkKeys,
  store,
  limits = {},
  maxMatches = 5,
  searchWatermark: searchForWatermark = true,
  watermarkSearcher,
}: CheckAudioParameters): Promise<CheckAudioResult> {
  const options: { allowTruncated: true; maxBytes?: number; maxSeconds?: number } = { allowTruncated: true };
  if (limits.maxUploadBytes !== undefined) options.maxBytes = limits.maxUploadBytes;
  if (limits.maxDurationSeconds !== undefined) options.maxSeconds = limits.maxDurationSeconds;
  const [sha256, audio] = await Promise.all([sha256File(filePath), decodeAudioFile(filePath, options)]);
  const durationSeconds = pcmDuration(audio);
  // The index, the watermark and the silence test all work on the mono downmix: compute it once.
  const mono: Pcm = { sampleRate: audio.sampleRate, channels: [downmix(audio)] };
  const analysable = isAnalysable(mono);
  const searching = analysable && searchForWatermark && watermarkKeys.length > 0;
  const search: WatermarkSearcher = watermarkSearcher ?? ((pcm, o) => searchWatermark(pcm, watermarkKeys, o));
  const excerpt = middle(mono, CHECK_WATERMARK_SECONDS);
  // Most checked audio is at its original speed. Where the search runs on a pool's worker, start the offsets-only
  // search now, so that it runs while this thread queries the index; the index then says whether the speed / pitch
  // search is needed instead (in this thread, starting early would only add that work).
  const nominal = searching && watermarkSearcher ? Promise.resolve(search(excerpt, { searchScales: false })) : null;
  const matches = analysable ? indexMatches(index, mono, maxMatches) : [];
  let watermark: WatermarkScan | null = null;
  if (searching) {
    const options = watermarkSearchFor(matches);
    if (nominal && !options.searchScales) watermark = await nominal;
    else {
      nominal?.catch(() => undefined); // superseded by the full search
      watermark = await search(excerpt, options);
    }
  }

  // The exact file counts as a match when it was ingested, even where the audio is too short to fingerprint.
  const ids = [...new Set([...matches.map((m) => m.sha256), sha256])];
  const records = await trackRecords(store, ids);
  const exactIngested = records.some((r) => r.sha256 === sha256);
  const { verdict, reasons } = decideVerdict({
    analysable,
    watermark,
    matchedRecords: records,
    matchCount: new Set([...matches.map((m) => m.sha256), ...(exactIngested ? [sha256] : [])]).size,
  });
  const madeUnder = records.find((r) => r.generated && r.registered && r.styleId !== 0);
  return {
    aiGenerated: verdict,
    reasons,
    sha256,
    format: audio.format,
    durationSeconds,
    watermark,
    matches,
    records,
    style: madeUnder ? { styleId: madeUnder.styleId, licenceId: madeUnder.licenceId } : null,
  };
}
