export {
  LANDMARK_CONFIGS,
  frameRate,
  type LandmarkConfig,
  type LandmarkConfigName,
  type PairLandmarkConfig,
  type TripletLandmarkConfig,
  type SpectrogramConfig,
  type PeakConfig,
  type PairConfig,
  type TripletConfig,
} from "./landmark-config.js";
export { logSpectrogram, type Spectrogram } from "./spectrogram.js";
export { pickPeaks, type Peaks, type LandmarkRole } from "./peaks.js";
export { pairPeaks, type PeakPairs } from "./pairs.js";
export { tripletPeaks, type PeakTriplets } from "./triplets.js";
export {
  hashPairs,
  hashTriplets,
  pairHash,
  tripletHash,
  packTripletExtra,
  tripletExtraPosition,
  tripletExtraSpan,
  type LandmarkHashes,
} from "./hashing.js";
export {
  extractLandmarks,
  landmarksOfMono,
  workingSignal,
  resolveLandmarkConfig,
  validateLandmarkConfig,
  type Landmarks,
} from "./landmarks.js";
