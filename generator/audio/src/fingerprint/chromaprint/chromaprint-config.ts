/**
 * Chromaprint's algorithm versions as data (src/fingerprinter_configuration.cpp): the frame geometry, the chroma
 * filter and the 16 classifiers (a Haar-like filter over the chroma image and a 4-level quantizer each).
 * Every stage reads what it needs from a config; no stage branches on an algorithm number.
 */

/**
 * A Haar-like filter over the rolling integral image of the normalized chroma (time x pitch class).
 * `type` 0..5 picks the pattern (see filter.ts), `y` the first pitch class, `height` the number of pitch classes and
 * `width` the number of frames it spans.
 */
export interface ChromaprintFilter {
  readonly type: 0 | 1 | 2 | 3 | 4 | 5;
  readonly y: number;
  readonly height: number;
  readonly width: number;
}

/** A filter and the three ascending thresholds that quantize its response to 0..3 (two bits, Gray-coded). */
export interface ChromaprintClassifier {
  readonly filter: ChromaprintFilter;
  readonly thresholds: readonly [number, number, number];
}

export interface ChromaprintConfig {
  /**
   * Chromaprint's `ChromaprintAlgorithm` value (TEST1 = 0 ... TEST5 = 4). It is written into the first byte of the
   * compressed fingerprint. fpcalc's `-algorithm N` option is this value + 1 (its default, 2, is TEST2 = 1).
   */
  readonly algorithm: number;
  readonly name: string;
  /** Rate the audio is resampled to before analysis (Chromaprint's DEFAULT_SAMPLE_RATE). */
  readonly sampleRate: number;
  /** FFT frame length in samples at `sampleRate`. */
  readonly frameSize: number;
  /** Samples shared by consecutive frames; the hop is frameSize - frameOverlap. */
  readonly frameOverlap: number;
  /** Frequency band mapped onto the 12 pitch classes, in Hz. */
  readonly minFrequency: number;
  readonly maxFrequency: number;
  /** FIR smoothing of consecutive chroma vectors (ChromaFilter). */
  readonly chromaFilter: readonly number[];
  readonly classifiers: readonly ChromaprintClassifier[];
  /**
   * When set, leading audio is dropped until a 55-sample moving average of |sample| exceeds this value
   * (Chromaprint's SilenceRemover, used by TEST4 only).
   */
  readonly silenceThreshold?: number;
}

const FRAME_SIZE = 4096;
/** kDefaultFrameOverlap = 4096 - 4096 / 3 (integer division): a hop of 1365 samples, 124 ms. */
const FRAME_OVERLAP = FRAME_SIZE - Math.trunc(FRAME_SIZE / 3);
const CHROMA_FILTER = [0.25, 0.75, 1.0, 0.75, 0.25] as const;

function c(
  type: ChromaprintFilter["type"],
  y: number,
  height: number,
  width: number,
  t0: number,
  t1: number,
  t2: number,
): ChromaprintClassifier {
  return { filter: { type, y, height, width }, thresholds: [t0, t1, t2] };
}

const CLASSIFIERS_TEST1: readonly ChromaprintClassifier[] = [
  c(0, 0, 3, 15, 2.10543, 2.45354, 2.69414),
  c(1, 0, 4, 14, -0.345922, 0.0463746, 0.446251),
  c(1, 4, 4, 11, -0.392132, 0.0291077, 0.443391),
  c(3, 0, 4, 14, -0.192851, 0.00583535, 0.204053),
  c(2, 8, 2, 4, -0.0771619, -0.00991999, 0.0575406),
  c(5, 6, 2, 15, -0.710437, -0.518954, -0.330402),
  c(1, 9, 2, 16, -0.353724, -0.0189719, 0.289768),
  c(3, 4, 2, 10, -0.128418, -0.0285697, 0.0591791),
  c(3, 9, 2, 16, -0.139052, -0.0228468, 0.0879723),
  c(2, 1, 3, 6, -0.133562, 0.00669205, 0.155012),
  c(3, 3, 6, 2, -0.0267, 0.00804829, 0.0459773),
  c(2, 8, 1, 10, -0.0972417, 0.0152227, 0.129003),
  c(3, 4, 4, 14, -0.141434, 0.00374515, 0.149935),
  c(5, 4, 2, 15, -0.64035, -0.466999, -0.285493),
  c(5, 9, 2, 3, -0.322792, -0.254258, -0.174278),
  c(2, 1, 8, 4, -0.0741375, -0.00590933, 0.0600357),
];

