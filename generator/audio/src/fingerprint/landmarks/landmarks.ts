import { InvalidLandmarkConfigError } from "../../errors/landmark-error.js";
import { downmix, type Pcm } from "../../pcm.js";
import { resample } from "../../resample/index.js";
import { frameRate, LANDMARK_CONFIGS, type LandmarkConfig, type SpectrogramConfig } from "./landmark-config.js";
import { hashPairs, hashTriplets, type LandmarkHashes } from "./hashing.js";
import { pairPeaks } from "./pairs.js";
import { pickPeaks, type LandmarkRole } from "./peaks.js";
import { logSpectrogram } from "./spectrogram.js";
import { tripletPeaks } from "./triplets.js";

/** The landmark fingerprint of one signal under one configuration. */
export interface Landmarks extends LandmarkHashes {
  /** The configuration's name (with its version), e.g. "pairs_v1". */
  config: string;
  /** Frames per second: `times` divided by it are seconds from the start of the signal. */
  frameRate: number;
  /** Length of the analysed signal in frames. */
  frames: number;
  /** Peaks found (after thinning): a measure of how much there was to fingerprint. */
  peaks: number;
}

/**
 * The mono signal at a configuration's working rate: channels averaged, then resampled (band-limited, with the
 * configuration's resampler quality) when the input is at another rate. Compute it once and pass it to
 * `landmarksOfMono` for every configuration with the same rate and quality.
 */
export function workingSignal(pcm: Pcm, config: SpectrogramConfig): Float32Array {
  const mono = downmix(pcm);
  if (pcm.sampleRate === config.sampleRate) return mono;
  const input = { sampleRate: pcm.sampleRate, channels: [mono] };
  return resample(input, config.sampleRate, { quality: config.resampleQuality }).channels[0]!;
}

/** Throws InvalidLandmarkConfigError when the numbers do not fit the hash layouts. */
export function validateLandmarkConfig(config: LandmarkConfig): void {
  const fail = (reason: string) => {
    throw new InvalidLandmarkConfigError(config.name, reason);
  };
  const s = config.spectrogram;
  if (!(s.sampleRate > 0) || !(s.hopSize > 0) || s.fftSize < 16 || (s.fftSize & (s.fftSize - 1)) !== 0) {
    fail("sampleRate, hopSize must be positive and fftSize a power of two >= 16");
  }
  if (!(s.minHz > 0 && s.maxHz > s.minHz)) fail("need 0 < minHz < maxHz");
  if (s.frequencyScale === "log" && !(s.binsPerOctave > 0)) fail("a log scale needs binsPerOctave > 0");
  const p = config.peaks;
  if (!(p.peaksPerSecond > 0 && p.queryPeaksPerSecond >= p.peaksPerSecond)) {
    fail("need 0 < peaksPerSecond <= queryPeaksPerSecond");
  }
  if (config.kind === "pairs") {
    const c = config.pairs;
    if (c.maxDt > 63 || c.minDt < 1 || c.maxDf > 31) fail("pairs need 1 <= minDt, maxDt <= 63, maxDf <= 31");
    if (config.hashBits !== 20) fail("the pair hash has 20 bits");
    if (s.frequencyScale !== "linear" || Math.floor(s.maxHz / (s.sampleRate / s.fftSize)) > 255) {
      fail("pairs hash linear bins below 256");
    }
    if (!(c.fanout >= 1 && c.queryFanout >= c.fanout)) fail("need 1 <= fanout <= queryFanout");
  } else {
    const c = config.triplets;
    if (c.maxDt > 127 || c.minDt < 1) fail("triplets need 1 <= minDt, maxDt <= 127");
    if (Math.round(c.maxDf / c.dfStep) > 31) fail("maxDf / dfStep must be <= 31");
    if (c.ratioLevels < 2 || c.ratioLevels > 8) fail("ratioLevels must be in 2..8");
    if (!(c.spanLevelsPerOctave > 0)) fail("spanLevelsPerOctave must be positive");
    if (config.hashBits !== 22) fail("the triplet hash has 22 bits");
    if (!(c.targets >= 2 && c.queryTargets >= c.targets)) fail("need 2 <= targets <= queryTargets");
    if (s.frequencyScale === "log" && s.binsPerOctave * Math.log2(s.maxHz / s.minHz) > 255) {
      fail("more than 256 log bins do not fit the stored anchor frequency");
    }
  }
}

/** Landmarks of a mono signal already at the configuration's working rate (see `workingSignal`). */
export function landmarksOfMono(mono: Float32Array, config: LandmarkConfig, role: LandmarkRole): Landmarks {
  const spec = logSpectrogram(mono, config.spectrogram);
  const peaks = pickPeaks(spec, config.peaks, role);
  const hashes =
    config.kind === "pairs"
      ? hashPairs(peaks, pairPeaks(peaks, config.pairs, role))
      : hashTriplets(peaks, tripletPeaks(peaks, config.triplets, role), config.triplets, role);
  return { ...hashes, config: config.name, frameRate: frameRate(config), frames: spec.frames, peaks: peaks.count };
}

/**
 * The landmark fingerprint of `pcm` under a configuration (by object or by name): mono downmix, resampling to the
 * working rate, log spectrogram, peaks, pairs or triplets, hashes. `role: "query"` makes the denser, multi-probed
 * fingerprint of an excerpt to look up; a reference (the default) is what an index stores.
 *
 * @throws InvalidLandmarkConfigError for an unknown name or numbers that do not fit the hash layout.
 * @example
 * const lm = extractLandmarks(pcm, "pairs_v1");
 * for (let i = 0; i < lm.count; i++) store(lm.hashes[i], lm.times[i] / lm.frameRate);
 */
export function extractLandmarks(
  pcm: Pcm,
  config: LandmarkConfig | string,
  role: LandmarkRole = "reference",
): Landmarks {
  const resolved = resolveLandmarkConfig(config);
  return landmarksOfMono(workingSignal(pcm, resolved.spectrogram), resolved, role);
}

/** A published configuration by name, or the given configuration, validated. */
export function resolveLandmarkConfig(config: LandmarkConfig | string): LandmarkConfig {
  let resolved: LandmarkConfig | undefined;
  if (typeof config === "string") {
    resolved = Object.hasOwn(LANDMARK_CONFIGS, config)
      ? (LANDMARK_CONFIGS as Record<string, LandmarkConfig>)[config]
      : undefined;
    if (!resolved) {
      throw new InvalidLandmarkConfigError(config, `unknown; known: ${Object.keys(LANDMARK_CONFIGS).join(", ")}`);
    }
  } else resolved = config;
  validateLandmarkConfig(resolved);
  return resolved;
}
