import { Fft } from "../fft/fft.js";

export interface PhaseVocoderOptions {
  /** FFT frame size, a power of two in [256, 32768]; by default the largest power of two <= 0.1 s (4096 at 44.1 kHz). */
  frameSize?: number;
  /** Reset the phases to the analysis phases at detected onsets (keeps attacks sharp); true by default. */
  transientReset?: boolean;
}

/** The largest power of two not above 0.1 s at this rate (at least 256): 4096 at 44.1 and 48 kHz, 1024 at 11.025 kHz. */
export function defaultFrameSize(sampleRate: number): number {
  let n = 256;
  while (n * 2 <= sampleRate * 0.1) n *= 2;
  return n;
}

/** A rise of the high-frequency content (sum of k |X_k|^2) between two frames above this ratio (9 dB) is an onset. */
const ONSET_RATIO = 8;

function princarg(phase: number): number {
  return phase - 2 * Math.PI * Math.round(phase / (2 * Math.PI));
}

/**
 * Phase-vocoder time scaling: the result lasts 1 / tempo times as long (`outLength` samples) with the pitch kept.
 *
 * Hann analysis and synthesis windows of `frameSize` samples, synthesis hop frameSize / 4 (75% overlap), analysis hop
 * tempo times that; overlap-add normalised by the summed squared windows, so a stationary tone keeps its amplitude.
 * Phases follow Laroche and Dolson's identity phase locking (1999): each spectral peak advances at its measured
 * instantaneous frequency and the bins of its region of influence (up to the lowest bin between two peaks) keep their
 * analysis phase offsets to the peak, which keeps partials coherent and removes most of the vocoder's "phasiness".
 * The phases are computed once on the sum of the channels and each channel keeps its own phase offset to that sum,
 * so the stereo image (inter-channel phase and time differences) survives. At onsets (a jump of the high-frequency
 * content) the phases are reset to the analysis phases, so attacks stay sharp instead of being smeared.
 *
 * All channels must have the same length. Returns new arrays.
 */
export function phaseVocoder(
  channels: readonly Float32Array[],
  tempo: number,
  outLength: number,
  frameSize: number,
  transientReset = true,
): Float32Array[] {
  const size = frameSize;
  const half = size / 2;
  const hop = size / 4;
  const inLength = channels[0]?.length ?? 0;
  const fft = new Fft(size);
  const window = new Float64Array(size);
  for (let i = 0; i < size; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);

  const re = channels.map(() => new Float64Array(size));
  const im = channels.map(() => new Float64Array(size));
  const acc = channels.map(() => new Float64Array(outLength));
  const norm = new Float64Array(outLength);
  const magnitude = new Float64Array(half + 1);
  const phase = new Float64Array(half + 1);
  const previousPhase = new Float64Array(half + 1);
  const synthesis = new Float64Array(half + 1);
  const peaks = new Int32Array(half + 1);

  let previousCenter = 0;
  let previousHfc = Infinity;
  let previousWasOnset = false;
  for (let k = 0; k * hop - half < outLength; k++) {
    const center = Math.round(k * hop * tempo);
    const out = k * hop;

    // Analysis: windowed frames centred on `center` (zeros outside the input).
    channels.forEach((x, c) => {
      const r = re[c]!;
      const m = im[c]!;
      m.fill(0);
      for (let i = 0; i < size; i++) {
        const j = center - half + i;
        r[i] = j >= 0 && j < inLength ? x[j]! * window[i]! : 0;
      }
      fft.transform(r, m);
    });

    // Reference spectrum: the sum of the channels.
    let hfc = 0;
    for (let b = 0; b <= half; b++) {
      let sr = 0;
      let si = 0;
      for (let c = 0; c < channels.length; c++) {
        sr += re[c]![b]!;
        si += im[c]![b]!;
      }
      magnitude[b] = Math.hypot(sr, si);
      phase[b] = Math.atan2(si, sr);
      hfc += b * magnitude[b]! * magnitude[b]!;
    }
    const onset: boolean = transientReset && k > 0 && !previousWasOnset && hfc > ONSET_RATIO * previousHfc;
    previousWasOnset = onset;
    previousHfc = hfc;

    if (k === 0 || onset) {
      synthesis.set(phase);
    } else {
      const advance = center - previousCenter;
      const propagate = (b: number): number => {
        const omega = (2 * Math.PI * b) / size;
        const deviation = princarg(phase[b]! - previousPhase[b]! - omega * advance);
        return synthesis[b]! + (advance > 0 ? (omega + deviation / advance) * hop : omega * hop);
      };
      let count = 0;
      for (let b = 2; b <= half - 2; b++) {
        const v = magnitude[b]!;
        if (v > magnitude[b - 1]! && v >= magnitude[b + 1]! && v > magnitude[b - 2]! && v >= magnitude[b + 2]!) {
          peaks[count++] = b;
        }
      }
      if (count === 0) {
        for (let b = 0; b <= half; b++) synthesis[b] = propagate(b);
      } else {
        // Each peak's region runs from the lowest bin after the previous peak to the lowest bin before the next.
        let regionStart = 0;
        for (let p = 0; p < count; p++) {
          const peak = peaks[p]!;
          let regionEnd = half;
          if (p + 1 < count) {
            const next = peaks[p + 1]!;
            regionEnd = peak;
            for (let b = peak + 1; b < next; b++) if (magnitude[b]! < magnitude[regionEnd]!) regionEnd = b;
          }
          const locked = propagate(peak);
          for (let b = regionStart; b <= regionEnd; b++) {
            synthesis[b] = b === peak ? locked : locked + phase[b]! - phase[peak]!;
          }
          regionStart = regionEnd + 1;
        }
      }
    }
    previousPhase.set(phase);
    previousCenter = center;

    // Synthesis: each channel rotated by (synthesis phase - reference phase), inverse FFT, windowed overlap-add.
    for (let c = 0; c < channels.length; c++) {
      const r = re[c]!;
      const m = im[c]!;
      for (let b = 1; b < half; b++) {
        const rot = synthesis[b]! - phase[b]!;
        const cos = Math.cos(rot);
        const sin = Math.sin(rot);
        const xr = r[b]!;
        const xi = m[b]!;
        r[b] = xr * cos - xi * sin;
        m[b] = xr * sin + xi * cos;
        r[size - b] = r[b]!;
        m[size - b] = -m[b]!;
      }
      m[0] = 0;
      m[half] = 0;
      fft.inverse(r, m);
      const a = acc[c]!;
      const from = Math.max(0, half - out);
      const to = Math.min(size, outLength - out + half);
      for (let i = from; i < to; i++) a[out - half + i]! += r[i]! * window[i]!;
    }
    const from = Math.max(0, half - out);
    const to = Math.min(size, outLength - out + half);
    for (let i = from; i < to; i++) norm[out - half + i]! += window[i]! * window[i]!;
  }

  return acc.map((a) => {
    const y = new Float32Array(outLength);
    for (let i = 0; i < outLength; i++) y[i] = norm[i]! > 1e-9 ? a[i]! / norm[i]! : 0;
    return y;
  });
}
