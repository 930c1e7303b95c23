/**
 * In-place iterative radix-2 FFT over Float64Arrays, with the bit-reversal table and twiddles computed once per size.
 * One implementation serves every spectral stage (Chromaprint frames, landmark spectrograms, the watermark).
 */
export class Fft {
  readonly size: number;
  readonly #rev: Uint32Array;
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
      throw new RangeError(`FFT size must be a power of two >= 2, got ${size}`);
    }
    this.size = size;
    const bits = Math.log2(size);
    this.#rev = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >>> b) & 1) << (bits - 1 - b);
      this.#rev[i] = r;
    }
    this.#cos = new Float64Array(size / 2);
    this.#sin = new Float64Array(size / 2);
    for (let i = 0; i < size / 2; i++) {
      this.#cos[i] = Math.cos((2 * Math.PI * i) / size);
      this.#sin[i] = -Math.sin((2 * Math.PI * i) / size);
    }
  }

  /** Forward transform of (re, im) in place: X[k] = sum x[n] e^{-2 pi i k n / N}. */
  transform(re: Float64Array, im: Float64Array): void {
    const n = this.size;
    const rev = this.#rev;
    for (let i = 0; i < n; i++) {
      const j = rev[i]!;
      if (j > i) {
        let t = re[i]!;
        re[i] = re[j]!;
        re[j] = t;
        t = im[i]!;
        im[i] = im[j]!;
        im[j] = t;
      }
    }
    const cos = this.#cos;
    const sin = this.#sin;
    for (let len = 2; len <= n; len <<= 1) {
      const half = len >>> 1;
      const step = n / len;
      for (let start = 0; start < n; start += len) {
        for (let k = 0, t = 0; k < half; k++, t += step) {
          const a = start + k;
          const b = a + half;
          const wr = cos[t]!;
          const wi = sin[t]!;
          const xr = re[b]! * wr - im[b]! * wi;
          const xi = re[b]! * wi + im[b]! * wr;
          re[b] = re[a]! - xr;
          im[b] = im[a]! - xi;
          re[a]! += xr;
          im[a]! += xi;
        }
      }
    }
  }

  /** Inverse transform in place (scaled by 1/N). */
  inverse(re: Float64Array, im: Float64Array): void {
    for (let i = 0; i < this.size; i++) im[i] = -im[i]!;
    this.transform(re, im);
    const s = 1 / this.size;
    for (let i = 0; i < this.size; i++) {
      re[i]! *= s;
      im[i] = -im[i]! * s;
    }
  }

  /**
   * Power spectrum |X[k]|^2 for k = 0..N/2 of a real frame (length N), written to `out` (length N/2 + 1).
   * `scratchIm` is a caller-owned zeroed-per-call buffer of length N to avoid allocation per frame.
   */
  powerSpectrum(frame: Float64Array, scratchIm: Float64Array, out: Float64Array): void {
    scratchIm.fill(0);
    this.transform(frame, scratchIm);
    for (let k = 0; k <= this.size / 2; k++) out[k] = frame[k]! * frame[k]! + scratchIm[k]! * scratchIm[k]!;
  }
}
