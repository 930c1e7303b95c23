/**
 * Landmark fingerprint configurations. An algorithm version is data, not a branch: every stage reads its numbers from
 * here, and an index records the `name` (which carries the version) that made each fingerprint. A change to any number
 * that alters the hashes is a new entry (`pairs_v2`), never an edit of a published one.
 */

/** Short-time spectrum on which peaks are picked. */
export interface SpectrogramConfig {
  /** Working sample rate (Hz): the input is downmixed to mono and resampled to it. */
  sampleRate: number;
  /** FFT length (power of two); a Hann window of the same length. */
  fftSize: number;
  /** Samples between frames; the frame rate is sampleRate / hopSize. */
  hopSize: number;
  /** Resampler design for the working signal (part of the fingerprint's definition). */
  resampleQuality: "low" | "medium" | "high";
  /** Lowest and highest frequencies kept (Hz). */
  minHz: number;
  maxHz: number;
  /**
   * "linear": the FFT bins between minHz and maxHz. "log": `binsPerOctave` logarithmically spaced bins from minHz,
   * so a pitch shift is a translation along the frequency axis.
   */
  frequencyScale: "linear" | "log";
  /** Log scale only. */
  binsPerOctave: number;
}

/** Peak picking: local maxima of the log spectrum, thinned to a target density. */
export interface PeakConfig {
  /** A peak is the largest value within +-radiusBins and +-radiusFrames. */
  radiusBins: number;
  radiusFrames: number;
  /**
   * Peaks kept per second when fingerprinting a reference (index) and a query. A peak is kept when fewer than
   * `rate * densityWindowSeconds` candidates in the window centred on it are louder, so the reference peaks are a
   * subset of the query peaks of the same audio (the query may afford a denser set).
   */
  peaksPerSecond: number;
  queryPeaksPerSecond: number;
  densityWindowSeconds: number;
  /** Candidates more than this many dB below the loudest cell of the signal are ignored (silence, dither). */
  floorDb: number;
}

/** Wang-style pairs: an anchor and each of its first `fanout` peaks in the target zone. */
export interface PairConfig {
  /** Target zone in frames after the anchor, inclusive (maxDt <= 63: six bits of the hash). */
  minDt: number;
  maxDt: number;
  /** Largest |f2 - f1| in bins (<= 31: six bits of the hash). */
  maxDf: number;
  fanout: number;
  queryFanout: number;
}

/** Panako-style triplets: an anchor and two later peaks of its target zone, hashed on scale-invariant quantities. */
export interface TripletConfig {
  /** Target zone in frames after the anchor (maxDt <= 127: seven bits of the stored span). */
  minDt: number;
  maxDt: number;
  /** Minimum frames between the two targets, so the time ratio is well defined. */
  minGap: number;
  /** Largest |f - f_anchor| in log bins (maxDf / dfStep <= 31). */
  maxDf: number;
  /**
   * Smallest log-frequency distance between any two of the three peaks: triplets of one repeated pitch carry almost
   * no information once pitch and tempo are factored out, and would crowd the index's most common hashes.
   */
  minDf: number;
  /** The first `targets` peaks of the zone are combined two by two: targets * (targets - 1) / 2 triplets per anchor. */
  targets: number;
  queryTargets: number;
  /** Quantisation steps of the time ratio (t2 - t1) / (t3 - t1) in (0, 1) (<= 8). */
  ratioLevels: number;
  /**
   * Cells per octave of the span t3 - t1 (from minDt): a speed change moves it by log2(speed) octaves, a fraction of
   * a cell, so the query probes the neighbouring cell near a boundary. Up to 16 cells over minDt..maxDt.
   */
  spanLevelsPerOctave: number;
  /** Log bins per quantisation step of the frequency differences. */
  dfStep: number;
  /**
   * Query-side multi-probing: a quantity whose value lies within this fraction of a step from a cell boundary is also
   * looked up in the neighbouring cell, up to `maxProbes` hashes per triplet.
   */
  probeMargin: number;
  maxProbes: number;
}

interface LandmarkConfigBase {
  /** Name and version, e.g. "pairs_v1": the key recorded beside every stored fingerprint. */
  name: string;
  version: number;
  /** Bits of the hash: an index addresses 2^hashBits keys directly. */
  hashBits: number;
  spectrogram: SpectrogramConfig;
  peaks: PeakConfig;
}

export interface PairLandmarkConfig extends LandmarkConfigBase {
  kind: "pairs";
  pairs: PairConfig;
}

export interface TripletLandmarkConfig extends LandmarkConfigBase {
  kind: "triplets";
  triplets: TripletConfig;
}

export type LandmarkConfig = PairLandmarkConfig | TripletLandmarkConfig;

/**
 * The published configurations.
 * - `pairs_v1`: exact-tempo identification robust to noise and compression (linear 15.6 Hz bins, 32 ms frames).
 *   Hash: f1 (8 bits) | f2 - f1 (6 bits) | dt (6 bits) = 20 bits.
 * - `triplets_v1`: identification under speed, tempo and pitch changes (log bins, 1/3 semitone; 16 ms frames).
 *   Hash: f2 - f1, f3 - f1 (log bins, 6 bits each) | time ratio (3 bits) | loudness order (3 bits) | log span
 *   (4 bits) = 22 bits; the anchor's log frequency and the span are stored beside the hash so that a match
 *   estimates its speed and pitch factors.
 */
export const LANDMARK_CONFIGS = {
  pairs_v1: {
    name: "pairs_v1",
    version: 1,
    kind: "pairs",
    hashBits: 20,
    spectrogram: {
      sampleRate: 8000,
      resampleQuality: "low",
      fftSize: 512,
      hopSize: 256,
      minHz: 100,
      maxHz: 3900,
      frequencyScale: "linear",
      binsPerOctave: 0,
    },
    peaks: {
      radiusBins: 8,
      radiusFrames: 4,
      peaksPerSecond: 18,
      queryPeaksPerSecond: 30,
      densityWindowSeconds: 2,
      floorDb: 90,
    },
    pairs: { minDt: 1, maxDt: 48, maxDf: 31, fanout: 4, queryFanout: 8 },
  },
  triplets_v1: {
    name: "triplets_v1",
    version: 1,
    kind: "triplets",
    hashBits: 22,
    spectrogram: {
      sampleRate: 8000,
      resampleQuality: "low",
      fftSize: 1024,
      hopSize: 128,
      minHz: 110,
      maxHz: 3520,
      frequencyScale: "log",
      binsPerOctave: 36,
    },
    peaks: {
      radiusBins: 9,
      radiusFrames: 8,
      peaksPerSecond: 12,
      queryPeaksPerSecond: 20,
      densityWindowSeconds: 2,
      floorDb: 90,
    },
    triplets: {
      minDt: 3,
      maxDt: 100,
      minGap: 3,
      maxDf: 30,
      minDf: 0.5,
      targets: 4,
      queryTargets: 5,
      ratioLevels: 8,
      spanLevelsPerOctave: 2,
      dfStep: 1,
      probeMargin: 0.25,
      maxProbes: 4,
    },
  },
} as const satisfies Record<string, LandmarkConfig>;

export type LandmarkConfigName = keyof typeof LANDMARK_CONFIGS;

/** Frames per second of a configuration's spectrogram. */
export function frameRate(config: LandmarkConfig): number {
  return config.spectrogram.sampleRate / config.spectrogram.hopSize;
}
