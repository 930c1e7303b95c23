/** What the watermark benchmark's worker measures and sends back, one record per measurement (plain JSON). */

/** One whole track, watermarked once as the generator would. */
export interface TrackRecord {
  track: string;
  seconds: number;
  /** embedWatermark on the whole track, one core. */
  embedMs: number;
  /** The SNR embedWatermark reports for the whole track. */
  embedSnrDb: number;
  /** embedWatermark on one 10-second excerpt of the original (speed per excerpt; the result is not used). */
  excerptEmbedMs: number;
  excerptSeconds: number;
}

/** One 10-second excerpt cut from a marked track. */
export interface ExcerptRecord {
  track: string;
  excerpt: number;
  startSeconds: number;
  /** SNR of the marked excerpt against the same excerpt of the original, all channels. */
  snrDb: number;
}

/** detectWatermark on one (excerpt, attack). */
export interface AttackRecord {
  attack: string;
  track: string;
  excerpt: number;
  /** Duration of the attacked audio given to the detector. */
  seconds: number;
  detected: boolean;
  /** A payload came back (detected and its CRC checked). */
  payloadRecovered: boolean;
  /** The payload came back and equals the embedded one byte for byte. */
  exact: boolean;
  /** The detector's corrected coded-bit errors (0 when nothing was decoded). */
  bitErrors: number;
  falsePositiveProbability: number;
  detectMs: number;
  attackMs: number;
}

/** Kinds of unwatermarked audio the false-positive run draws from. */
export type FprCategory = "music" | "music-attacked" | "marked-other-key" | "white-noise" | "pink-noise";

/** detectWatermark with a random key on one excerpt that does not carry that key's mark. */
export interface FprRecord {
  category: FprCategory;
  /** The attack applied to music-attacked excerpts. */
  attack?: string;
  seconds: number;
  detected: boolean;
  falsePositiveProbability: number;
  /** The detector's raw statistic when it reports one (`score`, about N(0, 1) on unmarked audio). */
  score?: number;
  detectMs: number;
  /** Time to apply the attack (0 when none). */
  attackMs: number;
}

/** Everything one task (one track, or one batch of noise excerpts) produced. */
export interface TaskResult {
  tracks: TrackRecord[];
  excerpts: ExcerptRecord[];
  attacks: AttackRecord[];
  fpr: FprRecord[];
}