/** Shared by TEST2 (the default), TEST3, TEST4 and TEST5. */
const CLASSIFIERS_TEST2: readonly ChromaprintClassifier[] = [
  c(0, 4, 3, 15, 1.98215, 2.35817, 2.63523),
  c(4, 4, 6, 15, -1.03809, -0.651211, -0.282167),
  c(1, 0, 4, 16, -0.298702, 0.119262, 0.558497),
  c(3, 8, 2, 12, -0.105439, 0.0153946, 0.135898),
  c(3, 4, 4, 8, -0.142891, 0.0258736, 0.200632),
  c(4, 0, 3, 5, -0.826319, -0.590612, -0.368214),
  c(1, 2, 2, 9, -0.557409, -0.233035, 0.0534525),
  c(2, 7, 3, 4, -0.0646826, 0.00620476, 0.0784847),
  c(2, 6, 2, 16, -0.192387, -0.029699, 0.215855),
  c(2, 1, 3, 2, -0.0397818, -0.00568076, 0.0292026),
  c(5, 10, 1, 15, -0.53823, -0.369934, -0.190235),
  c(3, 6, 2, 10, -0.124877, 0.0296483, 0.139239),
  c(2, 1, 1, 14, -0.101475, 0.0225617, 0.231971),
  c(3, 5, 6, 4, -0.0799915, -0.00729616, 0.063262),
  c(1, 9, 2, 12, -0.272556, 0.019424, 0.302559),
  c(3, 4, 2, 14, -0.164292, -0.0321188, 0.0846339),
];

const BASE = {
  sampleRate: 11025,
  frameSize: FRAME_SIZE,
  minFrequency: 28,
  maxFrequency: 3520,
  chromaFilter: CHROMA_FILTER,
} as const;

/**
 * The five configurations of Chromaprint 1.5.1, keyed by name. TEST2 is the default of the library and of fpcalc,
 * and the one AcoustID indexes.
 */
export const CHROMAPRINT_CONFIGS = {
  TEST1: { ...BASE, algorithm: 0, name: "TEST1", frameOverlap: FRAME_OVERLAP, classifiers: CLASSIFIERS_TEST1 },
  TEST2: { ...BASE, algorithm: 1, name: "TEST2", frameOverlap: FRAME_OVERLAP, classifiers: CLASSIFIERS_TEST2 },
  /**
   * Chromaprint's TEST3 sets `interpolate` (which its Fingerprinter never reads) and leaves the overlap at 0, so its
   * frames do not overlap: that is what the library computes, and what this entry reproduces.
   */
  TEST3: { ...BASE, algorithm: 2, name: "TEST3", frameOverlap: 0, classifiers: CLASSIFIERS_TEST2 },
  TEST4: {
    ...BASE,
    algorithm: 3,
    name: "TEST4",
    frameOverlap: FRAME_OVERLAP,
    classifiers: CLASSIFIERS_TEST2,
    silenceThreshold: 50,
  },
  TEST5: {
    ...BASE,
    algorithm: 4,
    name: "TEST5",
    frameSize: FRAME_SIZE / 2,
    frameOverlap: FRAME_SIZE / 2 - FRAME_SIZE / 4,
    classifiers: CLASSIFIERS_TEST2,
  },
} as const satisfies Record<string, ChromaprintConfig>;

/** Chromaprint's (and fpcalc's) default algorithm. */
export const DEFAULT_CHROMAPRINT_CONFIG: ChromaprintConfig = CHROMAPRINT_CONFIGS.TEST2;

/** The configuration of a Chromaprint algorithm number (0..4), as found in a compressed fingerprint's header. */
export function chromaprintConfigOf(algorithm: number): ChromaprintConfig | undefined {
  return Object.values(CHROMAPRINT_CONFIGS).find((config) => config.algorithm === algorithm);
}
