/**
 * Signal generators and measurements for the package's tests (synthetic tones, frequency estimation, correlation).
 * Test support only: nothing in the production pipeline imports this folder.
 */
import { Fft } from "../fft/fft.js";
import type { Pcm } from "../pcm.js";

/** amplitude * sin(2 pi f t + phase), n samples at sampleRate. */
export function tone(frequency: number, sampleRate: number, n: number, amplitude = 0.5, phase = 0): Float32Array {
  const out = new Float32Array(n);
  const w = (2 * Math.PI * frequency) / sampleRate;
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin(w * i + phase);
  return out;
}

/** A Pcm of the given channels. */
export function pcmOf(sampleRate: number, ...channels: Float32Array[]): Pcm {
  return { sampleRate, channels };
}

/** Mean square of x[from..to). */
export function meanSquare(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return to > from ? s / (to - from) : 0;
}

/** 10 log10 of a power ratio. */
export function db(powerRatio: number): number {
  return 10 * Math.log10(powerRatio);
}

/**
 * The frequency of the strongest spectral peak of x[from, from + length) in Hz: Hann window, zero-padded FFT (8x),
 * Gaussian (log-parabolic) interpolation of the peak. Accurate to well under 0.01% for a clean tone of many periods.
 */
export function peakFrequency(x: Float32Array, sampleRate: number, from = 0, length = x.length - from): number {
  let size = 2;
  while (size < length * 8) size *= 2;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let i = 0; i < length; i++) re[i] = x[from + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length));
  new Fft(size).transform(re, im);
  let best = 1;
  let bestPower = -1;
  const power = (k: number): number => re[k]! * re[k]! + im[k]! * im[k]!;
  for (let k = 1; k < size / 2; k++) {
    const p = power(k);
    if (p > bestPower) {
      bestPower = p;
      best = k;
    }
  }
  const a = Math.log(power(best - 1) + 1e-300);
  const b = Math.log(bestPower + 1e-300);
  const c = Math.log(power(best + 1) + 1e-300);
  const offset = (0.5 * (a - c)) / (a - 2 * b + c);
  return ((best + offset) * sampleRate) / size;
}

/** Power of the signal at exactly `frequency` (least-squares fit of a sinusoid over x[from..to)), as mean square. */
export function tonePower(x: Float32Array, frequency: number, sampleRate: number, from = 0, to = x.length): number {
  const w = (2 * Math.PI * frequency) / sampleRate;
  let c = 0;
  let s = 0;
  for (let i = from; i < to; i++) {
    c += x[i]! * Math.cos(w * i);
    s += x[i]! * Math.sin(w * i);
  }
  const n = to - from;
  return (2 * (c * c + s * s)) / (n * n);
}

/**
 * The lag (b delayed against a, in samples, within +/- maxLag) that maximises the normalised correlation of
 * a[i] and b[i + lag] over i in [from, to), and that correlation.
 */
export function bestLag(
  a: Float32Array,
  b: Float32Array,
  maxLag: number,
  from = maxLag,
  to = Math.min(a.length, b.length) - maxLag,
): { lag: number; correlation: number } {
  let lag = 0;
  let correlation = -Infinity;
  for (let l = -maxLag; l <= maxLag; l++) {
    const c = correlationAt(a, b, l, from, to);
    if (c > correlation) {
      correlation = c;
      lag = l;
    }
  }
  return { lag, correlation };
}

/** Normalised correlation of a[i] and b[i + lag] over i in [from, to). */
export function correlationAt(a: Float32Array, b: Float32Array, lag: number, from: number, to: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = from; i < to; i++) {
    const x = a[i]!;
    const y = b[i + lag] ?? 0;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb || 1);
}

/** A music-like deterministic test signal: a few harmonic notes with envelopes plus a little noise. */
export function musicLike(sampleRate: number, seconds: number, seed = 1): Float32Array {
  const n = Math.round(sampleRate * seconds);
  const out = new Float32Array(n);
  let state = seed >>> 0 || 1;
  const rand = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const noteLength = Math.round(sampleRate * 0.25);
  for (let start = 0; start < n; start += noteLength) {
    const f0 = 110 * 2 ** (Math.floor(rand() * 36) / 12);
    for (let h = 1; h <= 6; h++) {
      const f = f0 * h;
      if (f > sampleRate * 0.45) break;
      const amp = 0.15 / h;
      const w = (2 * Math.PI * f) / sampleRate;
      for (let i = 0; i < noteLength * 2 && start + i < n; i++) {
        const env = Math.exp(-i / (noteLength * 0.6)) * Math.min(1, i / 40);
        out[start + i]! += amp * env * Math.sin(w * i);
      }
    }
  }
  for (let i = 0; i < n; i++) out[i]! += 0.01 * (rand() * 2 - 1);
  return out;
}

/** Whether a and b hold the same samples (bit-exact; much faster than a deep equality on long arrays). */
export function sameSamples(a: Float32Array | undefined, b: Float32Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
