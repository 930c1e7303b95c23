import { Fft } from "../../fft/fft.js";
import type { SpectrogramConfig } from "./landmark-config.js";

/** A log-power spectrogram: `frames` x `bins` values in dB, frame-major (`data[t * bins + b]`). */
export interface Spectrogram {
  frames: number;
  bins: number;
  data: Float32Array;
  /** Frames per second. */
  frameRate: number;
  /** Centre frequency of bin b in Hz. */
  binFrequency: (bin: number) => number;
}

/** Power floor added before taking logs: -100 dB relative to a full-scale sine's bin power. */
const POWER_FLOOR = 1e-10;

/** How one output bin reads the FFT power spectrum: the maximum over [lo, hi], or an interpolation at lo + frac. */
interface BinMap {
  lo: Int32Array;
  hi: Int32Array;
  frac: Float32Array;
}

function linearBinMap(config: SpectrogramConfig): BinMap {
  const binHz = config.sampleRate / config.fftSize;
  const first = Math.max(1, Math.ceil(config.minHz / binHz));
  const last = Math.min(config.fftSize / 2 - 1, Math.floor(config.maxHz / binHz));
  const n = Math.max(0, last - first + 1);
  const lo = new Int32Array(n);
  for (let b = 0; b < n; b++) lo[b] = first + b;
  return { lo, hi: lo.slice(), frac: new Float32Array(n) };
}

/**
 * Log-spaced bins: bin j is centred at minHz * 2^(j / binsPerOctave). Where a bin spans at least one FFT bin it takes
 * the largest FFT value inside it (so no partial falls between two samples); below that it interpolates (in dB)
 * between the two nearest FFT bins.
 */
function logBinMap(config: SpectrogramConfig): BinMap {
  const binHz = config.sampleRate / config.fftSize;
  const per = config.binsPerOctave;
  const nyquistBin = config.fftSize / 2;
  const top = Math.min(config.maxHz, config.sampleRate / 2 - binHz);
  const n = Math.max(0, Math.floor(per * Math.log2(top / config.minHz)) + 1);
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const frac = new Float32Array(n);
  const half = 2 ** (1 / (2 * per));
  for (let j = 0; j < n; j++) {
    const centre = (config.minHz * 2 ** (j / per)) / binHz;
    const a = Math.ceil(centre / half);
    const b = Math.floor(centre * half);
    if (b >= a) {
      lo[j] = a;
      hi[j] = Math.min(b, nyquistBin);
      frac[j] = -1;
    } else {
      const base = Math.min(Math.floor(centre), nyquistBin - 1);
      lo[j] = base;
      hi[j] = base + 1;
      frac[j] = centre - base;
    }
  }
  return { lo, hi, frac };
}

/**
 * The log-power spectrogram of a mono signal at the configuration's working rate: Hann-windowed frames of `fftSize`
 * every `hopSize` samples (frame t covers samples [t * hop, t * hop + fftSize)), power in dB on linear or log bins.
 * Two real frames share one complex FFT, and every buffer is allocated once per call.
 *
 * @example
 * const spec = logSpectrogram(mono, LANDMARK_CONFIGS.pairs_v1.spectrogram);
 * const db = spec.data[t * spec.bins + b];
 */
export function logSpectrogram(samples: Float32Array, config: SpectrogramConfig): Spectrogram {
  const { fftSize: n, hopSize: hop } = config;
  const fft = new Fft(n);
  const map = config.frequencyScale === "log" ? logBinMap(config) : linearBinMap(config);
  const bins = map.lo.length;
  const frames = samples.length >= n ? Math.floor((samples.length - n) / hop) + 1 : 0;
  const data = new Float32Array(frames * bins);
  const binHz = config.sampleRate / n;
  const binFrequency =
    config.frequencyScale === "log"
      ? (bin: number) => config.minHz * 2 ** (bin / config.binsPerOctave)
      : (bin: number) => (map.lo[0] ?? 0) * binHz + bin * binHz;
  const result: Spectrogram = { frames, bins, data, frameRate: config.sampleRate / hop, binFrequency };
  if (frames === 0 || bins === 0) return result;

  const window = new Float64Array(n);
  for (let i = 0; i < n; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const half = n / 2;
  const powA = new Float64Array(half + 1);
  const powB = new Float64Array(half + 1);
  // Scale so that a full-scale sine peaks near 0 dB: (sum of window / 2)^2.
  const norm = 1 / (n / 4) ** 2;
  const toDb = 10 / Math.LN10;
  const { lo, hi, frac } = map;
  const kMin = lo[0]!;
  const kMax = Math.max(hi[bins - 1]!, lo[bins - 1]! + 1);

  // Pooling by maximum commutes with the logarithm, so logs are taken per output bin, not per FFT bin.
  const emit = (pow: Float64Array, t: number) => {
    const row = t * bins;
    for (let j = 0; j < bins; j++) {
      const f = frac[j]!;
      const a = lo[j]!;
      let v: number;
      if (f < 0) {
        let p = pow[a]!;
        for (let k = a + 1, e = hi[j]!; k <= e; k++) if (pow[k]! > p) p = pow[k]!;
        v = toDb * Math.log(p * norm + POWER_FLOOR);
      } else {
        const x = toDb * Math.log(pow[a]! * norm + POWER_FLOOR);
        const y = toDb * Math.log(pow[a + 1]! * norm + POWER_FLOOR);
        v = x + f * (y - x);
      }
      data[row + j] = v;
    }
  };

  for (let t = 0; t < frames; t += 2) {
    const second = t + 1 < frames;
    const offA = t * hop;
    const offB = offA + hop;
    for (let i = 0; i < n; i++) {
      re[i] = samples[offA + i]! * window[i]!;
      im[i] = second ? samples[offB + i]! * window[i]! : 0;
    }
    fft.transform(re, im);
    // Separate the two real spectra: X_a[k] = (Z[k] + conj Z[N-k]) / 2, X_b[k] = (Z[k] - conj Z[N-k]) / 2i.
    for (let k = kMin; k <= kMax; k++) {
      const m = k === 0 ? 0 : n - k;
      const zr = re[k]!;
      const zi = im[k]!;
      const wr = re[m]!;
      const wi = im[m]!;
      const ar = (zr + wr) * 0.5;
      const ai = (zi - wi) * 0.5;
      const br = (zi + wi) * 0.5;
      const bi = (wr - zr) * 0.5;
      powA[k] = ar * ar + ai * ai;
      powB[k] = br * br + bi * bi;
    }
    emit(powA, t);
    if (second) emit(powB, t + 1);
  }
  return result;
}
